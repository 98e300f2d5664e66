"""Forms of the public lab pages and of the RSVP page."""

from __future__ import annotations

from django import forms
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
