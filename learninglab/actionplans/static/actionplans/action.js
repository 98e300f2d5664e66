/*
 * Find an organisation of the directory by typing part of its name: the box above the
 * list of organisations keeps only the names that contain what is typed (ignoring case
 * and diacritics). Without the script the box stays hidden and the list is complete.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.querySelectorAll("input[data-filters]").forEach(function (input) {
    const select = document.getElementById(input.dataset.filters);
    if (!select) {
      return;
    }
    const options = Array.from(select.options);
    input.closest(".directory-search").hidden = false;
    input.addEventListener("input", function () {
      const wanted = fold(input.value.trim());
      const selected = select.value;
      select.replaceChildren(
        ...options.filter(function (option) {
          return !option.value || option.value === selected || fold(option.text).includes(wanted);
        })
      );
      select.value = selected;
    });
  });
})();

/*
 * A title filled from the ideas chosen: while nobody typed in it, the input named by the
 * checkboxes' `data-fills` takes the text of the first idea checked, as the server would.
 */
(function () {
  "use strict";

  const boxes = Array.from(document.querySelectorAll("input[data-fills]"));
  if (!boxes.length) {
    return;
  }
  const title = document.getElementById(boxes[0].dataset.fills);
  if (!title) {
    return;
  }
  let typed = title.value.trim() !== "";
  title.addEventListener("input", function () {
    typed = title.value.trim() !== "";
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      if (typed) {
        return;
      }
      const first = boxes.find(function (other) {
        return other.checked;
      });
      title.value = first ? first.dataset.text.slice(0, title.maxLength > 0 ? title.maxLength : undefined) : "";
    });
  });
})();
