"""Forms of the staff page that builds a lab's questions. They clean input; services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learninglab.core.multilingual import Multilingual, form_field
from learninglab.labs.models import Question, QuestionKind
from learninglab.labs.services.question import ChoiceData, QuestionData

# Empty lines offered for new choices each time the page is shown.
NEW_CHOICES = 3


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    is_required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args: Any, languages: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = form_field(Question, "text", languages=languages, label=_("Question"))
        self.fields["help_text"] = form_field(
            Question,
            "help_text",
            languages=languages,
            label=_("Help text"),
            help_text=_("Shown under the question, for example what to write."),
        )
        self.order_fields(["text", "help_text", "kind", "is_required"])

    @classmethod
    def initial_from(cls, question: Question | None) -> dict[str, Any] | None:
        if question is None:
            return {"kind": QuestionKind.SHORT_TEXT}
        return {
            "kind": question.kind,
            "is_required": question.is_required,
            "text": question.text,
            "help_text": question.help_text,
        }


class ChoiceForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    remove = forms.BooleanField(label=_("Remove this choice"), required=False)

    def __init__(self, *args: Any, languages: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = form_field(
            Question, "text", languages=languages, label=_("Choice"), required=False
        )
        self.order_fields(["key", "text", "remove"])


class BaseChoiceFormSet(forms.BaseFormSet):
    def choices(self) -> list[ChoiceData]:
        return [
            ChoiceData(
                key=form.cleaned_data.get("key") or "",
                text=form.cleaned_data.get("text") or Multilingual(),
                remove=bool(form.cleaned_data.get("remove")),
            )
            for form in self.forms
            if form.cleaned_data
        ]


ChoiceFormSet = forms.formset_factory(ChoiceForm, formset=BaseChoiceFormSet, extra=NEW_CHOICES)


def choice_formset(data: Any, *, question: Question | None, languages: Sequence[str]) -> Any:
    """Return the choices of ``question`` (archived ones too) and empty lines for new ones."""
    initial = [
        {"key": choice.key, "text": choice.text, "remove": choice.is_archived}
        for choice in (question.options if question is not None else [])
    ]
    return ChoiceFormSet(
        data, prefix="choices", initial=initial, form_kwargs={"languages": languages}
    )


def question_data(form: QuestionForm, choices: Any) -> QuestionData:
    return QuestionData(
        kind=form.cleaned_data["kind"],
        text=form.cleaned_data["text"],
        help_text=form.cleaned_data["help_text"],
        is_required=form.cleaned_data["is_required"],
        choices=choices.choices(),
    )
