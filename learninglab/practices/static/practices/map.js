/*
 * The map of good practices (practices/includes/map.html): each place says how many
 * rings of pins it has (data-rings), each pin where it stands in them (data-dx, data-dy).
 * They become CSS custom properties here, so that map.css sizes the rings for the width
 * the map is drawn at. (Not style attributes: the site's Content-Security-Policy refuses
 * inline styles, while properties set from a script are allowed.)
 */
(function () {
  "use strict";

  document.querySelectorAll(".practice-map").forEach(function (map) {
    map.querySelectorAll("[data-rings]").forEach(function (place) {
      place.style.setProperty("--rings", place.dataset.rings);
    });
    map.querySelectorAll("[data-dx]").forEach(function (pin) {
      pin.style.setProperty("--dx", pin.dataset.dx);
      pin.style.setProperty("--dy", pin.dataset.dy);
    });
    map.classList.add("scaled");
  });
})();
