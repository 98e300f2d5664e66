"""What the pages that make something for a partner share: choosing the partner first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.projects.forms import PartnerChoiceForm
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partners_for


def partner_chosen(
    request: HttpRequest, *, label: str, template_name: str
) -> Partner | HttpResponse:
    """Return the partner the new thing is for, or the page that asks which one.

    A user who works for one partner is not asked; one who works for several chooses
    (``?partner=<slug>``) on the page ``template_name``, whose field is labelled ``label``.
    """
    partners = partners_for(request.user)
    chooser = PartnerChoiceForm(request.GET or None, partners=partners, label=label)
    if partners.count() == 1:
        return partners.get()
    if chooser.is_valid():
        return chooser.cleaned_data["partner"]
    return render(request, template_name, {"form": chooser})
