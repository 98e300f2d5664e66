"""The OpenAPI document and Swagger UI, served from the site's own static files."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Schema(SpectacularAPIView):
    """The OpenAPI 3 document: YAML, or JSON with ``?format=json``."""


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI: its page, then its start-up script from a second request, so that the
    site's Content-Security-Policy (no inline script, no inline style) holds."""

    url_name = "api:schema"
    template_name = "api/docs.html"
