"""The form that writes a message to a segment of a lab's people."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from learninglab.core.multilingual import Multilingual, form_field, language_name
from learninglab.labs.emails import template_errors
from learninglab.labs.forms.staff import lab_languages, placeholders_listed
from learninglab.labs.models import Lab, LabMessage
from learninglab.labs.selectors import SegmentCount
from learninglab.labs.services.message import MessageData


def segment_label(count: SegmentCount) -> str:
    """Return a segment's choice as staff read it: its name, and whom it reaches."""
    reached = ngettext("%(count)s person", "%(count)s people", count.reachable) % {
        "count": count.reachable
    }
    label = f"{count.label} — {reached}"
    if count.unreachable:
        label += " " + ngettext(
            "(and %(count)s who may not be written to)",
            "(and %(count)s who may not be written to)",
            count.unreachable,
        ) % {"count": count.unreachable}
    return label


class LabMessageForm(forms.Form):
    """To whom, and the subject and text in every language of the lab.

    ``token`` is drawn when the form is first shown: it makes sending it twice send once.
    ``expected`` and ``previewed`` carry what the preview showed (how many recipients, a
    digest of the texts), so that nothing other than what staff saw is sent.
    """

    segment = forms.ChoiceField(label=_("To"), widget=forms.RadioSelect)
    token = forms.UUIDField(widget=forms.HiddenInput)
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    previewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, lab: Lab, counts: list[SegmentCount], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"token": uuid.uuid4(), "segment": "attending"})
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.languages = lab_languages(lab.partner)
        self.counts = {count.segment: count for count in counts}
        segment = self.fields["segment"]
        assert isinstance(segment, forms.ChoiceField)
        segment.choices = [(count.segment, segment_label(count)) for count in counts]
        self.fields["subject"] = form_field(
            LabMessage, "subject", label=_("Subject"), languages=self.languages
        )
        self.fields["body"] = form_field(
            LabMessage,
            "body",
            label=_("Text"),
            languages=self.languages,
            rows=10,
            help_text=_(
                "Each person receives it in their language, with a button to their "
                "personal page. Placeholders: %(placeholders)s."
            )
            % {"placeholders": placeholders_listed()},
        )
        self.order_fields(["segment", "subject", "body"])

    def clean_segment(self) -> str:
        segment: str = self.cleaned_data["segment"]
        count = self.counts[segment]
        if not count.reachable:
            raise ValidationError(
                _("Nobody in “%(segment)s” may be written to. Choose another group."),
                params={"segment": count.label},
            )
        return segment

    def clean_subject(self) -> Multilingual:
        return self._in_every_language("subject")

    def clean_body(self) -> Multilingual:
        return self._in_every_language("body")

    def _in_every_language(self, name: str) -> Multilingual:
        texts: Multilingual = self.cleaned_data[name]
        errors = []
        for code in self.languages:
            text = texts.get(code)
            if not text:
                errors.append(
                    _("Write it in %(language)s too: each person reads it in their language.")
                    % {"language": language_name(code)}
                )
            elif unknown := template_errors(text):
                errors.append(
                    _(
                        "%(language)s: unknown placeholders %(names)s. Use only those "
                        "listed below the text."
                    )
                    % {
                        "language": language_name(code),
                        "names": ", ".join(f"{{{name}}}" for name in unknown),
                    }
                )
        if errors:
            raise ValidationError(errors)
        return texts

    @property
    def message_data(self) -> MessageData:
        data = self.cleaned_data
        return MessageData(segment=data["segment"], subject=data["subject"], body=data["body"])

    @property
    def digest(self) -> str:
        """Return a digest of what the form would send, to tell whether it was previewed."""
        data = self.message_data
        written = [data.segment, dict(data.subject), dict(data.body)]
        return hashlib.sha256(json.dumps(written, sort_keys=True).encode()).hexdigest()

    @property
    def was_previewed(self) -> bool:
        """Return whether staff saw the preview of exactly these texts and recipients."""
        data = self.cleaned_data
        return data.get("previewed") == self.digest and data.get("expected") is not None
