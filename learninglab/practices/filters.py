"""The search and filter forms of the public catalogue and of the staff list.

Both are GET forms: a search is a link that can be kept and shared, and the forms work
without JavaScript. A value that does not pass (a year out of range, a partner that is not
offered) is shown with its error and left out; the other filters still apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.practices.models import PracticeStatus, Progress, Topic
from learninglab.practices.search import PracticeFilters, Sort
from learninglab.projects.models import Partner

FIRST_YEAR, LAST_YEAR = 1950, 2100


def _year(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CatalogueFilterForm(forms.Form):
    """What a visitor of the public catalogue searches for and narrows it by."""

    sorts = [
        (Sort.RELEVANCE, pgettext_lazy("stakeholder", "Best match")),
        (Sort.NEWEST, pgettext_lazy("stakeholder", "Newest first")),
        (Sort.TITLE, pgettext_lazy("stakeholder", "Title")),
        (Sort.STARTED, pgettext_lazy("stakeholder", "Latest start first")),
    ]

    # The fields shown in the first row, beside the words; the others are folded away.
    first_fields: tuple[str, ...] = ("q", "sort")

    q = forms.CharField(
        label=pgettext_lazy("stakeholder", "Words to search for"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(label=pgettext_lazy("stakeholder", "Order"), required=False)
    partner = forms.ChoiceField(label=pgettext_lazy("stakeholder", "Partner"), required=False)
    country = forms.ChoiceField(label=pgettext_lazy("stakeholder", "Country"), required=False)
    topic = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Theme"),
        required=False,
        choices=[("", pgettext_lazy("stakeholder", "All themes")), *Topic.choices],
    )
    progress = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Ongoing or completed"),
        required=False,
        choices=[("", pgettext_lazy("stakeholder", "Either")), *Progress.choices],
    )
    active_in = _year(pgettext_lazy("stakeholder", "Running in the year"))
    started_from = _year(pgettext_lazy("stakeholder", "Started in or after"))
    started_until = _year(pgettext_lazy("stakeholder", "Started in or before"))
    validated = forms.BooleanField(
        label=pgettext_lazy("stakeholder", "Only those validated by the programme's experts"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        partners: Iterable[Partner],
        countries: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("sort", self.sorts)
        self.partners = [(partner.slug, partner.city) for partner in partners]
        all_partners = pgettext_lazy("stakeholder", "All partners")
        self._choices("partner", [("", all_partners), *self.partners])
        all_countries = pgettext_lazy("stakeholder", "All countries")
        self._choices("country", [("", all_countries), *countries.items()])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("started_from"), data.get("started_until")
        if first is not None and last is not None and first > last:
            self.add_error(
                "started_until",
                pgettext_lazy("stakeholder", "Give a year no earlier than the first one."),
            )
        return data

    @property
    def is_narrowed(self) -> bool:
        """Whether a filter beyond the words and the order is chosen, or has an error:
        the page then shows the filters open."""
        data = self.filters()
        chosen = (
            *("partner", "country", "topic", "progress", "status", "validated"),
            *("active_in", "started_from", "started_until"),
        )
        return bool(self.errors) or any(getattr(data, name) for name in chosen)

    def filters(self) -> PracticeFilters:
        """Return the valid filters (all of them empty for an unbound form)."""
        if not self.is_bound:
            return PracticeFilters()
        self.is_valid()
        data = self.cleaned_data
        return PracticeFilters(
            query=data.get("q") or "",
            partner=data.get("partner") or "",
            country=data.get("country") or "",
            topic=data.get("topic") or "",
            progress=data.get("progress") or "",
            status=data.get("status") or "",
            validated=bool(data.get("validated")),
            active_in=data.get("active_in"),
            started_from=data.get("started_from"),
            started_until=data.get("started_until"),
            sort=data.get("sort") or "",
        )


class StaffFilterForm(CatalogueFilterForm):
    """The staff list's filters: the catalogue's, and the review status."""

    sorts = [
        (Sort.RELEVANCE, _("Best match")),
        (Sort.CHANGED, _("Last changed first")),
        (Sort.NEWEST, _("Newest published first")),
        (Sort.TITLE, _("Title")),
        (Sort.STARTED, _("Latest start first")),
    ]

    status = forms.ChoiceField(
        label=_("Review status"),
        required=False,
        choices=[("", _("Any")), *PracticeStatus.choices],
    )

    first_fields = ("q", "status", "sort")
    field_order = ["q", "status", "sort", "partner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(self.partners) <= 1:
            del self.fields["partner"]  # one partner's staff: nothing to choose
