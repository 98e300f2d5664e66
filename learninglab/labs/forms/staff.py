"""Forms of the staff pages of labs. They clean input; the services decide.

Lab texts are written per language: one field per language of the partner, plus English
(``theme_ro``, ``theme_en``). Dates and times are typed in the lab's time zone and
turned into aware datetimes here.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.labs.emails import PLACEHOLDERS
from learninglab.labs.models import ContactRole, Lab, LabKind, Response, ResponseVia
from learninglab.labs.services.answer import NOTE_MAX_LENGTH, Answer
from learninglab.labs.services.lab import LabData
from learninglab.messaging.models import MessageState
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.normalize import normalize_email, normalize_phone

# The texts of a lab kept per language, with their labels.
TEXT_FIELDS = {
    "theme": _("Theme"),
    "description": _("Description"),
    "results": _("Results"),
    "invitation_subject": _("Invitation subject"),
    "invitation_body": _("Invitation text"),
}
_ONE_LINE = ("theme", "invitation_subject")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def lab_languages(partner: Partner) -> list[str]:
    """Return the languages a lab's texts are written in: the partner's, then English."""
    return list(dict.fromkeys([*partner.languages, "en"]))


def language_name(code: str) -> str:
    return str(dict(settings.STAKEHOLDER_LANGUAGES).get(code, code))


def _in_language(label: Any, code: str) -> str:
    return _("%(field)s (%(language)s)") % {"field": label, "language": language_name(code)}


def placeholder_help() -> str:
    """Return the placeholders an invitation may use, with what each becomes."""
    listed = "; ".join(f"{{{name}}} — {text}" for name, text in PLACEHOLDERS.items())
    return _("Leave empty for the standard text. Placeholders: %(placeholders)s.") % {
        "placeholders": listed
    }


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a time zone: the form places it in the lab's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime.datetime | None:
        # Django reads a typed time in the site's time zone; UTC has no gaps or overlaps,
        # so reading it there and dropping the zone gives back exactly what was typed.
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else None


class LabChoiceField(forms.ModelChoiceField):
    """Offer labs by kind and round, day and theme, so that rounds can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        theme = obj.theme_in(obj.partner.main_language)
        return f"{obj.heading} — {obj.local_starts_at:%Y-%m-%d} — {theme}"


