"""Staff pages of the action plans: the list, a new plan, a plan's page and its Part I
and II, and the steps of its life (submit, withdraw, endorse, open a revision).

Every view is guarded by ``core.permissions`` and fetches its plan through
``selectors.plan_for``: a plan the user may not see is a 404. A plan that is submitted
or endorsed sends whoever tries to edit it back to its page with a word of why not.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.actionplans.forms.plan import EndorseForm, NoteForm, PlanForm, PlanStartForm
from learninglab.actionplans.models import ActionPlan
from learninglab.actionplans.monitoring import plan_monitoring
from learninglab.actionplans.selectors.plan import (
    instruments_without_plan,
    joint_partner_choices,
    plan_for,
    plan_versions,
    plans_for,
)
from learninglab.actionplans.services.plan import plan_start, plan_update
from learninglab.actionplans.services.workflow import (
    plan_endorse,
    plan_missing,
    plan_revise,
    plan_submit,
    plan_withdraw,
)
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import has_perm, permission_required, require
from learninglab.core.uploads import DOCUMENT, max_bytes
from learninglab.projects.views import partner_chosen


@permission_required("actionplans.view")
def plans_view(request: HttpRequest) -> HttpResponse:
    plans = list(plans_for(request.user))
    return render(request, "actionplans/plan_list.html", {"plans": plans})


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.edit")
def plan_create_view(request: HttpRequest) -> HttpResponse:
    partner = partner_chosen(
        request,
        label=_("Action plan of"),
        title=_("New action plan"),
        back=(reverse("actionplans:plans"), _("Action plans")),
    )
    if isinstance(partner, HttpResponse):
        return partner
    form = PlanStartForm(
        posted(request), partner=partner, instruments=instruments_without_plan(partner)
    )
    if request.method == "POST" and form.is_valid():
        instrument, new_instrument = form.instrument_chosen()
        try:
            plan = plan_start(
                actor=request.user,
                partner=partner,
                instrument=instrument,
                new_instrument=new_instrument,
                data=form.plan_data(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _(
                    "The plan is started as a draft. Fill in Part I and Part II, "
                    "then add its actions."
                ),
            )
            return redirect("actionplans:plan_edit", plan.slug)
    return render(request, "actionplans/plan_create.html", {"form": form, "partner": partner})


def _plan_page(
    request: HttpRequest, plan: ActionPlan, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    """Render the plan's page; ``bound`` holds a posted form with errors (``submit``,
    ``endorse`` or ``revise``), shown instead of an empty one."""
    bound = bound or {}
    user = request.user
    versions = list(plan_versions(plan))
    context = {
        "plan": plan,
        "actions": plan.actions.all(),
        "joint_partners": plan.joint_partners.all(),
        "versions": versions,
        "signed": next((v for v in reversed(versions) if v.signed_document), None),
        "may_edit": plan.is_editable and has_perm(user, "actionplans.edit", plan),
        "may_submit": has_perm(user, "actionplans.submit", plan),
        "may_endorse": has_perm(user, "actionplans.endorse", plan),
        "missing": plan_missing(plan) if plan.is_editable else [],
        "submit_form": bound.get("submit") or NoteForm(prefix="submit"),
        "revise_form": bound.get("revise") or NoteForm(prefix="revise"),
        "endorse_form": bound.get("endorse")
        or EndorseForm(initial={"organisation": plan.instrument.managing_authority}),
        "document_limit": max_bytes(DOCUMENT),
        "refused_form": next(iter(bound.values()), None),
        "rollup": plan_monitoring(plan),
    }
    return render(request, "actionplans/plan.html", context)


@permission_required("actionplans.view")
def plan_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _plan_page(request, plan_for(request.user, slug))


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.edit")
def plan_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    require(request.user, "actionplans.edit", plan)
    if not plan.is_editable:
        messages.info(
            request,
            _("This plan is %(status)s: open a revision to change it.")
            % {"status": plan.get_status_display().lower()},
        )
        return redirect(plan)
    form = PlanForm(
        posted(request),
        plan=plan,
        joint_choices=joint_partner_choices(plan.partner),
        initial=PlanForm.initial_from(plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(actor=request.user, plan=plan, data=form.plan_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(plan)
    return render(request, "actionplans/plan_edit.html", {"form": form, "plan": plan})


# The steps of the plan's life


def _refused(request: HttpRequest, plan: ActionPlan, error: DomainError) -> HttpResponse:
    """Say why a step was refused, back on the plan's page."""
    messages.error(request, str(error))
    return redirect(plan)


@require_POST
@permission_required("actionplans.submit")
def plan_submit_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    require(request.user, "actionplans.submit", plan)
    form = NoteForm(request.POST, prefix="submit")
    if form.is_valid():
        try:
            version = plan_submit(actor=request.user, plan=plan, note=form.cleaned_data["note"])
        except DomainError as error:
            if error.code != "too_long":
                return _refused(request, plan, error)
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _(
                    "The plan is submitted as version %(number)s. "
                    "Record its endorsement once signed."
                )
                % {"number": version.number},
            )
            return redirect(plan)
    return _plan_page(request, plan, bound={"submit": form})


@require_POST
@permission_required("actionplans.submit")
def plan_withdraw_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    require(request.user, "actionplans.submit", plan)
    try:
        plan_withdraw(actor=request.user, plan=plan)
    except DomainError as error:
        return _refused(request, plan, error)
    messages.success(request, _("The submission is withdrawn: the plan can be changed again."))
    return redirect(plan)


@require_POST
@permission_required("actionplans.endorse")
def plan_endorse_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    require(request.user, "actionplans.endorse", plan)
    form = EndorseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = plan_endorse(actor=request.user, plan=plan, data=form.endorsement_data())
        except DomainError as error:
            if error.code == "wrong_status":
                return _refused(request, plan, error)
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("The endorsement is recorded as version %(number)s, with the signed document.")
                % {"number": version.number},
            )
            return redirect(plan)
    return _plan_page(request, plan, bound={"endorse": form})


@require_POST
@permission_required("actionplans.submit")
def plan_revise_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    require(request.user, "actionplans.submit", plan)
    form = NoteForm(request.POST, prefix="revise")
    if form.is_valid():
        try:
            plan_revise(actor=request.user, plan=plan, note=form.cleaned_data["note"])
        except DomainError as error:
            if error.code != "too_long":
                return _refused(request, plan, error)
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("A revision is open: change the plan, then submit it again for endorsement."),
            )
            return redirect(plan)
    return _plan_page(request, plan, bound={"revise": form})
