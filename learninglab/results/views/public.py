"""Pages anyone may open: a lab's published results, and the personal feedback survey."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.labs.models import QuestionPurpose
from learninglab.labs.outcomes import outcomes
from learninglab.labs.selectors import lab_questions
from learninglab.results.forms import FeedbackForm
from learninglab.results.selectors.feedback import has_answered, is_attendee, survey_of
from learninglab.results.selectors.results import (
    file_for_download,
    invitation_by_survey_link,
    public_results_lab,
    published_results,
)
from learninglab.results.services.feedback import feedback_record


def results_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = public_results_lab(slug)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        context = {
            "lab": lab,
            "results": published_results(lab),
            "outcomes": outcomes(lab),
            "language": language,
        }
        return render(request, "results/public.html", context)


def public_file_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    lab = public_results_lab(slug)
    result_file = file_for_download(lab, pk, public_only=True)
    return FileResponse(
        result_file.file.open("rb"),
        as_attachment=not result_file.is_photo,
        filename=result_file.original_name,
        content_type=result_file.content_type,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def survey_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """The four questions of the survey and the lab's own, through the personal link,
    without an account."""
    invitation = invitation_by_survey_link(public_id, token)
    if invitation is None:
        return render(request, "results/survey_link_invalid.html", status=404)
    lab = invitation.lab
    language = languages.chosen_language(request, invitation.written_language)
    with translation.override(language):
        questions = lab_questions(lab, purpose=QuestionPurpose.FEEDBACK)
        form = FeedbackForm(posted(request), questions=questions, language=language)
        if request.method == "POST" and form.is_valid():
            try:
                feedback_record(invitation=invitation, data=form.feedback_data())
            except DomainError as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    pgettext(
                        "stakeholder", "Thank you! Your answers are recorded, without your name."
                    ),
                )
            return redirect(request.get_full_path())
        context = {
            "lab": lab,
            "form": form,
            "answered": has_answered(invitation),
            "survey": survey_of(lab),
            "is_attendee": is_attendee(invitation),
            "language": language,
        }
        return render(request, "results/survey.html", context)
