/*
 * The invite page: keep "What the button sends" in step with the ticked boxes.
 *
 * Without this script the counts are those of the boxes as the page ticks them; the
 * sending itself never depends on it.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-sending]");
  if (!form) {
    return;
  }

  function shown(name) {
    const cell = document.querySelector(`[data-count="${name}"]`);
    return cell ? Number(cell.textContent) : 0;
  }

  function show(name, value) {
    const cell = document.querySelector(`[data-count="${name}"]`);
    if (cell) {
      cell.textContent = String(value);
    }
  }

  function ticked(name) {
    return form.querySelectorAll(`input[name="${name}"]:checked`).length;
  }

  const unsent = shown("unsent");

  function recount() {
    const invite = ticked("people");
    const remind = ticked("remind");
    show("invite", invite);
    show("remind", remind);
    show("total", invite + unsent + remind);
  }

  form.addEventListener("change", recount);
  recount();
})();
