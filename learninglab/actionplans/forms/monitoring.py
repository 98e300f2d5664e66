"""Forms of the monitoring pages and of the public follow form. They clean input;
services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import STATUSES_WITH_REASON, Action, ActionStatus
from learninglab.actionplans.services.progress import EVIDENCE_MAX_FILES, EntryData
from learninglab.core import languages
from learninglab.core.uploads import DOCUMENT, PHOTO, accepted_extensions

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (or none) and cleans each of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if not data:
            return []
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ProgressForm(forms.Form):
    """A progress entry of one action: what happened, the status and progress it reached,
    the reason when delayed or abandoned, evidence, and the funds mobilised per source.

    The reason field is always on the page (it works without JavaScript); it is required
    only for the statuses that need one.
    """

    on = forms.DateField(label=_("Date"), widget=_DATE)
    text = forms.CharField(
        label=_("What happened"),
        max_length=limit("entry_text"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=limit("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the action is delayed or abandoned: the programme asks why."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": accepted_extensions(DOCUMENT) + "," + accepted_extensions(PHOTO)}
        ),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.sources = list(action.funding.all())
        self.fields["on"].initial = timezone.localdate()
        self.fields["status"].initial = action.status
        self.fields["progress"].initial = action.progress
        self.fields["reason"].initial = action.status_reason
        self.fields["evidence"].help_text = _(
            "Minutes, a contract, a report, photos: up to %(count)s files, each up to "
            "%(size)s (photos %(photo_size)s)."
        ) % {
            "count": EVIDENCE_MAX_FILES,
            "size": filesizeformat(settings.RESULTS_FILE_MAX_BYTES),
            "photo_size": filesizeformat(settings.RESULTS_PHOTO_MAX_BYTES),
        }
        for source in self.sources:
            self.fields[self.funds_field(source.pk)] = forms.DecimalField(
                label=_("Mobilised from %(source)s (EUR)") % {"source": source},
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                help_text=_("%(kind)s; planned: EUR %(amount)s.")
                % {
                    "kind": source.get_kind_display(),
                    "amount": number_format(source.amount_eur, 2, force_grouping=True),
                },
            )

    @staticmethod
    def funds_field(pk: int) -> str:
        return f"funds_{pk}"

    def funds_fields(self) -> list[forms.BoundField]:
        return [self[self.funds_field(source.pk)] for source in self.sources]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        if status in STATUSES_WITH_REASON and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("Say why the action is %(status)s.")
                % {"status": ActionStatus(status).label.lower()},
            )
        if status == ActionStatus.COMPLETED and cleaned.get("progress") not in (None, 100):
            self.add_error(
                "progress", _("A completed action is 100% done: set its progress to 100.")
            )
        on = cleaned.get("on")
        if on and on > timezone.localdate():
            self.add_error("on", _("An entry tells what happened: not a future date."))
        return cleaned

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            on=data["on"],
            text=data["text"],
            status=data["status"],
            progress=data["progress"],
            reason=data["reason"] or "",
            funds={
                source: data[self.funds_field(source.pk)]
                for source in self.sources
                if data.get(self.funds_field(source.pk))
            },
            evidence=data["evidence"],
        )


class MilestoneReachedForm(forms.Form):
    """The day a milestone was reached; empty marks it not reached."""

    done_on = forms.DateField(label=_("Reached on"), required=False, widget=_DATE)


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in spreadsheet"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Excel workbook (.xlsx) or CSV, up to %(size)s.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }

    def file_content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(settings.IMPORT_MAX_BYTES + 1)

    def file_name(self) -> str:
        return str(self.cleaned_data["file"].name or "")


def _local_name(code: str, name: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return name


class FollowForm(forms.Form):
    """An e-mail address and the language to write to it in."""

    email = forms.EmailField(
        label=pgettext_lazy("stakeholder", "Your e-mail address"),
        max_length=254,
        error_messages={"invalid": pgettext_lazy("stakeholder", "Enter a valid e-mail address.")},
    )
    language = forms.ChoiceField(label=pgettext_lazy("stakeholder", "Language of the e-mails"))

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, _local_name(code, name)) for code, name in languages.written().items()
        ]
        self.fields["language"].initial = language
        self.fields["email"].error_messages["required"] = pgettext_lazy(
            "stakeholder", "Enter your e-mail address."
        )
