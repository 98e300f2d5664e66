"""The filters of the indicator pages: which partner (or the whole project) and which
reporting period, read from the address (GET) so every view of the figures can be linked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.periods import Period, periods_between
from learninglab.projects.models import Partner, Project


class FilterForm(forms.Form):
    project: forms.ChoiceField = forms.ChoiceField(label=_("Project"), required=False)
    partner: forms.ChoiceField = forms.ChoiceField(label=_("Partner"), required=False)
    period: forms.ChoiceField = forms.ChoiceField(
        label=_("Reporting period"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose one of the project's reporting periods, or all time.")
        },
    )

    def __init__(
        self,
        data: Any,
        *,
        projects: list[Project],
        project: Project,
        partners: list[Partner],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.projects = {str(p.pk): p for p in projects}
        self.partners = {p.slug: p for p in partners}
        if len(projects) > 1:
            self._choice("project").choices = [(str(p.pk), p.acronym) for p in projects]
        else:
            del self.fields["project"]
        self._choice("partner").choices = [("", _("The whole project"))] + [
            (p.slug, p.city) for p in partners
        ]
        self.fields["partner"].error_messages["invalid_choice"] = _(
            "Choose a partner whose figures you may see, or the whole project."
        )
        last = max(project.end_date, timezone.localdate())
        self._choice("period").choices = [("", _("All time"))] + [
            (str(p), f"{p} ({p.label})")
            for p in reversed(periods_between(project.start_date, last))
        ]

    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def chosen_partner(self) -> Partner | None:
        """Return the partner chosen, or None (the whole project, or a refused choice)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.partners.get(self.cleaned_data.get("partner") or "")

    def chosen_period(self) -> Period | None:
        """Return the period chosen, or None (all time, or a refused choice)."""
        if not self.is_bound:
            return None
        self.is_valid()
        value = self.cleaned_data.get("period") or ""
        return Period.parse(value) if value else None

    def query(self, **extra: str) -> str:
        """Return the filters as they stand (and ``extra``), for links and downloads."""
        query = QueryDict(mutable=True)
        partner, period = self.chosen_partner(), self.chosen_period()
        if "project" in self.fields and self.is_bound and self.data.get("project") in self.projects:
            query["project"] = self.data["project"]
        if partner is not None:
            query["partner"] = partner.slug
        if period is not None:
            query["period"] = str(period)
        for name, value in extra.items():
            if value:
                query[name] = value
            else:
                query.pop(name, None)
        return query.urlencode()
