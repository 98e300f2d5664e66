"""Staff pages of a plan's actions: write one, its players, milestones and funding, and
link it to the good practices and the ideas behind it.

Every view is guarded by ``core.permissions`` and fetches its plan or action through
``selectors.action``: another partner's is a 404, as if it did not exist. While a plan
is submitted or endorsed its actions cannot change: the pages that would change one send
staff back to the action's page with a word of why (the services refuse it too).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.actionplans.drafting import background_draft
from learninglab.actionplans.forms.action import (
    ActionForm,
    FundingForm,
    MilestoneForm,
    PlayerForm,
)
from learninglab.actionplans.models import Action, ActionPlan, PlanStatus
from learninglab.actionplans.monitoring import action_monitoring
from learninglab.actionplans.provenance import action_provenance
from learninglab.actionplans.selectors.action import (
    action_for,
    action_funding,
    action_idea_link,
    action_milestone,
    action_player,
    action_practice_link,
    linkable_ideas,
    partner_ideas,
    plan_for,
    practices_to_link,
    published_practice,
)
from learninglab.actionplans.services.action import (
    action_create,
    action_delete,
    action_idea_unlink,
    action_ideas_link,
    action_move,
    action_practice_note,
    action_practice_unlink,
    action_update,
)
from learninglab.actionplans.services.funding import funding_add, funding_remove
from learninglab.actionplans.services.milestone import milestone_add, milestone_remove
from learninglab.actionplans.services.player import player_add, player_remove
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import has_perm, permission_required


def plan_page(plan: ActionPlan) -> str:
    """Return the address of the plan's page."""
    return plan.get_absolute_url()


def _locked(request: HttpRequest, action: Action) -> HttpResponse:
    messages.info(
        request,
        _("This plan is %(status)s: its actions change only in a revision.")
        % {"status": action.plan.get_status_display().lower()},
    )
    return redirect(action.get_absolute_url())


def _changeable(request: HttpRequest, slug: str, pk: int) -> Action | HttpResponse:
    """Return the action if ``request.user`` may change it now, else its page with a
    word of why not."""
    action = action_for(request.user, slug, pk, permission="actionplans.action.edit")
    return action if action.plan.is_editable else _locked(request, action)


def _action_page(
    request: HttpRequest, action: Action, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    """Render the action's page; ``bound`` holds a form posted with errors (``player``,
    ``milestone``, ``funding``), shown instead of an empty one."""
    bound = bound or {}
    plan = action.plan
    may_edit = plan.is_editable and has_perm(request.user, "actionplans.action.edit", action)
    funding = list(action.funding.all())
    total = sum((source.amount_eur for source in funding), start=0)
    count = plan.actions.count()
    context = {
        "action": action,
        "plan": plan,
        "plan_url": plan_page(plan),
        "may_edit": may_edit,
        "is_last": action.position >= count - 1,
        "funding": funding,
        "funding_total": total,
        "funding_differs": bool(funding)
        and action.costs_eur is not None
        and total != action.costs_eur,
        "player_form": bound.get("player") or PlayerForm(plan=plan),
        "milestone_form": bound.get("milestone") or MilestoneForm(plan=plan),
        "funding_form": bound.get("funding") or FundingForm(),
        # A draft is not implemented yet: its monitoring starts once it is submitted.
        "monitoring": action_monitoring(action) if plan.status != PlanStatus.DRAFT else None,
        "provenance": action_provenance(action, request.user),
    }
    return render(request, "actionplans/action.html", context)


@permission_required("actionplans.action.view")
def action_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _action_page(request, action_for(request.user, slug, pk))


def _save(request: HttpRequest, form: ActionForm, action: Action | None) -> Action | None:
    if not form.is_valid():
        return None
    try:
        if action is None:
            return action_create(actor=request.user, plan=form.plan, data=form.action_data())
        return action_update(actor=request.user, action=action, data=form.action_data())
    except DomainError as error:
        form.add_domain_error(error)
        return None


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.edit")
def action_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug, permission="actionplans.edit")
    if not plan.is_editable:
        messages.info(
            request,
            _("This plan is %(status)s: actions are added only in a revision.")
            % {"status": plan.get_status_display().lower()},
        )
        return redirect(plan_page(plan))
    form = ActionForm(posted(request), plan=plan)
    if request.method == "POST" and (action := _save(request, form, None)):
        messages.success(
            request,
            _(
                "The action is added. Name the players, milestones and funding, and link the "
                "good practices and ideas behind it."
            ),
        )
        return redirect(action.get_absolute_url())
    context = {"form": form, "plan": plan, "plan_url": plan_page(plan)}
    return render(request, "actionplans/action_form.html", context)


