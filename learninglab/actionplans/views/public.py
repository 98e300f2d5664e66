"""Pages anyone may open: the public plans, a plan's progress, following a plan by e-mail.

Nothing private is shown: no evidence files, no staff names, no e-mail addresses, no
funds. The follow form answers the same whether the address follows already or not.
The follower's links carry the follower's random token; the unsubscribe link takes a
POST without a CSRF token, as mail programs send it (RFC 8058), and GET asks first.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from learninglab.actionplans.forms.monitoring import FollowForm
from learninglab.actionplans.monitoring import public_plan, public_plans, public_rollup
from learninglab.actionplans.provenance import public_origins
from learninglab.actionplans.services.follow import (
    confirmation_expired,
    follow_confirm,
    follow_end,
    follow_request,
    follower_by_token,
)
from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted


def _language(request: HttpRequest) -> str:
    return languages.visitor_language(request, translation.get_language() or "en")


def public_plans_view(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        context = {"rows": public_plans(), "language": language}
        return render(request, "actionplans/public_plans.html", context)


def _plan_page(
    request: HttpRequest, slug: str, form: FollowForm | None, language: str
) -> HttpResponse:
    plan = public_plan(slug)
    context = {
        "plan": plan,
        "rollup": public_rollup(plan),
        "origins": public_origins(plan),
        "language": language,
        "form": form or FollowForm(language=language),
    }
    return render(request, "actionplans/public_plan.html", context)


def public_plan_view(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        return _plan_page(request, slug, None, language)


@require_http_methods(["GET", "HEAD", "POST"])
def follow_view(request: HttpRequest, slug: str) -> HttpResponse:
    """POST asks to follow the plan; the answer never says whether the address follows."""
    language = _language(request)
    with translation.override(language):
        plan = public_plan(slug)
        form = FollowForm(posted(request), language=language)
        if request.method == "POST" and form.is_valid():
            try:
                follow_request(
                    plan=plan,
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                )
            except DomainError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    pgettext(
                        "stakeholder",
                        "Thank you. If this address does not follow the plan yet, an e-mail "
                        "is on its way to it: open the link in it to confirm.",
                    ),
                )
                return redirect(
                    f"{reverse('actionplans:public_plan', args=[plan.slug])}?lang={language}"
                )
        return _plan_page(request, slug, form, language)


def _link_invalid(request: HttpRequest, language: str) -> HttpResponse:
    with translation.override(language):
        return render(
            request, "actionplans/follow_link_invalid.html", {"language": language}, status=404
        )


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to press the button (mail scanners open links); POST confirms."""
    follower = follower_by_token(token)
    if follower is None:
        return _link_invalid(request, _language(request))
    language = languages.chosen_language(request, follower.language)
    with translation.override(language):
        error, done = "", follower.confirmed_at is not None
        if request.method == "POST" and not done:
            try:
                follow_confirm(follower=follower)
            except DomainError as refused:
                error = str(refused)
            else:
                done = True
        elif confirmation_expired(follower):
            error = pgettext(
                "stakeholder", "This link is too old. Ask again to follow the plan on its page."
            )
        context = {
            "follower": follower,
            "plan": follower.plan,
            "done": done,
            "error": error,
            "language": language,
        }
        return render(request, "actionplans/follow_confirm.html", context)


@csrf_exempt  # RFC 8058: mail programs post the one-click unsubscribe without a form
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes the follower's address."""
    follower = follower_by_token(token)
    if follower is None:
        return _link_invalid(request, _language(request))
    language = languages.chosen_language(request, follower.language)
    with translation.override(language):
        plan = follower.plan
        done = False
        if request.method == "POST":
            follow_end(follower=follower)
            done = True
        context = {"plan": plan, "done": done, "language": language}
        return render(request, "actionplans/unsubscribe.html", context)
