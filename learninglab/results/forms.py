"""Forms of the results pages and of the feedback survey. They clean input; services decide.

The minutes are written in several languages like the lab's own texts: the partner's
languages plus English (inputs ``summary_ro``, ``summary_en``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.multilingual import Multilingual, form_field
from learninglab.core.uploads import accepted_extensions
from learninglab.labs.forms.questions import answers_cleaned, question_fields
from learninglab.labs.forms.staff import lab_languages
from learninglab.labs.models import Lab, Question
from learninglab.results.models import FileKind, Minutes
from learninglab.results.services.feedback import TEXT_MAX_LENGTH, FeedbackData

# The texts of the minutes, with their labels and the rows of their text areas.
MINUTES_FIELDS = {"summary": (_("Summary"), 8), "decisions": (_("Decisions"), 5)}


class MinutesForm(forms.Form):
    """The summary and the decisions of a lab, in the partner's languages and English."""

    def __init__(self, *args: Any, lab: Lab, minutes: Minutes | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = lab_languages(lab.partner)
        for name, (label, rows) in MINUTES_FIELDS.items():
            self.fields[name] = form_field(
                Minutes,
                name,
                label=label,
                languages=languages,
                rows=rows,
                required=False,
                initial=getattr(minutes, name) if minutes else None,
            )

    def texts(self, name: str) -> Multilingual:
        """Return the cleaned ``name`` texts, in the languages that have one."""
        return self.cleaned_data[name]


class DocumentForm(forms.Form):
    """A presentation or document to attach (ids ``document_*``: the photos form shares
    its page)."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions(FileKind.DOCUMENT)}),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("Show it with the published results"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document_%s")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once and cleans each of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class PhotosForm(forms.Form):
    """Photos to add, with the required confirmation that they respect photo consent."""

    photos = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": accepted_extensions(FileKind.PHOTO)}),
    )
    is_public = forms.BooleanField(
        label=_("Show them with the published results"), required=False, initial=True
    )
    consent_confirmed = forms.BooleanField(
        label=_(
            "I confirm that these photos show only people who gave their consent to photos "
            "(the first list above), or nobody who can be recognised."
        ),
        required=True,
        error_messages={
            "required": _("Confirm that the photos show only people who consented to photos.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "photos_%s")
        super().__init__(*args, **kwargs)


SCALE_CHOICES = [
    (1, pgettext_lazy("stakeholder", "1 — not at all")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, pgettext_lazy("stakeholder", "5 — very much")),
]
AGREE_CHOICES = [
    (1, pgettext_lazy("stakeholder", "1 — strongly disagree")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, pgettext_lazy("stakeholder", "5 — strongly agree")),
]


class FeedbackForm(forms.Form):
    """The four questions of the survey, then the lab's own; the two scores are required."""

    usefulness = forms.TypedChoiceField(
        label=pgettext_lazy("stakeholder", "How useful was the lab for you?"),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": pgettext_lazy("stakeholder", "Choose a score from 1 to 5.")},
    )
    will_apply = forms.CharField(
        label=pgettext_lazy("stakeholder", "What will you apply in your work?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    learned_usable = forms.TypedChoiceField(
        label=pgettext_lazy("stakeholder", "“I learned something I can use in my work.”"),
        choices=AGREE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": pgettext_lazy("stakeholder", "Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=pgettext_lazy("stakeholder", "Anything else you would like to tell us? (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, questions: Sequence[Question] = (), language: str = "en", **kwargs: Any
    ) -> None:
        """The lab's own feedback ``questions`` come after the four, in ``language``."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields.update(question_fields(self.questions, language=language))

    def feedback_data(self) -> FeedbackData:
        standard = {name: self.cleaned_data[name] for name in FeedbackForm.base_fields}
        return FeedbackData(**standard, answers=answers_cleaned(self.questions, self.cleaned_data))
