"""Staff pages of a lab's results: minutes, files and photos, publishing, feedback reports.

Every view is guarded by ``core.permissions`` and fetches its lab through
``lab_for_results``: another partner's lab is a 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.core.uploads import max_bytes
from learninglab.labs.models import Lab, QuestionPurpose
from learninglab.labs.selectors import lab_questions
from learninglab.results.forms import DocumentForm, FeedbackForm, MinutesForm, PhotosForm
from learninglab.results.models import ResultFile
from learninglab.results.selectors.feedback import survey_of
from learninglab.results.selectors.ideas import practices_related_to_ideas
from learninglab.results.selectors.indicators import (
    capacity_by_lab,
    capacity_by_partner,
    lab_feedback,
    min_respondents,
    practices_identified,
    questions_summary,
)
from learninglab.results.selectors.results import (
    file_for_download,
    lab_files,
    lab_for_results,
    lab_results,
    minutes_of,
    photo_consents,
)
from learninglab.results.services.file import file_attach, file_delete, photos_attach
from learninglab.results.services.minutes import minutes_save, results_publish, results_withdraw


@permission_required("results.edit")
def results_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for_results(request.user, slug)
    results = lab_results(lab)
    context = {
        "lab": lab,
        "results": results,
        "related": practices_related_to_ideas(results.session),
    }
    return render(request, "results/staff_results.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("results.edit")
def minutes_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for_results(request.user, slug)
    form = MinutesForm(posted(request), lab=lab, minutes=minutes_of(lab))
    if request.method == "POST" and form.is_valid():
        try:
            minutes_save(
                actor=request.user,
                lab=lab,
                summary=form.texts("summary"),
                decisions=form.texts("decisions"),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("results:staff", lab.slug)
    return render(request, "results/staff_minutes.html", {"lab": lab, "form": form})


def _files_page(
    request: HttpRequest, lab: Lab, *, document_form: DocumentForm, photos_form: PhotosForm
) -> HttpResponse:
    context = {
        "lab": lab,
        "document_form": document_form,
        "photos_form": photos_form,
        "consents": photo_consents(lab),
        "files": lab_files(lab),
        "document_limit": max_bytes("document"),
        "photo_limit": max_bytes("photo"),
    }
    return render(request, "results/staff_files.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("results.edit")
def files_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the files, the photo consents and both upload forms; POST attaches a file."""
    lab = lab_for_results(request.user, slug)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            file_attach(
                actor=request.user,
                lab=lab,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                is_public=form.cleaned_data["is_public"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The file was added."))
            return redirect("results:files", lab.slug)
    return _files_page(request, lab, document_form=form, photos_form=PhotosForm())


@require_POST
@permission_required("results.edit")
def photos_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for_results(request.user, slug)
    form = PhotosForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photos = photos_attach(
                actor=request.user,
                lab=lab,
                uploads=form.cleaned_data["photos"],
                consent_confirmed=form.cleaned_data["consent_confirmed"],
                is_public=form.cleaned_data["is_public"],
            )
        except DomainError as error:
            form.add_error("photos", str(error))
        else:
            text = ngettext(
                "%(count)s photo was added.", "%(count)s photos were added.", len(photos)
            )
            messages.success(request, text % {"count": len(photos)})
            return redirect("results:files", lab.slug)
    return _files_page(request, lab, document_form=DocumentForm(), photos_form=form)


def _file_response(result_file: ResultFile) -> FileResponse:
    return FileResponse(
        result_file.file.open("rb"),
        as_attachment=not result_file.is_photo,
        filename=result_file.original_name,
        content_type=result_file.content_type,
    )


@permission_required("results.edit")
def file_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    lab = lab_for_results(request.user, slug)
    return _file_response(file_for_download(lab, pk, public_only=False))


@require_POST
@permission_required("results.edit")
def file_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = lab_for_results(request.user, slug)
    result_file = file_for_download(lab, pk, public_only=False)
    file_delete(actor=request.user, result_file=result_file)
    messages.success(request, _("%(name)s was removed.") % {"name": result_file})
    return redirect("results:files", lab.slug)


def _publishing(request: HttpRequest, slug: str, *, publish: bool) -> HttpResponse:
    lab = lab_for_results(request.user, slug)
    change = results_publish if publish else results_withdraw
    try:
        change(actor=request.user, lab=lab)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        done = (
            _("The results are published on the lab's public page and the next lab's page.")
            if publish
            else _("The results are no longer public.")
        )
        messages.success(request, done)
    return redirect("results:staff", lab.slug)


@require_POST
@permission_required("results.edit")
def publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _publishing(request, slug, publish=True)


@require_POST
@permission_required("results.edit")
def withdraw_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _publishing(request, slug, publish=False)


@permission_required("results.feedback.view")
def feedback_report_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the lab's survey in aggregate: counts, means, distributions, unnamed texts."""
    lab = lab_for_results(request.user, slug, permission="results.feedback.view")
    context = {"lab": lab, "feedback": lab_feedback(lab), "questions": questions_summary(lab)}
    return render(request, "results/staff_feedback.html", context)


@require_http_methods(["GET", "HEAD"])
@permission_required("results.feedback.view")
def survey_preview_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the survey as attendees see it, in the lab's language unless ``?lang=``;
    nothing can be sent from it."""
    lab = lab_for_results(request.user, slug, permission="results.feedback.view")
    language = languages.chosen_language(request, lab.partner.main_language)
    with translation.override(language):
        context = {
            "lab": lab,
            "form": FeedbackForm(
                questions=lab_questions(lab, purpose=QuestionPurpose.FEEDBACK), language=language
            ),
            "survey": survey_of(lab),
            "is_attendee": True,
            "preview": True,
            "language": language,
        }
        return render(request, "results/survey.html", context)


@permission_required("results.feedback.view")
def capacity_view(request: HttpRequest) -> HttpResponse:
    """Show the project's indicators: professional capacity per partner and per lab, and
    the good practices identified and validated per partner and project."""
    context = {
        "partners": capacity_by_partner(request.user),
        "labs": capacity_by_lab(request.user),
        "shown_from": min_respondents(),
        "practices": practices_identified(request.user),
    }
    return render(request, "results/staff_capacity.html", context)
