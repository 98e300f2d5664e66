"""The facilitator's page: open the session and its questions, moderate, group, merge.

Every view is guarded by ``cocreation.run`` and finds its lab through
``live_lab_get``: another partner's lab is a 404, as if it did not exist. Each
form posts to its own view, which calls one service and returns to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_cookie

from learninglab.cocreation.contexts import facilitator_context, prompt_languages
from learninglab.cocreation.forms import (
    MergeForm,
    PromptForm,
    SessionForm,
    ThemeChoiceForm,
)
from learninglab.cocreation.models import MAX_VOTE_BUDGET, LiveSession, Prompt
from learninglab.cocreation.selectors.session import (
    live_lab_get,
    live_session_get,
    live_session_of,
    moderation_queue,
    session_idea,
    session_theme,
    shown_ideas,
    wall_version,
)
from learninglab.cocreation.services.idea import idea_approve, idea_hide, idea_merge
from learninglab.cocreation.services.session import (
    PROMPT_MAX_LENGTH,
    live_session_close,
    live_session_configure,
    live_session_create,
    live_session_open,
    prompt_close,
    prompt_create,
    prompt_open,
)
from learninglab.cocreation.services.theme import idea_theme_assign, theme_create, theme_rename
from learninglab.core.conditional import not_modified, with_etag
from learninglab.core.errors import DomainError
from learninglab.core.permissions import permission_required
from learninglab.labs.models import Lab


def _session(request: HttpRequest, slug: str) -> tuple[Lab, LiveSession]:
    session = live_session_get(request.user, slug)
    return session.lab, session


def _page(lab: Lab, prompt_id: int | None = None, anchor: str = "") -> HttpResponse:
    url = reverse("cocreation:facilitate", args=[lab.slug])
    if prompt_id is not None:
        url += f"?prompt={prompt_id}"
    return redirect(f"{url}#{anchor}" if anchor else url)


def _run(request: HttpRequest, change: Callable[[], Any], done: str) -> None:
    """Call ``change``; tell the facilitator it is done, or why it was refused."""
    try:
        change()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


@permission_required("cocreation.run")
def facilitate_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = live_lab_get(request.user, slug)
    session = live_session_of(lab)
    if session is None:
        return render(request, "cocreation/facilitate_setup.html", {"lab": lab})
    session.lab = lab
    chosen = request.GET.get("prompt", "")
    context = facilitator_context(session, chosen=chosen)
    # Each part that updates itself knows the version it shows (see live.js).
    context["prompts_etag"] = quote_etag(_prompts_etag(session.pk, chosen, session.version))
    if context["current"] is not None:
        pk = context["current"].pk
        context["etag"] = quote_etag(_results_etag(session.pk, pk, session.version))
        context["queue_etag"] = quote_etag(_queue_etag(session.pk, pk, session.version))
        context["merge_etag"] = quote_etag(_merge_etag(session.pk, pk, session.version))
    return render(request, "cocreation/facilitate.html", context)


@require_POST
@permission_required("cocreation.run")
def session_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = live_lab_get(request.user, slug)
    done = _("The live session is ready. Add a question, then open it: phones can post at once.")
    _run(request, lambda: live_session_create(actor=request.user, lab=lab), done)
    return _page(lab)


@require_POST
@permission_required("cocreation.run")
def session_configure_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab, session = _session(request, slug)
    form = SessionForm(request.POST)
    if not form.is_valid():
        text = _("Give each person between 1 and %(max)s votes.")
        messages.error(request, text % {"max": MAX_VOTE_BUDGET})
        return _page(lab, anchor="settings")

    def change() -> None:
        live_session_configure(actor=request.user, session=session, **form.cleaned_data)

    _run(request, change, _("The settings are saved."))
    return _page(lab, anchor="settings")


@require_POST
@permission_required("cocreation.run")
def session_open_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab, session = _session(request, slug)
    done = _("The session is open: people can join with the code.")
    _run(request, lambda: live_session_open(actor=request.user, session=session), done)
    return _page(lab)


@require_POST
@permission_required("cocreation.run")
def session_close_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab, session = _session(request, slug)
    done = _("The session is closed. The results stay.")
    _run(request, lambda: live_session_close(actor=request.user, session=session), done)
    return _page(lab)


# -- prompts ---------------------------------------------------------------------------------


@require_POST
@permission_required("cocreation.run")
def prompt_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab, session = _session(request, slug)
    form = PromptForm(request.POST, languages=prompt_languages(lab))
    if not form.is_valid():
        text = _("Keep the question under %(max)s characters.")
        messages.error(request, text % {"max": PROMPT_MAX_LENGTH})
        return _page(lab, anchor="prompts")
    created: list[Prompt] = []

    def change() -> None:
        created.append(prompt_create(actor=request.user, session=session, text=form.texts()))

    _run(request, change, _("The question is added. Open it when the room is ready."))
    return _page(lab, created[0].pk if created else None, anchor="prompts")


def _prompt(session: LiveSession, pk: int) -> Prompt:
    return get_object_or_404(session.prompts, pk=pk)


@require_POST
@permission_required("cocreation.run")
def prompt_open_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    prompt = _prompt(session, pk)
    done = _("The question is open. Only one question is open at a time.")
    _run(request, lambda: prompt_open(actor=request.user, prompt=prompt), done)
    return _page(lab, prompt.pk)


@require_POST
@permission_required("cocreation.run")
def prompt_close_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    prompt = _prompt(session, pk)
    done = _("The question is closed. Its results are below.")
    _run(request, lambda: prompt_close(actor=request.user, prompt=prompt), done)
    return _page(lab, prompt.pk, anchor="results")


# -- moderation ------------------------------------------------------------------------------


@require_POST
@permission_required("cocreation.run")
def idea_approve_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    idea = session_idea(session, pk)
    done = _("The idea is on the wall.")
    _run(request, lambda: idea_approve(actor=request.user, idea=idea), done)
    return _page(lab, idea.prompt_id, anchor="queue")


@require_POST
@permission_required("cocreation.run")
def idea_hide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    idea = session_idea(session, pk)
    done = _("The idea is hidden; its votes went back to the people who gave them.")
    _run(request, lambda: idea_hide(actor=request.user, idea=idea), done)
    return _page(lab, idea.prompt_id, anchor="queue")


@require_POST
@permission_required("cocreation.run")
def idea_theme_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    idea = session_idea(session, pk)
    form = ThemeChoiceForm(request.POST, themes=idea.prompt.themes.all())
    if form.is_valid():
        theme = form.cleaned_data["theme"]

        def change() -> None:
            idea_theme_assign(actor=request.user, idea=idea, theme=theme)

        _run(request, change, _("The idea's topic is saved."))
    else:
        messages.error(request, _("Choose one of the question's topics."))
    return _page(lab, idea.prompt_id, anchor=f"idea-{idea.pk}")


@require_POST
@permission_required("cocreation.run")
def idea_merge_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    prompt = _prompt(session, pk)
    form = MergeForm(request.POST, ideas=shown_ideas(prompt))
    if form.is_valid():
        duplicate, kept = form.cleaned_data["idea"], form.cleaned_data["into"]

        def change() -> None:
            idea_merge(actor=request.user, idea=duplicate, into=kept)

        _run(request, change, _("The ideas are merged; their votes are added up."))
    else:
        messages.error(request, _("Choose the duplicate and the idea to keep."))
    return _page(lab, prompt.pk, anchor="merge")


# -- themes ----------------------------------------------------------------------------------


@require_POST
@permission_required("cocreation.run")
def theme_create_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    prompt = _prompt(session, pk)
    name = request.POST.get("name", "")  # the service says what is wrong with it

    def change() -> None:
        theme_create(actor=request.user, prompt=prompt, name=name)

    _run(request, change, _("The topic is added."))
    return _page(lab, prompt.pk, anchor="themes")


@require_POST
@permission_required("cocreation.run")
def theme_rename_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, session = _session(request, slug)
    theme = session_theme(session, pk)
    name = request.POST.get("name", "")

    def change() -> None:
        theme_rename(actor=request.user, theme=theme, name=name)

    _run(request, change, _("The topic is renamed."))
    return _page(lab, theme.prompt_id, anchor="themes")


@vary_on_cookie
@permission_required("cocreation.run")
def queue_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Return the moderation queue alone, for htmx; 304 while the session has not changed."""
    session_pk, version = wall_version(request.user, slug)
    if response := not_modified(request, _queue_etag(session_pk, pk, version)):
        return response
    lab, session = _session(request, slug)
    prompt = _prompt(session, pk)
    queue = list(moderation_queue(prompt))
    etag = _queue_etag(session_pk, pk, session.version)
    context = {
        "lab": lab,
        "session": session,
        "current": prompt,
        "queue": queue,
        "queue_etag": quote_etag(etag),
    }
    response = render(request, "cocreation/includes/moderation_queue.html", context)
    return with_etag(response, etag)


