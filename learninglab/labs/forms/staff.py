"""Forms of the staff pages of labs. They clean input; the services decide.

Lab texts are written in the partner's languages plus English, each in one
``MultilingualFormField`` (inputs ``theme_ro``, ``theme_en``). Dates and times are typed in
the lab's time zone and turned into aware datetimes here.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.core.multilingual import (
    Multilingual,
    MultilingualFormField,
    form_field,
    language_name,
)
from learninglab.labs.emails import PLACEHOLDERS
from learninglab.labs.models import (
    AgendaItem,
    AgendaPractice,
    ContactRole,
    Invitation,
    Lab,
    LabContact,
    LabKind,
    RegistrationMode,
    Response,
    ResponseVia,
)
from learninglab.labs.services.answer import NOTE_MAX_LENGTH, Answer
from learninglab.labs.services.lab import LabData
from learninglab.messaging.models import MessageState
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.practices.selectors import presentable
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.normalize import normalize_email, normalize_phone

# The texts of a lab written in several languages, with their labels.
TEXT_FIELDS = {
    "theme": _("Theme"),
    "description": _("Description"),
    "results": _("Results"),
    "invitation_subject": _("Invitation subject"),
    "invitation_body": _("Invitation text"),
}
# Text areas get this many rows; the other texts are one line.
_ROWS = {"description": 4, "results": 4, "invitation_body": 10}
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def lab_languages(partner: Partner) -> list[str]:
    """Return the languages a lab's texts are written in: the partner's, then English."""
    return list(dict.fromkeys([*partner.languages, "en"]))


def placeholders_listed() -> str:
    """Return the placeholders a lab's e-mails may use, with what each becomes."""
    return "; ".join(f"{{{name}}} — {text}" for name, text in PLACEHOLDERS.items())


def placeholder_help() -> str:
    """Return the help of the invitation's text: leave empty, or use the placeholders."""
    return _("Leave empty for the standard text. Placeholders: %(placeholders)s.") % {
        "placeholders": placeholders_listed()
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
        theme = obj.theme.in_(obj.partner.main_language)
        return f"{obj.heading} — {obj.local_starts_at:%Y-%m-%d} — {theme}"


class LabForm(forms.Form):
    """A lab's facts and texts; ``lab_data()`` gives what the services take."""

    kind = forms.ChoiceField(label=_("Type"), choices=LabKind.choices)
    round_number = forms.IntegerField(
        label=_("Lab number in the project"),
        min_value=1,
        required=False,
        help_text=_(
            "1 for the partner's first Local Learning Lab in the project, 2 for the second, and"
            " so on; empty for a workshop or a study visit."
        ),
    )
    previous = LabChoiceField(
        label=_("Previous lab of the series"),
        queryset=Lab.objects.none(),
        required=False,
        help_text=_("Its results are shown with this lab and in the invitation."),
        error_messages={
            "invalid_choice": _(
                "The previous lab must start before this one: choose an earlier lab of"
                " the same partner."
            )
        },
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
    registration = forms.ChoiceField(
        label=_("Registration"),
        choices=RegistrationMode.choices,
        initial=RegistrationMode.INVITATION_ONLY,
        required=False,  # a form without it (a script's) leaves the lab as it was
        widget=forms.RadioSelect,
        help_text=Lab._meta.get_field("registration").help_text,
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        required=False,
        help_text=_("How many people the room holds. Leave empty for no limit."),
    )

    def __init__(
        self, *args: Any, partner: Partner, time_zone: str, lab: Lab | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partner, self.lab, self.time_zone = partner, lab, time_zone
        self.zone = zoneinfo.ZoneInfo(time_zone)
        self.languages = lab_languages(partner)
        for name, label in TEXT_FIELDS.items():
            self.fields[name] = self._text_field(name, label)
        cast(LabChoiceField, self.fields["previous"]).queryset = self._earlier_labs()
        in_zone = _("Time in %(zone)s.") % {"zone": time_zone}
        for name in ("start_time", "end_time"):
            self.fields[name].help_text = in_zone
        self.fields["rsvp_deadline"].help_text = _(
            "Leave empty for two days before the start. Time in %(zone)s."
        ) % {"zone": time_zone}

    def _earlier_labs(self) -> QuerySet[Lab]:
        """Return the partner's labs that start before this one, latest first.

        "This one" starts when the form says (as typed, or as it was), else when the lab
        starts; a new lab with no date yet may follow any lab already begun.
        """
        starts_at = self._typed_start()
        if starts_at is None:
            starts_at = self.lab.starts_at if self.lab else timezone.now()
        labs = Lab.objects.filter(partner=self.partner, starts_at__lt=starts_at)
        if self.lab:
            labs = labs.exclude(pk=self.lab.pk)
        return labs.select_related("partner").order_by("-starts_at")

    def _typed_start(self) -> datetime.datetime | None:
        """Return the start the form holds (posted, or its initial values), if it has one."""
        try:
            day = self.fields["date"].clean(self["date"].value())
            start = self.fields["start_time"].clean(self["start_time"].value())
        except ValidationError:
            return None
        return datetime.datetime.combine(day, start, tzinfo=self.zone).astimezone(datetime.UTC)

    def _text_field(self, name: str, label: Any) -> MultilingualFormField:
        help_text: Any = ""
        if name == "invitation_body":
            help_text = placeholder_help()
        elif name == "invitation_subject":
            help_text = _("Leave empty for the standard subject. Placeholders work here too.")
        return form_field(
            Lab,
            name,
            label=label,
            languages=self.languages,
            rows=_ROWS.get(name),
            required=False,
            help_text=help_text,
        )

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
            "registration": lab.registration,
        }
        for name in TEXT_FIELDS:
            initial[name] = getattr(lab, name)
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
            (_("Who may come"), bound("registration")),
        ]
        groups.append((_("Texts"), bound(*TEXT_FIELDS)))
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

    def _texts(self, name: str) -> Multilingual:
        # Texts in languages the form does not show are kept as they were.
        before = getattr(self.lab, name) if self.lab else Multilingual()
        return before.replaced(self.cleaned_data[name], languages=self.languages)

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
            registration=data["registration"]
            or (self.lab.registration if self.lab else RegistrationMode.INVITATION_ONLY),
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
            "theme_missing": "theme",
            "unknown_placeholder": error.params.get("field"),
        }
        field = fields.get(error.code)
        self.add_error(field if field in self.fields else None, str(error))


