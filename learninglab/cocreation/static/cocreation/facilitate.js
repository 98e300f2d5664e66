/*
 * The facilitator's page updates its parts by themselves (the questions and their counts,
 * the moderation queue, the ideas by theme, the merge form and the hidden ideas): each
 * asks for itself again every two seconds (htmx), and live.js skips an unchanged answer.
 *
 * A part the facilitator is working in waits: while the focus is in it, or one of its
 * fields was changed and not sent (a theme being renamed, a duplicate being chosen), it
 * is not asked for again, so that nothing typed or chosen is lost. It catches up on the
 * next round after the facilitator leaves it. Without this script the page still works:
 * every form is an ordinary form, and reloading the page shows what is new.
 */
(function () {
  "use strict";

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.from(field.options).some((option) => option.selected !== option.defaultSelected);
    }
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
      return false;
    }
    return field.value !== field.defaultValue;
  }

  function inUse(part) {
    const focused = document.activeElement;
    if (focused && focused !== document.body && part.contains(focused)) {
      return true;
    }
    return Array.from(part.querySelectorAll("input, select, textarea")).some(changed);
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const part = event.detail.elt;
    if (part && part.hasAttribute("data-keep-while-editing") && inUse(part)) {
      event.preventDefault();
    }
  });
})();
