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
