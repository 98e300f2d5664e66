"""Staff pages that build a lab's questions, for registration and for the feedback survey."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.labs import selectors
from learninglab.labs.forms.question_builder import QuestionForm, choice_formset, question_data
from learninglab.labs.forms.staff import lab_languages
from learninglab.labs.models import Lab, Question, QuestionPurpose
from learninglab.labs.services.question import (
    question_add_standard,
    question_delete,
    question_move,
    question_restore,
    question_save,
)
from learninglab.labs.standard_questions import STANDARD_QUESTIONS

PERMISSION = "labs.change"


def _questions_url(lab: Lab, question: Question | None = None) -> str:
    url = reverse("labs:questions", args=[lab.slug])
    return f"{url}#question-{question.pk}" if question is not None and question.pk else url


@require_http_methods(["GET", "HEAD"])
@permission_required(PERMISSION)
def questions_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    purposes = [
        {
            "purpose": purpose,
            "questions": selectors.lab_questions(lab, purpose=purpose, asked_only=False),
        }
        for purpose in (QuestionPurpose.REGISTRATION, QuestionPurpose.FEEDBACK)
    ]
    context = {"lab": lab, "purposes": purposes, "standard": STANDARD_QUESTIONS.values()}
    return render(request, "labs/staff_questions.html", context)


def _lab(request: HttpRequest, slug: str) -> Lab:
    return selectors.lab_get(request.user, slug, permission=PERMISSION)


def _form_page(
    request: HttpRequest, lab: Lab, *, purpose: str, question: Question | None
) -> HttpResponse:
    """Show the question's form; on POST, save it and go back to the lab's questions."""
    languages = lab_languages(lab.partner)
    form = QuestionForm(
        posted(request), languages=languages, initial=QuestionForm.initial_from(question)
    )
    choices = choice_formset(posted(request), question=question, languages=languages)
    if request.method == "POST" and form.is_valid() and choices.is_valid():
        try:
            saved = question_save(
                actor=request.user,
                lab=lab,
                purpose=purpose,
                question=question,
                data=question_data(form, choices),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The question was saved."))
            return redirect(_questions_url(lab, saved))
    context: dict[str, Any] = {
        "lab": lab,
        "form": form,
        "choices": choices,
        "question": question,
        "purpose": QuestionPurpose(purpose),
        "is_answered": question is not None
        and (question.answers.exists() or question.feedback_answers.exists()),
    }
    return render(request, "labs/staff_question_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(PERMISSION)
def question_create_view(request: HttpRequest, slug: str, purpose: str) -> HttpResponse:
    lab = _lab(request, slug)
    if purpose not in QuestionPurpose.values:
        raise Http404
    return _form_page(request, lab, purpose=purpose, question=None)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(PERMISSION)
def question_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    question = selectors.question_get(lab, pk)
    return _form_page(request, lab, purpose=question.purpose, question=question)


@require_POST
@permission_required(PERMISSION)
def question_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    question = selectors.question_get(lab, pk)
    question_move(actor=request.user, question=question, up=request.POST.get("to") == "up")
    return redirect(_questions_url(lab, question))


@require_POST
@permission_required(PERMISSION)
def question_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    question = selectors.question_get(lab, pk)
    if question_delete(actor=request.user, question=question):
        messages.success(request, _("The question was deleted."))
        return redirect(_questions_url(lab))
    messages.success(
        request,
        _("People have answered this question: it is no longer asked, and their answers stay."),
    )
    return redirect(_questions_url(lab, question))


@require_POST
@permission_required(PERMISSION)
def question_restore_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    question = question_restore(actor=request.user, question=selectors.question_get(lab, pk))
    messages.success(request, _("The question is asked again."))
    return redirect(_questions_url(lab, question))


@require_POST
@permission_required(PERMISSION)
def question_standard_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    try:
        question = question_add_standard(
            actor=request.user,
            lab=lab,
            purpose=request.POST.get("purpose", ""),
            key=request.POST.get("key", ""),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_questions_url(lab))
    messages.success(request, _("The question was added. You may change its texts."))
    return redirect(_questions_url(lab, question))