class LabForm(forms.Form):
    """A lab's facts and texts; ``lab_data()`` gives what the services take."""

    kind = forms.ChoiceField(label=_("Kind"), choices=LabKind.choices)
    round_number = forms.IntegerField(label=_("Round"), min_value=1, required=False)
    previous = LabChoiceField(
        label=_("Previous lab of the series"),
        queryset=Lab.objects.none(),
        required=False,
        help_text=_("Its results are shown with this lab and in the invitation."),
    )
    date = forms.DateField(label=_("Date"), widget=_DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=_TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=_TIME)
    rsvp_deadline = LocalDateTimeField(label=_("Answer by"), required=False)
    reminder_days = forms.IntegerField(
        label=_("Reminder, days before the deadline"),
        min_value=0,
        max_value=60,
        initial=3,
        help_text=_("People who have not answered get one reminder this many days before."),
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    map_url = forms.URLField(label=_("Map link"), required=False, assume_scheme="https")
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )

    def __init__(
        self, *args: Any, partner: Partner, time_zone: str, lab: Lab | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partner, self.lab, self.time_zone = partner, lab, time_zone
        self.zone = zoneinfo.ZoneInfo(time_zone)
        self.languages = lab_languages(partner)
        for name, label in TEXT_FIELDS.items():
            for code in self.languages:
                self.fields[f"{name}_{code}"] = self._text_field(name, label, code)
        previous = Lab.objects.filter(partner=partner).select_related("partner")
        previous = previous.order_by("-starts_at")
        cast(LabChoiceField, self.fields["previous"]).queryset = (
            previous.exclude(pk=lab.pk) if lab else previous
        )
        in_zone = _("Time in %(zone)s.") % {"zone": time_zone}
        for name in ("start_time", "end_time"):
            self.fields[name].help_text = in_zone
        self.fields["rsvp_deadline"].help_text = _(
            "Leave empty for two days before the start. Time in %(zone)s."
        ) % {"zone": time_zone}

    def _text_field(self, name: str, label: Any, code: str) -> forms.CharField:
        widget = forms.TextInput() if name in _ONE_LINE else forms.Textarea(attrs={"rows": 4})
        field = forms.CharField(
            label=_in_language(label, code),
            required=False,
            max_length=300 if name in _ONE_LINE else 20000,
            widget=widget,
        )
        field.widget.attrs["lang"] = code
        if name == "invitation_body":
            field.widget.attrs["rows"] = 10
            field.help_text = placeholder_help()
        elif name == "invitation_subject":
            field.help_text = _("Leave empty for the standard subject. Placeholders work here too.")
        return field

    @classmethod
    def initial_from(cls, lab: Lab) -> dict[str, Any]:
        """Return the form's initial values for ``lab``, times in the lab's time zone."""
        initial: dict[str, Any] = {
            "kind": lab.kind,
            "round_number": lab.round_number,
            "previous": lab.previous_id,
            "date": lab.local_starts_at.date(),
            "start_time": lab.local_starts_at.time(),
            "end_time": lab.local_ends_at.time(),
            "rsvp_deadline": lab.local_rsvp_deadline.replace(tzinfo=None),
            "reminder_days": lab.reminder_days,
            "venue_name": lab.venue_name,
            "venue_address": lab.venue_address,
            "map_url": lab.map_url,
            "online_url": lab.online_url,
            "capacity": lab.capacity,
        }
        for name in TEXT_FIELDS:
            for code, text in getattr(lab, name).items():
                initial[f"{name}_{code}"] = text
        return initial

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """Return the fields grouped as the page shows them: (legend, fields)."""

        def bound(*names: str) -> list[forms.BoundField]:
            return [self[name] for name in names]

        groups: list[tuple[Any, list[forms.BoundField]]] = [
            (_("The lab"), bound("kind", "round_number", "previous")),
            (
                _("When (time zone %(zone)s)") % {"zone": self.time_zone},
                bound("date", "start_time", "end_time", "rsvp_deadline", "reminder_days"),
            ),
            (
                _("Where"),
                bound("venue_name", "venue_address", "map_url", "online_url", "capacity"),
            ),
        ]
        for code in self.languages:
            legend = _("Texts in %(language)s") % {"language": language_name(code)}
            groups.append((legend, bound(*(f"{name}_{code}" for name in TEXT_FIELDS))))
        return groups

    def _aware(self, naive: datetime.datetime, field: str) -> datetime.datetime | None:
        """Return the typed local time as an aware UTC datetime, or None if it cannot be."""
        aware = naive.replace(tzinfo=self.zone)
        if aware.astimezone(datetime.UTC).astimezone(self.zone).replace(tzinfo=None) != naive:
            self.add_error(
                field,
                _("This time does not exist in %(zone)s: the clocks are put forward then.")
                % {"zone": self.time_zone},
            )
            return None
        return aware.astimezone(datetime.UTC)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = self._aware(datetime.datetime.combine(day, start), "start_time")
            data["ends_at"] = self._aware(datetime.datetime.combine(day, end), "end_time")
        if data.get("rsvp_deadline"):
            data["rsvp_deadline_at"] = self._aware(data["rsvp_deadline"], "rsvp_deadline")
        return data

    def _texts(self, name: str) -> dict[str, str]:
        # Texts in languages the form does not show are kept as they were.
        texts = dict(getattr(self.lab, name)) if self.lab else {}
        for code in self.languages:
            value = self.cleaned_data.get(f"{name}_{code}", "").strip()
            if value:
                texts[code] = value
            else:
                texts.pop(code, None)
        return texts

    def lab_data(self) -> LabData:
        data = self.cleaned_data
        return LabData(
            kind=data["kind"],
            round_number=data["round_number"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=self.time_zone,
            rsvp_deadline=data.get("rsvp_deadline_at"),
            reminder_days=data["reminder_days"],
            previous=data["previous"],
            venue_name=data["venue_name"].strip(),
            venue_address=data["venue_address"].strip(),
            map_url=data["map_url"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            theme=self._texts("theme"),
            description=self._texts("description"),
            results=self._texts("results"),
            invitation_subject=self._texts("invitation_subject"),
            invitation_body=self._texts("invitation_body"),
        )

    def add_domain_error(self, error: DomainError) -> None:
        """Put a refusal of the services on the field it is about."""
        fields = {
            "ends_before_start": "end_time",
            "deadline_after_lab": "rsvp_deadline",
            "previous_invalid": "previous",
            "theme_missing": f"theme_{self.languages[0]}",
        }
        field = fields.get(error.code)
        if error.code == "unknown_placeholder":
            field = f"{error.params.get('field')}_{error.params.get('language')}"
        self.add_error(field if field in self.fields else None, str(error))


class AgendaItemForm(forms.Form):
    """One line of the agenda; a line left empty is left out."""

    starts_at = forms.TimeField(label=_("Time"), required=False, widget=_TIME)
    speaker = forms.CharField(label=_("Speaker or organisation"), max_length=200, required=False)

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        for code in languages:
            field = forms.CharField(
                label=_in_language(_("Title"), code), max_length=300, required=False
            )
            field.widget.attrs["lang"] = code
            self.fields[f"title_{code}"] = field
        self.order_fields(["starts_at", *(f"title_{code}" for code in languages), "speaker"])

    def _titles(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        titles = {code: data.get(f"title_{code}", "").strip() for code in self.languages}
        return {code: title for code, title in titles.items() if title}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("starts_at") or data.get("speaker", "").strip()) and not self._titles():
            self.add_error(
                f"title_{self.languages[0]}",
                _("Give the item a title in at least one language, or empty the line."),
            )
        return data

    def item(self) -> dict[str, Any] | None:
        titles = self._titles()
        if not titles:
            return None
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "title": titles, "speaker": data["speaker"].strip()}


class AgendaFormSet(forms.BaseFormSet):
    def items(self) -> list[dict[str, Any]]:
        return [item for form in self.forms if (item := form.item()) is not None]

    @staticmethod
    def initial_from(lab: Lab) -> list[dict[str, Any]]:
        return [
            {
                "starts_at": item.starts_at,
                "speaker": item.speaker,
                **{f"title_{code}": text for code, text in item.title.items()},
            }
            for item in lab.agenda.all()
        ]


class ContactForm(forms.Form):
    """One contact person of the lab; a line left empty is left out."""

    role = forms.ChoiceField(
        label=_("Role"), choices=ContactRole.choices, initial=ContactRole.OTHER
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput()
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, languages: list[str], country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages, self.country = languages, country
        for code in languages:
            field = forms.CharField(
                label=_in_language(_("Function"), code), max_length=150, required=False
            )
            field.widget.attrs["lang"] = code
            self.fields[f"function_{code}"] = field
        self.order_fields(
            ["role", "name", *(f"function_{code}" for code in languages), "email", "phone"]
        )

    def clean_email(self) -> str:
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], country=self.country)

    def _functions(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        functions = {code: data.get(f"function_{code}", "").strip() for code in self.languages}
        return {code: text for code, text in functions.items() if text}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = data.get("email") or data.get("phone") or self._functions()
        if filled and not data.get("name", "").strip():
            self.add_error("name", _("Give the contact person's name, or empty the line."))
        return data

    def contact(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", {})
        name = data.get("name", "").strip()
        if not name:
            return None
        return {
            "role": data["role"],
            "name": name,
            "function": self._functions(),
            "email": data["email"],
            "phone": data["phone"],
        }


class ContactFormSet(forms.BaseFormSet):
    def contacts(self) -> list[dict[str, Any]]:
        return [contact for form in self.forms if (contact := form.contact()) is not None]

    @staticmethod
    def initial_from(lab: Lab | None) -> list[dict[str, Any]]:
        if lab is None:  # a new lab: suggest who takes the answers and the manager
            return [{"role": ContactRole.RSVP}, {"role": ContactRole.MANAGER}]
        return [
            {
                "role": contact.role,
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                **{f"function_{code}": text for code, text in contact.function.items()},
            }
            for contact in lab.contacts.all()
        ]


agenda_formset = forms.formset_factory(AgendaItemForm, formset=AgendaFormSet, extra=3)
contact_formset = forms.formset_factory(ContactForm, formset=ContactFormSet, extra=1)


class DuplicateForm(forms.Form):
    """The day of a lab's next round; it starts at the same local time of day."""

    date = forms.DateField(
        label=_("Date of the next round"),
        widget=_DATE,
        help_text=_("It starts at the same time of day; texts, agenda and contacts are copied."),
    )

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lab = lab

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day <= self.lab.local_starts_at.date():
            raise ValidationError(_("The next round must come after this one."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date"):
            local = datetime.datetime.combine(data["date"], self.lab.local_starts_at.time())
            data["starts_at"] = local.replace(tzinfo=self.lab.zone).astimezone(datetime.UTC)
        return data


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"),
        queryset=Stakeholder.objects.none(),
        error_messages={"required": _("Choose at least one person to invite.")},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["people"]).queryset = people


class PreviewForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Recipient"), coerce=int, choices=[])

    def __init__(
        self, *args: Any, invited: list[Stakeholder], eligible: list[Stakeholder], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)

        def label(person: Stakeholder) -> str:
            return f"{person.full_name} — {person.email} ({language_name(person.language)})"

        groups = [
            (_("Invited"), [(p.pk, label(p)) for p in invited]),
            (_("Not invited yet"), [(p.pk, label(p)) for p in eligible]),
        ]
        offered = [(name, choices) for name, choices in groups if choices]
        cast(forms.ChoiceField, self.fields["person"]).choices = offered


class AnswerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    response = forms.ChoiceField(
        label=_("Answer"), required=False, choices=[("", _("Any answer")), *Response.choices]
    )
    delivery = forms.ChoiceField(
        label=_("E-mail"), required=False, choices=[("", _("Any state")), *MessageState.choices]
    )


class AnswerRecordForm(forms.Form):
    """An answer staff received by phone or e-mail."""

    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[(Answer.ATTEND.value, _("Attends")), (Answer.DECLINE.value, _("Declines"))],
        widget=forms.RadioSelect,
    )
    via = forms.ChoiceField(
        label=_("Received by"),
        choices=[(ResponseVia.PHONE.value, _("Phone")), (ResponseVia.EMAIL.value, _("E-mail"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
