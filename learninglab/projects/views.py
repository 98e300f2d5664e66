"""What the other apps' pages share about partners; the project's settings (its logos)
and the logos themselves."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.core.errors import DomainError
from learninglab.core.permissions import permission_required
from learninglab.projects.forms import LogoForm, PartnerChoiceForm
from learninglab.projects.logos import max_bytes
from learninglab.projects.models import Logo, LogoKind, Partner, Project
from learninglab.projects.selectors import (
    logo_by_name,
    partners_for,
    project_for_settings,
    projects_with_logos,
)
from learninglab.projects.services import logo_remove, logo_replace


def partner_chosen(
    request: HttpRequest,
    *,
    label: str | Promise,
    title: str | Promise,
    back: tuple[str, str | Promise] | None = None,
) -> Partner | HttpResponse:
    """Return the partner a new thing is for, or the page on which staff choose it.

    Staff who work for one partner get theirs; the others choose in ``?partner=`` among
    the partners they may work for, on a page titled ``title`` with a field labelled
    ``label`` and, if ``back`` (address, name) is given, a breadcrumb back to it.
    """
    partners = partners_for(request.user)
    chooser = PartnerChoiceForm(request.GET or None, partners=partners, label=str(label))
    if partners.count() == 1:
        return partners.get()
    if chooser.is_valid():
        return chooser.cleaned_data["partner"]
    context = {"form": chooser, "title": title, "back": back}
    return render(request, "projects/choose_partner.html", context)


def _settings_page(
    request: HttpRequest, *, failed: tuple[int, str, LogoForm] | None = None
) -> HttpResponse:
    """Render the settings page; ``failed`` is (project, kind, form) of a refused upload."""
    projects = []
    for project in projects_with_logos():
        logos = {logo.kind: logo for logo in project.logos.all()}
        rows = []
        for kind, label in LogoKind.choices:
            form = LogoForm(kind=kind)
            if failed and failed[0] == project.pk and failed[1] == kind:
                form = failed[2]
            rows.append({"kind": kind, "label": label, "logo": logos.get(kind), "form": form})
        projects.append({"project": project, "logos": rows})
    context = {"projects": projects, "limit": max_bytes()}
    return render(request, "projects/settings.html", context, status=400 if failed else 200)


@require_http_methods(["GET", "HEAD"])
@permission_required("projects.change")
def settings_view(request: HttpRequest) -> HttpResponse:
    """The project's settings: the project's and the programme's logos."""
    return _settings_page(request)


def _logo_kind(kind: str) -> str:
    if kind not in LogoKind.values:
        raise Http404
    return kind


def _project(pk: int) -> Project:
    try:
        return project_for_settings(pk)
    except Project.DoesNotExist:
        raise Http404 from None


@require_POST
@permission_required("projects.change")
def logo_upload_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    project, kind = _project(pk), _logo_kind(kind)
    form = LogoForm(request.POST, request.FILES, kind=kind)
    if form.is_valid():
        try:
            logo_replace(
                actor=request.user, project=project, kind=kind, upload=form.cleaned_data["image"]
            )
        except DomainError as error:
            form.add_error("image", str(error))
        else:
            messages.success(request, _("The logo was saved."))
            return redirect("projects:settings")
    return _settings_page(request, failed=(project.pk, kind, form))


@require_POST
@permission_required("projects.change")
def logo_remove_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    project, kind = _project(pk), _logo_kind(kind)
    if logo_remove(actor=request.user, project=project, kind=kind):
        messages.success(request, _("The logo was removed."))
    return redirect("projects:settings")


# An SVG is shown as an image, never as a page: even opened on its own, nothing in it may
# run or load (it was checked on upload; this is the second lock).
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_http_methods(["GET", "HEAD"])
def logo_view(request: HttpRequest, name: str) -> FileResponse:
    """Serve a logo, for the pages for stakeholders; its name changes with every upload,
    so it may be kept by browsers for long."""
    try:
        logo = logo_by_name(name)
    except Logo.DoesNotExist:
        raise Http404 from None
    response = FileResponse(logo.image.open("rb"), content_type=logo.content_type)
    response["Content-Security-Policy"] = LOGO_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
