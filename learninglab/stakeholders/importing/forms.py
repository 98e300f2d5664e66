"""The upload form of the import: the file, the partner and how to read the file."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from learninglab.projects.models import Partner
from learninglab.stakeholders.importing.columns import FIELDS, IGNORE, parse_mapping
from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.services import ImportOptions

ENCODING_CHOICES = [
    ("", _("Detect automatically")),
    ("utf-8", _("UTF-8 (Unicode)")),
    ("cp1250", _("Windows-1250 (Central European, Romanian)")),
    ("cp1252", _("Windows-1252 (Western European)")),
    ("iso-8859-2", _("ISO-8859-2 (Central European)")),
    ("iso-8859-1", _("ISO-8859-1 (Western European)")),
    ("utf-16", _("UTF-16 (Excel “Unicode text”)")),
]


class ImportUploadForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Stakeholder group of"), queryset=Partner.objects.none(), to_field_name="slug"
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        required=False,
        help_text=_("Leave on automatic unless letters such as ă, ș or é come out wrong."),
    )
    mapping = forms.CharField(
        label=_("Other headers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Nr. telefon = phone"}),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners
        self.fields["file"].help_text = _("CSV or Excel workbook (.xlsx), up to %(size)s.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }
        self.only_partner: Partner | None = None
        if len(partners) == 1:
            self.only_partner = partners[0]
            del self.fields["partner"]
        self.fields["mapping"].help_text = _(
            "One per line: the header in your file, “=” and one of these fields: %(fields)s "
            "(“ignore” skips a column)."
        ) % {"fields": ", ".join((*FIELDS, IGNORE))}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s. Split it into smaller files."),
                params={"size": filesizeformat(settings.IMPORT_MAX_BYTES)},
            )
        return upload

    def clean_mapping(self) -> dict[str, str]:
        try:
            return parse_mapping(self.cleaned_data["mapping"].splitlines())
        except ImportRejected as error:
            raise ValidationError(str(error)) from None

    def chosen_partner(self) -> Partner:
        return self.only_partner or self.cleaned_data["partner"]

    def file_content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()

    def file_name(self) -> str:
        return self.cleaned_data["file"].name

    def import_options(self) -> ImportOptions:
        return ImportOptions(
            encoding=self.cleaned_data["encoding"], mapping=self.cleaned_data["mapping"]
        )
