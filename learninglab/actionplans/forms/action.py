"""Forms of an action's pages. They clean input; the services decide.

The texts of an action are written in its plan's languages (its own, then English), each
one ``MultilingualFormField`` (inputs ``title_ro``, ``title_en``) counted against the
limits of ``actionplans.limits`` like the good practices' forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from learninglab.accounts.models import User
from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import (
    Action,
    ActionPlan,
    ActionPlayer,
    FundingKind,
    Milestone,
)
from learninglab.actionplans.selectors.action import organisation_choices, responsible_choices
from learninglab.actionplans.services.action import ActionData
from learninglab.actionplans.services.funding import AMOUNT_MAX
from learninglab.actionplans.services.player import NAME_MAX_LENGTH
from learninglab.core.errors import DomainError
from learninglab.core.multilingual import MultilingualFormField, form_field
from learninglab.practices.forms import NumberField, TextField, counted, limit_help
from learninglab.stakeholders.models import Organisation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The action's texts: label, rows of the text area (None: one line), limit and hint.
TEXTS: dict[str, tuple[Any, int | None, str, Any]] = {
    "title": (_("Title"), None, "action_title", ""),
    "background": (
        _("Background"),
        10,
        "background",
        _("The lesson learnt in the cooperation and what inspired the action."),
    ),
    "description": (
        _("What will be done"),
        8,
        "description",
        _("The activities, who carries them out and what they deliver."),
    ),
}


def text_field(
    model: type[models.Model],
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


class DomainErrorForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal at the field it concerns, else above the form."""
        field = error.params.get("field")
        self.add_error(field if field in self.fields else None, str(error))


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class ActionForm(DomainErrorForm):
    """What an action says; ``action_data()`` gives what the services take."""

    starts_on = forms.DateField(label=_("Start"), required=False, widget=_DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=_DATE)
    costs_eur = NumberField(
        label=_("Costs (EUR)"),
        required=False,
        places=2,
        min_value=0,
        max_value=AMOUNT_MAX,
        help_text=_("What the action costs in all, in euros."),
    )
    is_pilot = forms.BooleanField(
        label=_("Pilot action"),
        required=False,
        help_text=_(
            "A pilot action tests a lesson learnt on a small scale; pilots belong to the "
            "implementation phase of the project."
        ),
    )
    weight = forms.IntegerField(
        label=_("Weight in the plan's progress"),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        help_text=_("From 1 to 100. Leave empty to count every action the same."),
    )
    responsible = StaffChoiceField(
        label=_("Responsible staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— nobody chosen —"),
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        texts = {}
        for name, (label, rows, limit_name, hint) in TEXTS.items():
            characters = limit(limit_name)
            texts[name] = text_field(
                Action,
                name,
                languages=plan.languages,
                characters=characters,
                label=label,
                rows=rows,
                required=name == "title",
                help_text=limit_help(characters, hint),
            )
        self.fields = {**texts, **self.fields}
        cast(StaffChoiceField, self.fields["responsible"]).queryset = responsible_choices(plan)

    @classmethod
    def initial_from(cls, action: Action) -> dict[str, Any]:
        """Return the form's initial values for ``action``."""
        initial = {name: getattr(action, name) for name in [*TEXTS, "starts_on", "ends_on"]}
        initial.update(
            costs_eur=action.costs_eur,
            is_pilot=action.is_pilot,
            weight=action.weight,
            responsible=action.responsible_id,
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The action cannot end before it starts."))
        return data

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            title=data["title"],
            background=data["background"],
            description=data["description"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            costs_eur=data["costs_eur"],
            is_pilot=data["is_pilot"],
            weight=data["weight"],
            responsible=data["responsible"],
        )


class PlayerForm(DomainErrorForm):
    """A player: an organisation of the directory, or the name of another; and its role."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation from the directory"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— not in the directory —"),
    )
    name = forms.CharField(
        label=_("Or the name of an organisation not in the directory"),
        max_length=NAME_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "player")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisation_choices(
            plan
        )
        self.fields["role"] = text_field(
            ActionPlayer,
            "role",
            languages=plan.languages,
            characters=limit("player_role"),
            label=_("Role in the action"),
            required=False,
            help_text=_("e.g. manages the call; hosts the pilot."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "organisation" in data and "name" in data:
            if not data["organisation"] and not data["name"].strip():
                self.add_error(
                    "organisation",
                    _("Choose an organisation of the directory or write the name of another."),
                )
            elif data["organisation"] and data["name"].strip():
                self.add_error(
                    "name", _("Choose an organisation of the directory or write a name, not both.")
                )
        return data


class MilestoneForm(DomainErrorForm):
    due_on = forms.DateField(label=_("Due"), widget=_DATE)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "milestone")
        super().__init__(*args, **kwargs)
        self.fields = {
            "title": text_field(
                Milestone,
                "title",
                languages=plan.languages,
                characters=limit("milestone"),
                label=_("Milestone"),
                required=True,
            ),
            **self.fields,
        }


class FundingForm(DomainErrorForm):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *FundingKind.choices])
    name = forms.CharField(
        label=_("Name"),
        max_length=limit("funding_name"),
        required=False,
        help_text=_("The programme, its priority or the body that pays, e.g. ROP West 2.1."),
    )
    amount_eur = NumberField(
        label=_("Amount (EUR)"),
        places=2,
        min_value=Decimal("0.01"),
        max_value=AMOUNT_MAX,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "funding")
        super().__init__(*args, **kwargs)


class IdeasToActionForm(DomainErrorForm):
    """The ideas of a lab chosen for one new action, the plan it goes into, its title."""

    ideas = forms.TypedMultipleChoiceField(
        label=_("Ideas"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one idea.")},
    )
    plan = forms.ModelChoiceField(
        label=_("Action plan"),
        queryset=ActionPlan.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the plan the action goes into.")},
    )
    title = forms.CharField(
        label=_("Title of the action"),
        max_length=limit("action_title"),
        required=False,
        help_text=_(
            "The first idea chosen, unless you write another; you edit it later in both languages."
        ),
    )

    def __init__(self, *args: Any, ideas: list[Any], plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idea_texts = {idea.pk: idea.text for idea in ideas}
        choices = cast(forms.TypedMultipleChoiceField, self.fields["ideas"])
        choices.choices = [(idea.pk, idea.text) for idea in ideas]
        plan_field = cast(forms.ModelChoiceField, self.fields["plan"])
        plan_field.queryset = plans
        offered = list(plans)
        if len(offered) == 1:
            plan_field.initial = offered[0].pk

    def title_texts(self) -> dict[str, str]:
        """Return the title in the plan's language: as typed, else the text of the first
        idea chosen, in the order of the page."""
        data = self.cleaned_data
        title = " ".join(data["title"].split())
        if not title:
            first = next(pk for pk in self.idea_texts if pk in data["ideas"])
            title = self.idea_texts[first][: limit("action_title")]
        return {data["plan"].language: title}