def practice_label(practice: GoodPractice) -> str:
    """Return "Title — City" in the active language, with its status unless published."""
    label = f"{practice.title} — {practice.city or practice.partner.city}"
    if practice.status != PracticeStatus.PUBLISHED:
        label += f" ({practice.get_status_display().lower()})"
    return label


def practice_choices(partner: Partner, lab: Lab | None) -> list[GoodPractice]:
    """Return the practices the agenda of ``lab`` (a new lab of ``partner`` when None)
    may present: see ``practices.selectors.presentable``, and those it presents already."""
    keep = AgendaPractice.objects.filter(item__lab=lab).values("practice_id") if lab else ()
    return list(presentable(partner, keep=keep))


class AgendaItemForm(forms.Form):
    """One line of the agenda, with the good practices it presents; a line left empty is
    left out."""

    starts_at = forms.TimeField(label=_("Time"), required=False, widget=_TIME)
    speaker = forms.CharField(label=_("Speaker or organisation"), max_length=200, required=False)
    practices = forms.TypedMultipleChoiceField(
        label=_("Good practices presented"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        languages: list[str],
        practices: Sequence[GoodPractice] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"] = form_field(
            AgendaItem, "title", label=_("Title"), languages=languages, required=False
        )
        self.offered = {practice.pk: practice for practice in practices}
        if self.offered:
            choices = [(pk, practice_label(p)) for pk, p in self.offered.items()]
            cast(forms.ChoiceField, self.fields["practices"]).choices = choices
        else:  # nothing to present yet: no empty group of boxes
            del self.fields["practices"]
        self.order_fields(["starts_at", "title", "speaker", "practices"])

    def _title(self) -> Multilingual:
        return getattr(self, "cleaned_data", {}).get("title") or Multilingual()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = data.get("starts_at") or data.get("speaker", "").strip() or data.get("practices")
        if filled and not self._title():
            self.add_error(
                "title", _("Give the item a title in at least one language, or empty the line.")
            )
        return data

    def item(self) -> dict[str, Any] | None:
        title = self._title()
        if not title:
            return None
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "title": title,
            "speaker": data["speaker"].strip(),
            "practices": [self.offered[pk] for pk in data.get("practices", [])],
        }


class AgendaFormSet(forms.BaseFormSet):
    def items(self) -> list[dict[str, Any]]:
        return [item for form in self.forms if (item := form.item()) is not None]

    @staticmethod
    def initial_from(lab: Lab) -> list[dict[str, Any]]:
        presented: dict[int, list[int]] = {}
        for item_id, practice_id in AgendaPractice.objects.filter(item__lab=lab).values_list(
            "item_id", "practice_id"
        ):
            presented.setdefault(item_id, []).append(practice_id)
        return [
            {
                "starts_at": item.starts_at,
                "title": item.title,
                "speaker": item.speaker,
                "practices": presented.get(item.pk, []),
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
        self.country = country
        self.fields["function"] = form_field(
            LabContact, "function", label=_("Function"), languages=languages, required=False
        )
        self.order_fields(["role", "name", "function", "email", "phone"])

    def clean_email(self) -> str:
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], country=self.country)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = data.get("email") or data.get("phone") or data.get("function")
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
            "function": data.get("function") or Multilingual(),
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
                "function": contact.function,
            }
            for contact in lab.contacts.all()
        ]


agenda_formset = forms.formset_factory(AgendaItemForm, formset=AgendaFormSet, extra=3)
contact_formset = forms.formset_factory(ContactForm, formset=ContactFormSet, extra=1)


class DuplicateForm(forms.Form):
    """The day of a lab's next round; it starts at the same local time of day."""

    date = forms.DateField(
        label=_("Date of the next lab"),
        widget=_DATE,
        help_text=_("It starts at the same time of day; texts, agenda and contacts are copied."),
    )

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lab = lab

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day <= self.lab.local_starts_at.date():
            raise ValidationError(_("The next lab must come after this one."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date"):
            local = datetime.datetime.combine(data["date"], self.lab.local_starts_at.time())
            data["starts_at"] = local.replace(tzinfo=self.lab.zone).astimezone(datetime.UTC)
        return data


class InviteForm(forms.Form):
    """Whom a sending writes to: new people to invite, and people to remind of their answer."""

    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"), queryset=Stakeholder.objects.none(), required=False
    )
    remind = forms.ModelMultipleChoiceField(
        label=_("People to remind of their answer"),
        queryset=Invitation.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, people: Any, answered: QuerySet[Invitation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["people"]).queryset = people
        cast(forms.ModelMultipleChoiceField, self.fields["remind"]).queryset = answered

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("people") and not data.get("remind"):
            raise ValidationError(
                _("Tick at least one person to invite or to remind of their answer.")
            )
        return data


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
