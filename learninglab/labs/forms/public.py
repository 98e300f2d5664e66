"""Forms of the public lab pages and of the RSVP page."""

from __future__ import annotations

import functools

from django import forms
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import pgettext_lazy

from learninglab.labs.services.answer import NOTE_MAX_LENGTH, Answer


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Your answer"),
        choices=[
            (Answer.ATTEND.value, pgettext_lazy("stakeholder", "I will attend")),
            (Answer.DECLINE.value, pgettext_lazy("stakeholder", "I cannot attend")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("stakeholder", "Note for the organisers (optional)"),
        help_text=pgettext_lazy("stakeholder", "For example access needs or dietary requirements."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ColleagueForm(forms.Form):
    first_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "Colleague's first name"), max_length=100
    )
    last_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "Colleague's last name"), max_length=100
    )
    email = forms.EmailField(label=pgettext_lazy("stakeholder", "Colleague's e-mail"))
    note = forms.CharField(
        label=pgettext_lazy("stakeholder", "Note for the organisers (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@functools.cache
def colleague_form_blank(language: str) -> SafeString:
    """Return the empty colleague form's fields as HTML in ``language``.

    The personal page always shows it empty (a refused colleague comes back as a message),
    so it is the same for every invitation: it is drawn once per language and process.
    Its ids start with ``colleague-`` so that its note's label is not the answer's.
    """
    with translation.override(language):
        return ColleagueForm(auto_id="colleague-%s").render()
