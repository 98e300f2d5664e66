"""What the other apps' pages share about partners."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from learninglab.projects.forms import PartnerChoiceForm
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partners_for


def partner_chosen(
    request: HttpRequest,
    *,
    label: str | Promise,
    title: str | Promise,
    back: tuple[str, str | Promise] | None = None,
) -> Partner | HttpResponse:
    """Return the partner a new thing is for, or the page on which staff choose it.

    Staff who work for one partner get theirs; the others choose in ``?partner=`` among
    the partners they may work for, on a page titled ``title`` with a field labelled
    ``label`` and, if ``back`` (address, name) is given, a breadcrumb back to it.
    """
    partners = partners_for(request.user)
    chooser = PartnerChoiceForm(request.GET or None, partners=partners, label=str(label))
    if partners.count() == 1:
        return partners.get()
    if chooser.is_valid():
        return chooser.cleaned_data["partner"]
    context = {"form": chooser, "title": title, "back": back}
    return render(request, "projects/choose_partner.html", context)