def _self_updating_part(
    request: HttpRequest,
    slug: str,
    *,
    template: str,
    etag_of: Callable[[int, str, int], str],
    etag_name: str,
    prompt_pk: int | None = None,
) -> HttpResponse:
    """Render one part of the facilitator's page alone, for htmx; 304 while nothing changed.

    The part is about the question ``prompt_pk``, or the one chosen in ``?prompt=``; its
    entity tag, from ``etag_of``, is written in the template as ``etag_name`` too.
    """
    chosen = request.GET.get("prompt", "")[:20] if prompt_pk is None else str(prompt_pk)
    session_pk, version = wall_version(request.user, slug)
    if response := not_modified(request, etag_of(session_pk, chosen, version)):
        return response
    lab, session = _session(request, slug)
    if prompt_pk is not None:
        chosen = str(_prompt(session, prompt_pk).pk)
    session.lab = lab
    context = facilitator_context(session, chosen=chosen)
    etag = etag_of(session.pk, chosen, session.version)
    context[etag_name] = quote_etag(etag)
    return with_etag(render(request, template, context), etag)


@vary_on_cookie
@permission_required("cocreation.run")
def results_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Return the question's ideas by topic alone, for htmx; 304 while nothing changed."""
    return _self_updating_part(
        request,
        slug,
        template="cocreation/includes/facilitator_results.html",
        etag_of=_results_etag,
        etag_name="etag",
        prompt_pk=pk,
    )


