"""The download of every good practice the user may open, as one table."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from learninglab.core.permissions import permission_required
from learninglab.core.spreadsheets import CONTENT_TYPES
from learninglab.practices.exports import FORMATS, practices_file, practices_filename
from learninglab.practices.selectors import exported, visible_to


@permission_required("practices.view")
def practices_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every practice the user may open (the published ones, their partner's in any
    status; all for the coordinator), one row each with its status."""
    if fmt not in FORMATS:
        raise Http404
    content = practices_file(exported(visible_to(request.user)), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{practices_filename()}.{fmt}"'
    return response