# Posting one of these buttons of the edit form drafts the background instead of saving.
DRAFT, REPLACE = "draft", "draft_replace"


def _with_draft(
    data: QueryDict, form: ActionForm, draft: dict[str, str], *, replace: bool
) -> QueryDict:
    """Return ``data`` with the drafted background put in each language whose background
    is empty (in every language when ``replace``)."""
    data = data.copy()
    for code in form.plan.languages:
        key = form.add_prefix(f"background_{code}")
        if draft.get(code) and (replace or not data.get(key, "").strip()):
            data[key] = draft[code]
    return data


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.action.edit")
def action_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    plan = action.plan
    form = ActionForm(posted(request), plan=plan, initial=ActionForm.initial_from(action))
    draft: dict[str, str] | None = None
    if request.method == "POST" and (DRAFT in request.POST or REPLACE in request.POST):
        draft = background_draft(action)
        if not draft:
            messages.info(
                request,
                _("Nothing is linked to the action yet: link good practices or ideas first."),
            )
        else:
            data = _with_draft(request.POST, form, draft, replace=REPLACE in request.POST)
            filled = any(data.get(key) != request.POST.get(key) for key in data)
            form = ActionForm(data, plan=plan)
            messages.info(
                request,
                _("The background is drafted from the links: edit it, then save.")
                if filled
                else _("The background is drafted from the links: it is shown beside yours."),
            )
    elif request.method == "POST" and _save(request, form, action):
        messages.success(request, _("Your changes were saved."))
        return redirect(action.get_absolute_url())
    # Where staff wrote a background already, the draft is shown beside it to copy from.
    kept = {
        code: text
        for code, text in (draft or {}).items()
        if (form.data.get(form.add_prefix(f"background_{code}")) or "").strip() != text
    }
    context = {
        "form": form,
        "plan": plan,
        "action": action,
        "plan_url": plan_page(plan),
        "drafted": draft is not None,
        "draft_beside": kept,
    }
    return render(request, "actionplans/action_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.action.edit")
def action_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    if request.method == "POST":
        try:
            action_delete(actor=request.user, action=action)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(action.get_absolute_url())
        messages.success(
            request, _("The action “%(title)s” was deleted.") % {"title": action.title}
        )
        return redirect(plan_page(action.plan))
    context = {"action": action, "plan": action.plan, "plan_url": plan_page(action.plan)}
    return render(request, "actionplans/action_delete.html", context)


@require_POST
@permission_required("actionplans.action.edit")
def action_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    moved = action_move(actor=request.user, action=action, up=request.POST.get("to") == "up")
    messages.success(
        request,
        _("“%(title)s” is now action %(number)s.") % {"title": moved.title, "number": moved.number},
    )
    # The plan's page lists its actions with these buttons too, and asks to come back.
    back = plan_page(moved.plan) if request.POST.get("next") == "plan" else None
    return redirect(back or moved.get_absolute_url())


# Players, milestones and funding: small forms on the action's page


