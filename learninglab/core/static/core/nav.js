/*
 * The site's menu on a narrow screen: folded behind a "Menu" button, so that the page
 * itself starts on the first screen of a phone.
 *
 * Run as soon as the header is read (not deferred), so the menu never flashes open.
 * Without this script the button stays hidden and every link is shown, as on a wide
 * screen. The button says whether the menu is open (aria-expanded); Escape closes it
 * and gives the focus back to the button.
 */
(function () {
  "use strict";

  const button = document.querySelector("header .menu-toggle");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  const narrow = window.matchMedia("(max-width: 767px)");

  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-folded", !open);
  }

  function fit() {
    // On a wide screen the menu is always shown and the button is not needed.
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }

  button.addEventListener("click", () => {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && narrow.matches) {
      show(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", fit);
  fit();
})();
