"""Forms of the action plans' staff pages. They clean input; the services decide.

A plan's texts are written in its language and in English, each one
``MultilingualFormField`` (inputs ``improvement_ro``, ``improvement_en``), limited to
what ``actionplans.limits`` allows.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import ActionPlan, PlanVersion
from learninglab.actionplans.services.plan import TEXTS, InstrumentData, PlanData
from learninglab.actionplans.services.workflow import EndorsementData
from learninglab.core.errors import DomainError
from learninglab.core.multilingual import Multilingual, form_field
from learninglab.projects.models import InstrumentKind, Partner, PolicyInstrument

NEW_INSTRUMENT = "new"
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _counted(field: forms.Field, characters: int) -> forms.Field:
    for widget in getattr(field.widget, "widgets", [field.widget]):
        widget.attrs.update({"maxlength": str(characters)})
    return field


class _DomainErrors:
    """Put a refusal of the services on the field it names (``field=`` of the error)."""

    def add_domain_error(self, error: DomainError) -> None:
        form = cast(forms.Form, self)
        field = error.params.get("field")
        form.add_error(field if field in form.fields else None, str(error))


class PlanStartForm(_DomainErrors, forms.Form):
    """Start a partner's plan: the instrument it improves (one of the partner's, or a new
    one described here), its language and its title."""

    instrument = forms.ChoiceField(label=_("Policy instrument"), widget=forms.RadioSelect)
    instrument_name = forms.CharField(
        label=_("Name of the new instrument"), max_length=300, required=False
    )
    instrument_kind = forms.ChoiceField(
        label=_("Kind of the new instrument"),
        choices=InstrumentKind.choices,
        initial=InstrumentKind.GROWTH_AND_JOBS,
        widget=forms.RadioSelect,
        required=False,
    )
    instrument_authority = forms.CharField(
        label=_("Its managing authority"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the plan"),
        choices=settings.STAKEHOLDER_LANGUAGES,
        help_text=_("The partner's language; the plan has an English summary too."),
    )

    def __init__(
        self, *args: Any, partner: Partner, instruments: QuerySet[PolicyInstrument], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"language": partner.main_language})
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.instruments = {str(instrument.pk): instrument for instrument in instruments}
        choices = [
            (pk, f"{instrument.name} ({instrument.get_kind_display()})")
            for pk, instrument in self.instruments.items()
        ]
        choices.append((NEW_INSTRUMENT, str(_("A new policy instrument, described below"))))
        field = cast(forms.ChoiceField, self.fields["instrument"])
        field.choices = choices
        if not self.instruments:
            field.initial = NEW_INSTRUMENT
        languages = list(dict.fromkeys([partner.main_language, "en"]))
        self.fields["title"] = _counted(
            form_field(
                ActionPlan,
                "title",
                languages=languages,
                label=_("Title of the plan"),
                required=False,
            ),
            limit("plan_title"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("instrument") == NEW_INSTRUMENT:
            if not (data.get("instrument_name") or "").strip():
                self.add_error("instrument_name", _("Give the new policy instrument's name."))
            if not data.get("instrument_kind"):
                self.add_error("instrument_kind", _("Choose the new instrument's kind."))
        return data

    def instrument_chosen(self) -> tuple[PolicyInstrument | None, InstrumentData | None]:
        """Return (one of the partner's instruments, None) or (None, a new one)."""
        data = self.cleaned_data
        if data["instrument"] == NEW_INSTRUMENT:
            return None, InstrumentData(
                name=data["instrument_name"],
                kind=data["instrument_kind"],
                managing_authority=data["instrument_authority"],
            )
        return self.instruments[data["instrument"]], None

    def plan_data(self) -> PlanData:
        return PlanData(language=self.cleaned_data["language"], title=self.cleaned_data["title"])


# Part I and Part II: (name, label, rows of the text area, None for one line)
PLAN_TEXTS: dict[str, tuple[Any, int | None]] = {
    "title": (_("Title of the plan"), None),
    "organisation": (_("Partner organisation"), None),
    "other_partners": (
        _("Other partners involved (in the region, outside the project)"),
        3,
    ),
    "improvement": (_("How the plan improves the policy instrument"), 6),
    "summary": (
        _("Summary of the actions, their link to the project and their policy relevance"),
        6,
    ),
}


class PlanForm(_DomainErrors, forms.Form):
    """Part I (general information) and Part II (policy context) of a plan, its texts in
    its language and English."""

    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("ISO code, e.g. RO."))
    nuts2 = forms.CharField(
        label=_("NUTS 2 region"), max_length=6, required=False, help_text=_("Its code, e.g. RO42.")
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=limit("contact"), required=False
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    joint_partners = forms.ModelMultipleChoiceField(
        label=_("Partners writing it jointly"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Partners that address the same instrument write one plan: their staff may "
            "read and change it like yours."
        ),
    )
    instrument_name = forms.CharField(label=_("Policy instrument"), max_length=300)
    instrument_kind = forms.ChoiceField(
        label=_("Kind of instrument"), choices=InstrumentKind.choices, widget=forms.RadioSelect
    )
    instrument_authority = forms.CharField(
        label=_("Managing authority"), max_length=200, required=False
    )
    is_public = forms.BooleanField(
        label=_("Show the plan's progress to the public"),
        required=False,
        help_text=_("The plan's actions, their status and progress get a public page."),
    )

    def __init__(
        self, *args: Any, plan: ActionPlan, joint_choices: QuerySet[Partner], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        if joint_choices.exists():
            joint = cast(forms.ModelMultipleChoiceField, self.fields["joint_partners"])
            joint.queryset = joint_choices
        else:  # a project of one partner: nobody to write it with
            del self.fields["joint_partners"]
        for name, (label, rows) in PLAN_TEXTS.items():
            self.fields[name] = _counted(
                form_field(
                    ActionPlan,
                    name,
                    languages=plan.languages,
                    label=label,
                    rows=rows,
                    required=False,
                ),
                limit(TEXTS[name]),
            )

    @staticmethod
    def initial_from(plan: ActionPlan) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(plan, name) for name in PLAN_TEXTS}
        for name in ("country", "nuts2", "region", "contact_name", "contact_email"):
            initial[name] = getattr(plan, name)
        initial["contact_phone"] = plan.contact_phone
        initial["is_public"] = plan.is_public
        initial["joint_partners"] = list(plan.joint_partners.all())
        initial["instrument_name"] = plan.instrument.name
        initial["instrument_kind"] = plan.instrument.kind
        initial["instrument_authority"] = plan.instrument.managing_authority
        return initial

    def fieldsets(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """Return the fields as the programme's template has them: (id, legend, fields)."""
        return [
            (
                "part-1",
                _("Part I — General information"),
                [
                    self[name]
                    for name in ("title", "organisation", "joint_partners", "other_partners")
                    if name in self.fields
                ],
            ),
            (
                "place",
                _("Where, and whom to ask"),
                [
                    self[name]
                    for name in (
                        "country",
                        "nuts2",
                        "region",
                        "contact_name",
                        "contact_email",
                        "contact_phone",
                    )
                ],
            ),
            (
                "part-2",
                _("Part II — Policy context"),
                [
                    self["instrument_name"],
                    self["instrument_kind"],
                    self["instrument_authority"],
                    self["improvement"],
                    self["summary"],
                ],
            ),
            ("public", _("Public page"), [self["is_public"]]),
        ]

    def plan_data(self) -> PlanData:
        data = self.cleaned_data
        texts = {name: Multilingual.of(data[name]) for name in PLAN_TEXTS}
        return PlanData(
            country=data["country"].upper(),
            language=self.plan.language,
            nuts2=data["nuts2"].upper(),
            region=data["region"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            is_public=data["is_public"],
            responsible=self.plan.responsible,
            joint_partners=tuple(data.get("joint_partners", ())),
            instrument=InstrumentData(
                name=data["instrument_name"],
                kind=data["instrument_kind"],
                managing_authority=data["instrument_authority"],
            ),
            **texts,
        )


class NoteForm(_DomainErrors, forms.Form):
    """A note with a step (submitting, opening a revision): what changed, and why."""

    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit("version_note"),
        required=False,
        help_text=_("What changed, and why: it is kept with the version."),
    )


class EndorseForm(_DomainErrors, forms.Form):
    """The endorsement as signed: date, organisation, signatory, position, the PDF."""

    on = forms.DateField(label=_("Endorsed on"), widget=_DATE)
    organisation = forms.CharField(
        label=_("Endorsing organisation"),
        max_length=200,
        help_text=_("The body responsible for the policy instrument."),
    )
    signatory = forms.CharField(label=_("Signatory"), max_length=200)
    position = forms.CharField(label=_("Signatory's position"), max_length=200)
    document = forms.FileField(
        label=_("Signed document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limit("version_note"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "endorse_%s")
        super().__init__(*args, **kwargs)

    def endorsement_data(self) -> EndorsementData:
        data = self.cleaned_data
        return EndorsementData(
            on=data["on"],
            organisation=data["organisation"],
            signatory=data["signatory"],
            position=data["position"],
            document=data["document"],
            note=data["note"],
        )


CURRENT = "current"


class CompareForm(forms.Form):
    """Which two versions to set side by side (``a`` before ``b``); ``current`` stands
    for the plan as it is now, while a draft or a revision is under way."""

    a = forms.ChoiceField(label=_("From version"))
    b = forms.ChoiceField(label=_("To version"))
    changed_only = forms.BooleanField(label=_("Show only what changed"), required=False)

    def __init__(
        self, *args: Any, versions: list[PlanVersion], current: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(version.number),
                str(
                    _("Version %(number)s (%(status)s)")
                    % {"number": version.number, "status": version.get_status_display().lower()}
                ),
            )
            for version in versions
        ]
        if current:
            choices.append((CURRENT, str(_("The plan as it is now"))))
        for name in ("a", "b"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
