"""Forms of the good-practice library's staff pages. They clean input; the services decide.

The texts of a practice are written in its languages (its partner's, then English), each
one ``MultilingualFormField`` (inputs ``summary_ro``, ``summary_en``). Every input with a
character limit carries it twice: ``maxlength`` for the browser, ``data-limit`` for the
counter that ``practices/counter.js`` shows while typing. The limits come from
``practices.limits``; the services check them again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.core.multilingual import (
    Multilingual,
    MultilingualFormField,
    form_field,
    language_name,
)
from learninglab.core.uploads import DOCUMENT, PHOTO, accepted_extensions
from learninglab.practices.limits import limit
from learninglab.practices.models import (
    EventKind,
    GoodPractice,
    PracticeImage,
    Progress,
    Topic,
    TransferStage,
)
from learninglab.practices.selectors import contact_choices
from learninglab.practices.services.media import TITLE_MAX_LENGTH
from learninglab.practices.services.practice import Link, PracticeData
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Stakeholder

# The texts of the record: label, rows of the text area (None: one line), and a hint of
# what the programme's form asks for.
TEXT_FIELDS: dict[str, tuple[Any, int | None, Any]] = {
    "title": (_("Title"), None, ""),
    "institution": (_("Main institution"), None, _("The body that runs the practice.")),
    "summary": (
        _("Summary"),
        5,
        _("What the practice is, in a few sentences: the catalogue shows this first."),
    ),
    "problem": (_("The problem it addresses"), 6, _("The situation before, and why it mattered.")),
    "activities": (_("What was done"), 8, _("The activities, in the order they happened.")),
    "stakeholders": (
        _("Main stakeholders and beneficiaries"),
        4,
        _("Who took part, and who gained from it."),
    ),
    "resources": (
        _("What the practice needed"),
        4,
        _("Money, people, places and other means, and where they came from."),
    ),
    "evidence": (
        _("Evidence of success"),
        6,
        _("The results, with figures: what changed, and how it was measured."),
    ),
    "difficulties": (
        _("Difficulties encountered and lessons learnt"),
        6,
        _("What went wrong or was hard, and what others can learn from it."),
    ),
    "transfer_potential": (
        _("Potential for learning or transfer"),
        6,
        _("Why other regions could learn from it, and what they would need."),
    ),
}
LINKS_MAX = 20
LINK_LABEL_MAX_LENGTH = 200
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def counted(field: forms.Field, characters: int) -> forms.Field:
    """Give ``field``'s inputs (each language's, for a multilingual one) the limit
    ``characters`` as ``maxlength`` and as ``data-limit`` for the counter; return it."""
    widgets = getattr(field.widget, "widgets", [field.widget])
    for widget in widgets:
        widget.attrs.update({"maxlength": str(characters), "data-limit": str(characters)})
    return field


class TextField(forms.CharField):
    """A text whose line breaks count one character each.

    A browser counts a line break as one character against ``maxlength`` but sends it as
    two (CR LF); without this, a text the counter showed within its limit would be
    refused here as too long.
    """

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")


def text_field(
    model: type[GoodPractice] | type[PracticeImage],
    name: str,
    *,
    languages: list[str],
    characters: int,
    **kwargs: Any,
) -> MultilingualFormField:
    """Return the multilingual form field of ``model.name`` in ``languages``, counted."""
    field = form_field(model, name, languages=languages, **kwargs)
    field.fields = tuple(
        TextField(max_length=characters, required=False) for _code in field.languages
    )
    return cast(MultilingualFormField, counted(field, characters))


def limit_help(characters: int, hint: Any = "") -> str:
    """Return the help text of a counted field: its hint, then its limit."""
    stated = _("Up to %(limit)s characters in each language.") % {"limit": characters}
    return f"{hint} {stated}" if hint else str(stated)


class NumberField(forms.DecimalField):
    """A number as people type it: spaces between thousands and a decimal comma are fine
    ("1 200 000", "45,7537"); ``places``, when given, rounds to that many decimals.

    A text input rather than ``type=number``: a browser sends a number input it cannot
    read as empty, so what was typed would be lost without a word.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *args: Any, places: int | None = None, **kwargs: Any) -> None:
        self.places = places
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:  # a Decimal, or None
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        number = super().to_python(value)
        if number is not None and self.places is not None:
            number = number.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return number


