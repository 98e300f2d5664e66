"""Turn the ideas of a lab's live wall into a draft action, in one step."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from learninglab.actionplans.forms.action import IdeasToActionForm
from learninglab.actionplans.selectors.action import (
    editable_plans_for,
    lab_for_actions,
    lab_ideas,
    linkable_ideas,
)
from learninglab.actionplans.services.action import action_from_ideas
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.edit")
def ideas_to_action_view(request: HttpRequest, slug: str) -> HttpResponse:
    """List the lab's ideas, best first, to choose some; create one action from them,
    linked and with a drafted background, and open it for editing."""
    lab = lab_for_actions(request.user, slug)
    results = lab_ideas(lab)
    ideas = [
        idea
        for prompt in (results.prompts if results else [])
        for group in prompt.themes
        for idea in group.ideas
    ]
    plans = editable_plans_for(request.user, lab)
    form = IdeasToActionForm(posted(request), ideas=ideas, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            action = action_from_ideas(
                actor=request.user,
                plan=form.cleaned_data["plan"],
                ideas=linkable_ideas(form.cleaned_data["ideas"]),
                title=form.title_texts(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            count = len(form.cleaned_data["ideas"])
            text = ngettext(
                "The action is drafted from %(count)s idea: edit its background, then save.",
                "The action is drafted from %(count)s ideas: edit its background, then save.",
                count,
            )
            messages.success(request, text % {"count": count})
            return redirect(reverse("actionplans:action_edit", args=[action.plan.slug, action.pk]))
    context = {
        "lab": lab,
        "results": results,
        "form": form,
        "plans": plans.exists(),
        "chosen": {int(pk) for pk in request.POST.getlist("ideas") if pk.isdigit()},
    }
    return render(request, "actionplans/ideas_to_action.html", context)