def _added(request: HttpRequest, action: Action, anchor: str, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{action.get_absolute_url()}#{anchor}")


@require_POST
@permission_required("actionplans.action.edit")
def player_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    form = PlayerForm(request.POST, plan=action.plan)
    if form.is_valid():
        try:
            player = player_add(actor=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = _("%(name)s is added to the players.") % {"name": player.display_name}
            return _added(request, action, "players-heading", text)
    return _action_page(request, action, bound={"player": form})


@require_POST
@permission_required("actionplans.action.edit")
def milestone_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    form = MilestoneForm(request.POST, plan=action.plan)
    if form.is_valid():
        try:
            milestone_add(actor=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _added(request, action, "milestones-heading", _("The milestone is added."))
    return _action_page(request, action, bound={"milestone": form})


@require_POST
@permission_required("actionplans.action.edit")
def funding_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    form = FundingForm(request.POST)
    if form.is_valid():
        try:
            funding_add(actor=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _added(request, action, "funding-heading", _("The funding source is added."))
    return _action_page(request, action, bound={"funding": form})


def _removed(request: HttpRequest, action: Action, anchor: str, remove: Any) -> HttpResponse:
    try:
        remove()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("It was removed."))
    return redirect(f"{action.get_absolute_url()}#{anchor}")


@require_POST
@permission_required("actionplans.action.edit")
def player_remove_view(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    player = action_player(action, item)
    return _removed(
        request,
        action,
        "players-heading",
        lambda: player_remove(actor=request.user, player=player),
    )


@require_POST
@permission_required("actionplans.action.edit")
def milestone_remove_view(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    milestone = action_milestone(action, item)
    return _removed(
        request,
        action,
        "milestones-heading",
        lambda: milestone_remove(actor=request.user, milestone=milestone),
    )


@require_POST
@permission_required("actionplans.action.edit")
def funding_remove_view(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    source = action_funding(action, item)
    return _removed(
        request,
        action,
        "funding-heading",
        lambda: funding_remove(actor=request.user, source=source),
    )


# The good practices and ideas behind the action


@require_http_methods(["GET"])
@permission_required("actionplans.action.edit")
def action_links_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Find published good practices to link, and the ideas of the partner's labs."""
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    query = request.GET.get("q", "").strip()[:200]
    linked_ideas = {link.idea_id for link in action.idea_links.all()}
    context = {
        "action": action,
        "plan": action.plan,
        "plan_url": plan_page(action.plan),
        "query": query,
        "found": practices_to_link(action, query),
        "labs": partner_ideas(action.plan),
        "linked_ideas": linked_ideas,
    }
    return render(request, "actionplans/action_links.html", context)


def _links(action: Action, anchor: str) -> str:
    return f"{reverse('actionplans:action_links', args=[action.plan.slug, action.pk])}#{anchor}"


@require_POST
@permission_required("actionplans.action.edit")
def practice_link_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    practice = published_practice(request.POST.get("practice"))
    if practice is None:
        messages.error(request, _("Choose a published good practice from the list."))
        return redirect(_links(action, "practices-heading"))
    try:
        action_practice_note(
            actor=request.user,
            action=action,
            practice=practice,
            note=request.POST.get("note", ""),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” is linked to the action.") % {"title": practice.title},
        )
    return redirect(_links(action, "practices-heading"))


@require_POST
@permission_required("actionplans.action.edit")
def practice_unlink_view(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    link = action_practice_link(action, item)
    return _removed(
        request,
        action,
        "practices-heading",
        lambda: action_practice_unlink(actor=request.user, link=link),
    )


@require_POST
@permission_required("actionplans.action.edit")
def idea_link_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    ideas = linkable_ideas(request.POST.getlist("ideas"))
    if not ideas:
        messages.error(request, _("Choose at least one idea."))
        return redirect(_links(action, "ideas-heading"))
    try:
        action_ideas_link(actor=request.user, action=action, ideas=ideas)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The ideas are linked to the action."))
    return redirect(_links(action, "ideas-heading"))


@require_POST
@permission_required("actionplans.action.edit")
def idea_unlink_view(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    action = _changeable(request, slug, pk)
    if isinstance(action, HttpResponse):
        return action
    link = action_idea_link(action, item)
    return _removed(
        request,
        action,
        "ideas-heading",
        lambda: action_idea_unlink(actor=request.user, link=link),
    )
