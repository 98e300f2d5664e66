"""Pages of the stakeholder directory. Permissions come from ``core.permissions``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learninglab.core.audit_sentences import describe
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required, require
from learninglab.projects.selectors import partners_for
from learninglab.projects.views import partner_chosen
from learninglab.stakeholders import exports, selectors
from learninglab.stakeholders.forms import (
    ConsentForm,
    EraseForm,
    FilterForm,
    MergeForm,
    StakeholderForm,
)
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.stakeholder import (
    stakeholder_erase,
    stakeholder_merge,
    stakeholder_save,
)

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.StakeholderFilters]:
    partners = partners_for(request.user)
    # Read once (the form counts them from the same rows): a user of one partner's group
    # sees only that group, so its lists take that partner's alphabet.
    only = partners[0] if len(partners) == 1 else None
    form = FilterForm(request.GET or None, partners=partners, tags=selectors.tag_names(partners))
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    return form, selectors.StakeholderFilters(
        query=data.get("q", ""),
        partner=data.get("partner") or only,
        organisation_type=data.get("type", ""),
        tag=data.get("tag", ""),
        consent=data.get("consent", ""),
    )


@permission_required("stakeholders.view")
def stakeholder_list_view(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    people = selectors.stakeholder_list(request.user, filters)
    page = selectors.stakeholder_page(people, request.GET.get("page"), per_page=PAGE_SIZE)
    coverage = selectors.helix_coverage(
        selectors.stakeholder_list(
            request.user, selectors.StakeholderFilters(partner=filters.partner)
        )
    )
    context = {"form": form, "page": page, "coverage": coverage, "query": request.GET.urlencode()}
    return render(request, "stakeholders/list.html", context)


@permission_required("stakeholders.export")
def stakeholder_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, filters = _filters(request)
    people = selectors.stakeholder_list(request.user, filters)
    return exports.stakeholders_response(people, fmt=fmt)


@permission_required("stakeholders.view")
def stakeholder_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.stakeholder_get(request.user, pk)
    context = {
        "person": person,
        "consents": selectors.consent_ledger(person),
        "history": describe(
            selectors.stakeholder_history(person)[:30], zone=person.partner.time_zone
        ),
        "consent_form": ConsentForm(),
    }
    return render(request, "stakeholders/detail.html", context)


def _save_person(
    request: HttpRequest, form: StakeholderForm, person: Stakeholder | None
) -> Stakeholder | None:
    """Create or update from a valid form; put domain errors on the form."""
    try:
        return stakeholder_save(
            actor=request.user,
            partner=form.partner,
            stakeholder=person,
            data=form.stakeholder_data(),
            new_organisation=form.organisation_to_add(),
        )
    except DomainError as error:
        form.add_error("email" if error.code == "email_taken" else None, str(error))
        return None


@permission_required("stakeholders.change")
def stakeholder_create_view(request: HttpRequest) -> HttpResponse:
    partner = partner_chosen(request, label=_("Stakeholder group of"), title=_("Add a person"))
    if isinstance(partner, HttpResponse):
        return partner
    form = StakeholderForm(posted(request), partner=partner)
    if request.method == "POST" and form.is_valid():
        person = _save_person(request, form, None)
        if person is not None:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect(person)
    return render(request, "stakeholders/form.html", {"form": form, "partner": partner})


@permission_required("stakeholders.change")
def stakeholder_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.stakeholder_get(request.user, pk, permission="stakeholders.change")
    form = StakeholderForm(
        posted(request), partner=person.partner, initial=StakeholderForm.initial_from(person)
    )
    saved = request.method == "POST" and form.is_valid() and _save_person(request, form, person)
    if saved:
        messages.success(request, _("Your changes were saved."))
        return redirect(person)
    return render(
        request,
        "stakeholders/form.html",
        {"form": form, "partner": person.partner, "person": person},
    )


@require_POST
@permission_required("stakeholders.consent")
def consent_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.stakeholder_get(request.user, pk, permission="stakeholders.consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            consent_record(actor=request.user, stakeholder=person, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The consent was recorded."))
    else:
        messages.error(request, _("Choose a purpose, an answer and how it was given."))
    return redirect(person)


@permission_required("stakeholders.merge")
def stakeholder_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.stakeholder_get(request.user, pk, permission="stakeholders.merge")
    candidates = selectors.stakeholder_list(
        request.user,
        selectors.StakeholderFilters(partner=person.partner, query=request.GET.get("q", "")),
    ).exclude(pk=person.pk)
    form = MergeForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        require(request.user, "stakeholders.merge", duplicate)
        try:
            stakeholder_merge(actor=request.user, keep=person, remove=duplicate)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s was merged into this person.") % {"name": duplicate.full_name}
            )
            return redirect(person)
    return render(request, "stakeholders/merge.html", {"person": person, "form": form})


@permission_required("stakeholders.export")
def stakeholder_data_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Download everything held about one person (GDPR article 15 and 20)."""
    person = selectors.stakeholder_get(request.user, pk, permission="stakeholders.export")
    return exports.personal_data_response(person, filename=f"stakeholder-{person.pk}.json")


@permission_required("stakeholders.erase")
def stakeholder_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.stakeholder_get(request.user, pk, permission="stakeholders.erase")
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        stakeholder_erase(actor=request.user, stakeholder=person)
        messages.success(request, _("The person's personal data was erased."))
        return redirect("stakeholders:list")
    context = {
        "person": person,
        "form": form,
        "mentions": selectors.stakeholder_mentions(person),
    }
    return render(request, "stakeholders/erase.html", context)
