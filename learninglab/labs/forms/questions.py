"""A lab's questions as the fields of a form, in one language; and the answers they clean to.

The registration form of an open lab, the personal RSVP page and the feedback survey all
ask the lab's questions through ``question_fields``; what a person typed or picked becomes
the value a ``QuestionAnswer`` keeps through ``answers_cleaned``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from learninglab.labs.models import Question, QuestionKind

SHORT_TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 2000
_YES, _NO = "yes", "no"


def field_name(question: Question) -> str:
    """Return the name of the question's field in a form: ``question_<pk>``."""
    return f"question_{question.pk}"


def _field(question: Question, language: str) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text.in_(language),
        "help_text": question.help_text.in_(language),
        "required": question.is_required,
    }
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX_LENGTH, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), **common
        )
    if kind in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES):
        choices = [(choice.key, choice.text.in_(language)) for choice in question.offered]
        if kind == QuestionKind.ONE_CHOICE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.YES_NO:
        yes_no = [
            (_YES, pgettext_lazy("stakeholder", "Yes")),
            (_NO, pgettext_lazy("stakeholder", "No")),
        ]
        return forms.ChoiceField(choices=yes_no, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.NUMBER:
        return forms.DecimalField(
            max_digits=15,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    if kind == QuestionKind.DATE:
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return forms.DateField(widget=widget, **common)
    raise ValueError(f"Unknown kind of question: {kind}")


def question_fields(questions: Iterable[Question], *, language: str) -> dict[str, forms.Field]:
    """Return a form field per question, in their order, labelled in ``language``.

    Each validates what its kind takes (a number, a date, one of the choices offered),
    asks for an answer when the question requires one, and carries the help text.
    """
    return {field_name(question): _field(question, language) for question in questions}


def _value(question: Question, cleaned: Any) -> Any:
    """Return the cleaned input as an answer keeps it, or None for no answer."""
    if cleaned in (None, "", []):
        return None
    if question.kind == QuestionKind.YES_NO:
        return cleaned == _YES
    if question.kind == QuestionKind.NUMBER:
        return format(decimal.Decimal(cleaned).normalize(), "f")
    if question.kind == QuestionKind.DATE:
        return cleaned.isoformat()
    if question.kind == QuestionKind.SEVERAL_CHOICES:
        return list(cleaned)
    return cleaned.strip() if isinstance(cleaned, str) else cleaned


def answers_cleaned(
    questions: Iterable[Question], cleaned_data: Mapping[str, Any]
) -> dict[int, Any]:
    """Return question pk → the answer to keep (None: no answer), from a valid form."""
    return {
        question.pk: _value(question, cleaned_data.get(field_name(question)))
        for question in questions
    }


def answers_initial(questions: Iterable[Question], stored: Mapping[int, Any]) -> dict[str, Any]:
    """Return the form's initial data from the answers kept (question pk → value)."""
    initial: dict[str, Any] = {}
    for question in questions:
        value = stored.get(question.pk)
        if value is None:
            continue
        if question.kind == QuestionKind.YES_NO:
            value = _YES if value is True else _NO
        elif question.kind == QuestionKind.DATE:
            value = datetime.date.fromisoformat(value)
        initial[field_name(question)] = value
    return initial


class QuestionsForm(forms.Form):
    """A form of the given questions alone (the personal page's, the survey preview's)."""

    def __init__(
        self, *args: Any, questions: Iterable[Question], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields.update(question_fields(self.questions, language=language))

    def answers(self) -> dict[int, Any]:
        return answers_cleaned(self.questions, self.cleaned_data)
