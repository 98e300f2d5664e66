/*
 * A lab's answers page: on a narrow screen, a row's "Record" link opens the person's
 * answer form as a page of its own.
 *
 * Loaded into the row, the form would sit in the table's last column, squeezed beside
 * columns scrolled out of sight (the person's name among them). On a wide screen the
 * form comes into the row as the link's htmx attributes say; without this script, or
 * without scripts at all, the link works either way.
 */
(function () {
  "use strict";

  const narrow = window.matchMedia("(max-width: 767px)");

  document.addEventListener("htmx:confirm", function (event) {
    const link = event.detail.elt;
    if (!narrow.matches || !link.matches("a[data-answer-record]")) {
      return;
    }
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
