// The live wall's pages ask for their fragment every few seconds. The browser answers an
// unchanged one from its cache (the server said "304 Not Modified"); swapping it in would
// only redraw the same thing, so it is skipped when its ETag is the one already shown.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  var etag = event.detail.xhr && event.detail.xhr.getResponseHeader("ETag");
  if (etag && target && target.getAttribute("data-etag") === etag) {
    event.detail.shouldSwap = false;
  }
});

// A button marked data-remove-after-request (the phone's "Show new ideas") has done its
// work once its request is answered: it goes away. (Not an hx-on attribute: under the
// site's Content-Security-Policy htmx may not evaluate code written in attributes.)
document.addEventListener("htmx:afterRequest", function (event) {
  var source = event.detail.elt;
  if (source && source.hasAttribute("data-remove-after-request") && source.isConnected) {
    source.remove();
  }
});
