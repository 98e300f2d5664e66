/*
 * Character counters under the inputs of a good practice that have a limit.
 *
 * An input with `data-limit` (and `maxlength`, which the browser enforces) gets a line
 * under it, "123 of 1000 characters", updated while typing and read out with the input
 * (`aria-describedby`). Screen readers hear the count once the typing pauses, through
 * one polite live region, rather than at every key. The texts come from this script's
 * `data-text` and `data-full`, translated by the page. Without the script the limits
 * still hold: the browser stops at `maxlength` and the server checks again.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const announcer = document.getElementById("counter-announcer");
  if (!script || !announcer) {
    return;
  }
  const PAUSE_MS = 1000;
  let pause = null;

  function fill(template, count, limit) {
    return template.split("%(count)s").join(String(count)).split("%(limit)s").join(String(limit));
  }

  function attach(input) {
    const limit = parseInt(input.dataset.limit, 10);
    if (!limit || !input.id) {
      return;
    }
    const counter = document.createElement("small");
    counter.className = "counter";
    counter.id = input.id + "_counter";
    input.insertAdjacentElement("afterend", counter);
    const described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);

    function message() {
      const count = input.value.length;
      return count >= limit ? fill(script.dataset.full, count, limit) : fill(script.dataset.text, count, limit);
    }

    function update() {
      counter.textContent = message();
      counter.classList.toggle("counter-full", input.value.length >= limit);
    }

    update();
    input.addEventListener("input", function () {
      update();
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        announcer.textContent = message();
      }, PAUSE_MS);
    });
  }

  document.querySelectorAll("input[data-limit], textarea[data-limit]").forEach(attach);
})();