class ContactChoiceField(forms.ModelChoiceField):
    """Offer people by name, with their organisation, so that namesakes can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.organisation_id:
            return f"{obj.full_name} — {obj.organisation.name}"
        return obj.full_name


def parse_links(text: str) -> tuple[list[Link], list[str]]:
    """Return the links written one per line (an address, then optionally a label after a
    space or " | "), and a message for each line that is not a web address."""
    links: list[Link] = []
    problems: list[str] = []
    check = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        address, _sep, label = line.partition(" ")
        label = label.strip()
        if label.startswith("|"):
            label = label[1:].strip()
        address = address.rstrip("|")
        if "://" not in address and "." in address:
            address = f"https://{address}"
        try:
            check(address)
        except ValidationError:
            problems.append(
                str(
                    _("Line %(number)s: “%(text)s” is not a web address.")
                    % {"number": number, "text": line[:80]}
                )
            )
            continue
        if len(label) > LINK_LABEL_MAX_LENGTH:
            problems.append(
                str(
                    _("Line %(number)s: the label is longer than %(limit)s characters.")
                    % {"number": number, "limit": LINK_LABEL_MAX_LENGTH}
                )
            )
            continue
        links.append(Link(url=address, label=label))
    if len(links) > LINKS_MAX:
        problems.append(str(_("Give at most %(count)s links.") % {"count": LINKS_MAX}))
    return links, problems


def links_text(links: list[dict[str, str]]) -> str:
    """Return stored links as the form shows them: one per line, "address | label"."""
    return "\n".join(
        f"{link['url']} | {link['label']}" if link.get("label") else link["url"] for link in links
    )


class PracticeForm(forms.Form):
    """Every field of a practice's record; ``practice_data()`` gives what the services take."""

    country = forms.CharField(
        label=_("Country"),
        min_length=2,
        max_length=2,
        help_text=_("Its two-letter code, e.g. RO, IT, NL."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 3}),
    )
    nuts2 = forms.CharField(
        label=_("NUTS 2 region"),
        max_length=6,
        required=False,
        help_text=_("Its code, e.g. RO42."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 7}),
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    latitude = NumberField(
        label=_("Latitude"),
        required=False,
        places=5,
        min_value=-90,
        max_value=90,
        help_text=_(
            "The point on the map, in decimal degrees, e.g. 45.75372. Leave both empty for "
            "the centre of the city."
        ),
    )
    longitude = NumberField(
        label=_("Longitude"),
        required=False,
        places=5,
        min_value=-180,
        max_value=180,
        help_text=_("E.g. 21.22571."),
    )
    budget_eur = NumberField(
        label=_("Budget (EUR)"),
        required=False,
        places=2,
        min_value=0,
        max_value=Decimal("9999999999.99"),
        help_text=_("The money the practice needed, in euros."),
    )
    people_involved = forms.IntegerField(
        label=_("People working on it"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    started_on = forms.DateField(label=_("Start"), required=False, widget=_DATE)
    ended_on = forms.DateField(
        label=_("End"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty while it goes on."),
    )
    progress = forms.ChoiceField(
        label=_("Status of the practice"),
        choices=Progress.choices,
        initial=Progress.ONGOING,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The programme's topics the practice belongs to."),
    )
    keywords = TextField(
        label=_("Keywords"),
        max_length=limit("keywords"),
        required=False,
        help_text=_("Separated by commas, e.g. makerspace, design, SMEs."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Web addresses, one per line. A label may follow the address after a space "
            "or “ | ”, e.g. https://example.org | The project's website."
        ),
    )
    contact = ContactChoiceField(
        label=_("Contact person"),
        queryset=Stakeholder.objects.none(),
        required=False,
        empty_label=_("— nobody chosen —"),
        help_text=_(
            "From the partner's directory. The public page shows their name and "
            "organisation only if they agreed to be listed publicly."
        ),
    )
    identified_in_project = forms.BooleanField(
        label=_("Identified within the project"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        partner: Partner,
        practice: GoodPractice | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partner, self.practice = partner, practice
        self.languages = list(dict.fromkeys([*partner.languages, "en"]))
        for name, (label, rows, hint) in TEXT_FIELDS.items():
            characters = limit(name)
            self.fields[name] = text_field(
                GoodPractice,
                name,
                languages=self.languages,
                characters=characters,
                label=label,
                rows=rows,
                required=name == "title",
                help_text=limit_help(characters, hint),
            )
        counted(self.fields["keywords"], limit("keywords"))
        cast(ContactChoiceField, self.fields["contact"]).queryset = contact_choices(partner)
        if practice is None:
            self.fields["country"].initial = partner.country
            self.fields["city"].initial = partner.city

    @classmethod
    def initial_from(cls, practice: GoodPractice) -> dict[str, Any]:
        """Return the form's initial values for ``practice``."""
        initial: dict[str, Any] = {name: getattr(practice, name) for name in TEXT_FIELDS}
        for name in (
            "country",
            "nuts2",
            "region",
            "city",
            "latitude",
            "longitude",
            "budget_eur",
            "people_involved",
            "started_on",
            "ended_on",
            "progress",
            "keywords",
            "identified_in_project",
        ):
            initial[name] = getattr(practice, name)
        initial["contact"] = practice.contact_id
        initial["links"] = links_text(practice.links)
        initial["topics"] = [row.topic for row in practice.topics.all()]
        return initial

    def fieldsets(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """Return the fields grouped as the programme's form has them: (id, legend, fields)."""

        def bound(*names: str) -> list[forms.BoundField]:
            return [self[name] for name in names]

        return [
            ("general", _("General information"), bound("title", "institution", "summary")),
            (
                "location",
                _("Location"),
                bound("country", "nuts2", "region", "city", "latitude", "longitude"),
            ),
            (
                "description",
                _("Detailed description"),
                bound("problem", "activities", "stakeholders"),
            ),
            (
                "resources",
                _("Resources needed"),
                bound("resources", "budget_eur", "people_involved"),
            ),
            ("timescale", _("Timescale"), bound("started_on", "ended_on", "progress")),
            (
                "results",
                _("Results and lessons"),
                bound("evidence", "difficulties", "transfer_potential"),
            ),
            ("more", _("Further information"), bound("links", "topics", "keywords")),
            ("contact", _("Contact"), bound("contact", "identified_in_project")),
        ]

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise ValidationError(_("Write the country's two-letter code, e.g. RO."))
        return country

    def clean_nuts2(self) -> str:
        code = str(self.cleaned_data["nuts2"]).strip().upper()
        if code and not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{1,4}", code):
            raise ValidationError(_("Write the region's NUTS code, e.g. RO42."))
        return code

    def clean_links(self) -> list[Link]:
        links, problems = parse_links(self.cleaned_data["links"])
        if problems:
            raise ValidationError(problems)
        return links

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end cannot be before the start."))
        elif data.get("progress") == Progress.COMPLETED and not ended and "ended_on" in data:
            self.add_error("ended_on", _("Give the end date of a completed practice."))
        return data

    def add_domain_error(self, error: DomainError) -> None:
        """Put a refusal of the services on the field it is about."""
        fields = {
            "title_required": "title",
            "too_long": error.params.get("field"),
            "ends_before_start": "ended_on",
            "end_required": "ended_on",
            "contact_other_partner": "contact",
            "contact_erased": "contact",
            "unknown_topic": "topics",
            "point_incomplete": "longitude",
        }
        field = fields.get(error.code)
        self.add_error(field if field in self.fields else None, str(error))

    def _texts(self, name: str) -> Multilingual:
        # Texts in languages the form does not show are kept as they were.
        before = getattr(self.practice, name) if self.practice else Multilingual()
        return before.replaced(self.cleaned_data[name], languages=self.languages)

    def practice_data(self) -> PracticeData:
        data = self.cleaned_data
        return PracticeData(
            title=self._texts("title"),
            institution=self._texts("institution"),
            summary=self._texts("summary"),
            problem=self._texts("problem"),
            activities=self._texts("activities"),
            stakeholders=self._texts("stakeholders"),
            resources=self._texts("resources"),
            evidence=self._texts("evidence"),
            difficulties=self._texts("difficulties"),
            transfer_potential=self._texts("transfer_potential"),
            country=data["country"],
            nuts2=data["nuts2"],
            region=data["region"],
            city=data["city"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            budget_eur=data["budget_eur"],
            people_involved=data["people_involved"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            progress=data["progress"],
            links=data["links"],
            keywords=data["keywords"],
            contact=data["contact"],
            identified_in_project=data["identified_in_project"],
            topics=data["topics"],
        )


# The steps of the review


class StepForm(forms.Form):
    """The comment of a step of the review, which the author reads in the e-mail and the
    history. One form serves the buttons of every step open at once (approve, return,
    decline): ``kinds`` are their ``EventKind``; the comment is required when the step
    taken (``comment_required``) must say why."""

    comment = TextField(
        label=_("Comment"),
        required=False,
        max_length=limit("comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        practice: GoodPractice,
        kinds: list[str],
        comment_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = counted(self.fields["comment"], limit("comment"))
        field.required = comment_required
        if EventKind.RETURNED in kinds:
            field.label = _("Comment for the partner")
            field.help_text = _(
                "Optional to approve. To return the practice, say what more information the "
                "partner should add; to decline it, say why."
            )
        elif EventKind.UNPUBLISHED in kinds:
            field.label = _("Why it is taken off the catalogue")
            field.help_text = _("Its partner reads this in the e-mail and the history.")
        else:
            field.label = _("Comment for the coordinator")
            field.help_text = _("Optional: anything the coordinator should know.")
        field.error_messages["required"] = _(
            "Write a comment: the partner needs to know why, or what to add."
        )

    def arguments(self) -> dict[str, Any]:
        """Return what the step's service takes besides the actor and the practice."""
        return {"comment": self.cleaned_data["comment"]}


class ValidateForm(forms.Form):
    """The programme's experts' opinion, in English and in the practice's other languages."""

    def __init__(self, *args: Any, practice: GoodPractice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        characters = limit("expert_opinion")
        self.fields["opinion"] = text_field(
            GoodPractice,
            "expert_opinion",
            languages=practice.languages,
            characters=characters,
            label=_("The experts' opinion"),
            rows=4,
            required_language="en",
            initial=practice.expert_opinion or None,
            help_text=limit_help(
                characters, _("Required in English; add the partner's language for its readers.")
            ),
        )

    def arguments(self) -> dict[str, Any]:
        return {"opinion": self.cleaned_data["opinion"]}


# Images and documents


class ImageForm(forms.Form):
    """A picture and its description for people who cannot see it, in every language of
    the practice (ids ``image_*``: the documents form shares the page)."""

    file = forms.FileField(
        label=_("Picture"),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions(PHOTO)}),
    )

    def __init__(self, *args: Any, practice: GoodPractice, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "image_%s")
        super().__init__(*args, **kwargs)
        self.languages = practice.languages
        characters = limit("alt_text")
        self.fields["alt_text"] = text_field(
            PracticeImage,
            "alt_text",
            languages=self.languages,
            characters=characters,
            label=_("What the picture shows"),
            required=True,
            error_messages={
                "required": _(
                    "Describe the picture in each language, for people who cannot see it."
                )
            },
            help_text=limit_help(
                characters,
                _("For people who cannot see it, in each language, e.g. “Makers at a workbench”."),
            ),
        )

    def clean_alt_text(self) -> Multilingual:
        texts: Multilingual = self.cleaned_data["alt_text"]
        missing = [language_name(code) for code in self.languages if not texts.get(code)]
        if missing:
            raise ValidationError(
                _("Describe the picture in %(languages)s.") % {"languages": ", ".join(missing)}
            )
        return texts


class DocumentForm(forms.Form):
    """A document about the practice (ids ``document_*``)."""

    file = forms.FileField(
        label=_("Document"),
        widget=forms.ClearableFileInput(attrs={"accept": accepted_extensions(DOCUMENT)}),
    )
    title = TextField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Shown instead of the file's name, e.g. “Final report 2022”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document_%s")
        super().__init__(*args, **kwargs)
        counted(self.fields["title"], TITLE_MAX_LENGTH)


class TransferForm(forms.Form):
    """An entry of a practice's transfer log: which partner reached which stage, when.

    ``partners`` are those the user may record for (``selectors.transfer_partners``):
    with one, the form records for it without asking; with several (the coordinator),
    it asks which; with none, it refuses.
    """

    partner = forms.TypedChoiceField(label=_("Partner that learns from it"), coerce=int)
    stage = forms.ChoiceField(
        label=_("Stage reached"), choices=TransferStage.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limit("transfer_note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was studied, what is being changed to fit, what was adopted."),
    )

    def __init__(self, *args: Any, partners: Sequence[Partner], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.partners = {partner.pk: partner for partner in partners}
        if len(self.partners) > 1:
            choices = [(pk, str(partner)) for pk, partner in self.partners.items()]
            cast(forms.ChoiceField, self.fields["partner"]).choices = choices
        else:
            del self.fields["partner"]

    @property
    def is_available(self) -> bool:
        """Whether the user may record an entry at all."""
        return bool(self.partners)

    @property
    def only_partner(self) -> Partner | None:
        """Return the one partner the entry is recorded for, when there is no choice."""
        return next(iter(self.partners.values())) if len(self.partners) == 1 else None

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Record a stage once it is reached: not in the future."))
        return on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.partners:
            raise forms.ValidationError(
                _("You may record only what your own partner learnt from another partner.")
            )
        return data

    def entry(self) -> dict[str, Any]:
        """Return the keyword arguments of ``transfer_record`` but the actor and practice."""
        data = self.cleaned_data
        partner = self.only_partner or self.partners[data["partner"]]
        return {"partner": partner, "stage": data["stage"], "on": data["on"], "note": data["note"]}