@vary_on_cookie
@permission_required("cocreation.run")
def prompts_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the questions with their counts alone, for htmx; 304 while nothing changed."""
    return _self_updating_part(
        request,
        slug,
        template="cocreation/includes/facilitator_prompts.html",
        etag_of=_prompts_etag,
        etag_name="prompts_etag",
    )


@vary_on_cookie
@permission_required("cocreation.run")
def merge_and_hidden_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Return the question's merge form and hidden ideas alone, for htmx; 304 while
    nothing changed."""
    return _self_updating_part(
        request,
        slug,
        template="cocreation/includes/facilitator_merge_hidden.html",
        etag_of=_merge_etag,
        etag_name="merge_etag",
        prompt_pk=pk,
    )


def _results_etag(session_pk: int, prompt_pk: int | str, version: int) -> str:
    return f"r{session_pk}-{prompt_pk}-{version}"


def _queue_etag(session_pk: int, prompt_pk: int, version: int) -> str:
    return f"q{session_pk}-{prompt_pk}-{version}"


def _merge_etag(session_pk: int, prompt_pk: int | str, version: int) -> str:
    return f"m{session_pk}-{prompt_pk}-{version}"


def _prompts_etag(session_pk: int, chosen: str, version: int) -> str:
    # ``chosen`` is what the page asked for, digits or not: it only tells versions apart.
    return f"p{session_pk}-{chosen if chosen.isdigit() else ''}-{version}"
