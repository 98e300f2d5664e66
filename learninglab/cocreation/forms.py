"""Forms of the live wall. They clean input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.cocreation.models import (
    DISPLAY_NAME_MAX_LENGTH,
    IDEA_MAX_LENGTH,
    JOIN_CODE_LENGTH,
    MAX_VOTE_BUDGET,
    Idea,
    LiveSession,
    Prompt,
    Theme,
)
from learninglab.cocreation.services.theme import THEME_NAME_MAX_LENGTH
from learninglab.core.multilingual import Multilingual, form_field

# -- participants ----------------------------------------------------------------------------


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("stakeholder", "Code shown on the screen"),
        max_length=JOIN_CODE_LENGTH + 4,  # room for the spaces or dashes people type
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "Your name (optional)"),
        help_text=pgettext_lazy(
            "stakeholder", "Shown next to your ideas. Leave empty to take part anonymously."
        ),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    language = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Language"), choices=settings.STAKEHOLDER_LANGUAGES
    )


class IdeaForm(forms.Form):
    prompt = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=pgettext_lazy("stakeholder", "Your idea"),
        max_length=IDEA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": IDEA_MAX_LENGTH}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = pgettext_lazy(
            "stakeholder", "At most %(max)s characters."
        ) % {"max": IDEA_MAX_LENGTH}


# -- the facilitator -----------------------------------------------------------------------


class SessionForm(forms.Form):
    is_moderated = forms.BooleanField(
        label=_("Approve ideas before they are shown"), required=False
    )
    vote_budget = forms.IntegerField(
        label=_("Votes per person and question"), min_value=1, max_value=MAX_VOTE_BUDGET
    )
    allow_stacking = forms.BooleanField(
        label=_("A person may give several votes to one idea"), required=False
    )

    @classmethod
    def initial_from(cls, session: LiveSession) -> dict[str, Any]:
        return {
            "is_moderated": session.is_moderated,
            "vote_budget": session.vote_budget,
            "allow_stacking": session.allow_stacking,
        }


class PromptForm(forms.Form):
    """The question, in the languages of the lab's partner and English (``text_ro``,
    ``text_en``)."""

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = form_field(
            Prompt, "text", label=_("Question"), languages=languages, required=False
        )

    def texts(self) -> Multilingual:
        return self.cleaned_data["text"]


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Topic"), max_length=THEME_NAME_MAX_LENGTH)


class ThemeChoiceForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Topic"), queryset=Theme.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    idea = forms.ModelChoiceField(label=_("Duplicate"), queryset=Idea.objects.none())
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Idea.objects.none())

    def __init__(self, *args: Any, ideas: QuerySet[Idea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("idea", "into"):
            self.fields[name].queryset = ideas  # type: ignore[attr-defined]
