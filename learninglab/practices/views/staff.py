"""Pages for the partners' staff and the coordinator: write a practice, review it, keep its
images and documents.

Every view is guarded by ``core.permissions`` and fetches its practice through
``selectors.practice_for``: another partner's practice is a 404, as if it did not exist.
A practice its partner may no longer change (submitted, published, declined) sends its
partner's staff back to its page with a word of explanation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import has_perm, permission_required, require
from learninglab.core.uploads import DOCUMENT, PHOTO, max_bytes
from learninglab.practices.appearances import appearances
from learninglab.practices.countries import country_name
from learninglab.practices.filters import StaffFilterForm
from learninglab.practices.forms import (
    DocumentForm,
    ImageForm,
    PracticeForm,
    StepForm,
    ValidateForm,
)
from learninglab.practices.links import staff_url
from learninglab.practices.models import EventKind, GoodPractice, PracticeStatus
from learninglab.practices.search import practices_search, search_countries, search_partners
from learninglab.practices.selectors import (
    practice_document,
    practice_for,
    practice_image,
    public_contact,
    similar_practices,
    transfers_of,
)
from learninglab.practices.services.media import document_add, image_add, media_remove
from learninglab.practices.services.practice import practice_missing, practice_save
from learninglab.practices.services.review import (
    practice_approve,
    practice_decline,
    practice_return,
    practice_submit,
    practice_unpublish,
    practice_validate,
    steps_open,
)
from learninglab.practices.views.files import file_response
from learninglab.projects.views import partner_chosen


@dataclasses.dataclass(frozen=True)
class Step:
    """A step of the review as the practice's page offers it: a button of the comment
    form, or (the experts' validation) a form of its own."""

    kind: str
    url_name: str
    permission: str
    service: Callable[..., GoodPractice]
    button: Promise
    done: Promise
    comment_required: bool = False
    style: str = ""  # Pico's button class: "", "secondary", "contrast"

    @property
    def has_own_form(self) -> bool:
        return self.kind == EventKind.VALIDATED


STEPS = {
    step.kind: step
    for step in [
        Step(
            EventKind.SUBMITTED,
            "practices:submit",
            "practices.submit",
            practice_submit,
            button=gettext_lazy("Submit for review"),
            done=gettext_lazy("The practice is submitted: the coordinator is told by e-mail."),
        ),
        Step(
            EventKind.APPROVED,
            "practices:approve",
            "practices.review",
            practice_approve,
            button=gettext_lazy("Approve and publish"),
            done=gettext_lazy("The practice is approved and published."),
        ),
        Step(
            EventKind.RETURNED,
            "practices:return",
            "practices.review",
            practice_return,
            button=gettext_lazy("Return with comments"),
            done=gettext_lazy("The practice is returned to its partner with your comments."),
            comment_required=True,
            style="secondary",
        ),
        Step(
            EventKind.DECLINED,
            "practices:decline",
            "practices.review",
            practice_decline,
            button=gettext_lazy("Decline"),
            done=gettext_lazy("The practice is declined."),
            comment_required=True,
            style="contrast",
        ),
        Step(
            EventKind.VALIDATED,
            "practices:validate",
            "practices.review",
            practice_validate,
            button=gettext_lazy("Record the experts' validation"),
            done=gettext_lazy("The experts' validation is recorded and shown on the public page."),
        ),
        Step(
            EventKind.UNPUBLISHED,
            "practices:unpublish",
            "practices.review",
            practice_unpublish,
            button=gettext_lazy("Take off the public catalogue"),
            done=gettext_lazy("The practice is no longer public; it is back with its partner."),
            comment_required=True,
            style="secondary",
        ),
    ]
}


def _steps_for(user: Any, practice: GoodPractice) -> list[Step]:
    """Return the steps ``user`` may take on ``practice`` now."""
    return [
        step
        for kind in steps_open(practice)
        if has_perm(user, (step := STEPS[kind]).permission, practice)
    ]


def _comment_form(
    practice: GoodPractice, buttons: list[Step], data: Any = None, *, taken: Step | None = None
) -> StepForm:
    """Return the comment form of the ``buttons``; ``taken`` is the step whose button
    posted it, which may need a comment."""
    return StepForm(
        data,
        practice=practice,
        prefix="review",
        kinds=[step.kind for step in buttons],
        comment_required=bool(taken and taken.comment_required),
    )


def _validation_form(practice: GoodPractice, data: Any = None) -> ValidateForm:
    return ValidateForm(data, practice=practice, prefix="validation")


def _manage_page(
    request: HttpRequest,
    practice: GoodPractice,
    *,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render the practice's page; ``bound`` holds a form that was posted with errors
    (``review``, ``validation``, ``image`` or ``document``), shown instead of an empty one."""
    bound = bound or {}
    steps = _steps_for(request.user, practice)
    buttons = [step for step in steps if not step.has_own_form]
    validation = [step for step in steps if step.has_own_form]
    context = {
        "practice": practice,
        "buttons": buttons,
        "review_form": bound.get("review") or (buttons and _comment_form(practice, buttons)),
        "validation": validation[0] if validation else None,
        "validation_form": bound.get("validation") or (validation and _validation_form(practice)),
        "may_edit": has_perm(request.user, "practices.edit", practice),
        "missing": practice_missing(practice) if practice.is_editable else [],
        "events": practice.events.all(),
        "appearances": appearances(practice, request.user),
        "transfers": transfers_of(practice),
        "similar": similar_practices(practice, user=request.user),
        "contact_listed": public_contact(practice) is not None,
        "image_form": bound.get("image") or ImageForm(practice=practice),
        "document_form": bound.get("document") or DocumentForm(),
        "photo_limit": max_bytes(PHOTO),
        "document_limit": max_bytes(DOCUMENT),
    }
    return render(request, "practices/staff_detail.html", context)


STAFF_PAGE_SIZE = 50


@permission_required("practices.view")
def practice_staff_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    countries = {code: country_name(code) for code in search_countries(managed_by=user)}
    partners = search_partners(managed_by=user)
    form = StaffFilterForm(request.GET or None, partners=partners, countries=countries)
    language = translation.get_language() or "en"
    practices = practices_search(form.filters(), managed_by=user, language=language)
    page = Paginator(practices, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practices/staff_list.html", {"form": form, "page": page})


@permission_required("practices.view")
def practice_staff_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_page(request, practice_for(request.user, slug))


# Why a practice's partner may not change it now, by its status.
_NOT_CHANGEABLE: dict[str, Promise] = {
    PracticeStatus.SUBMITTED: gettext_lazy(
        "This practice is with the coordinator for review: you can change it again if it "
        "is returned to you."
    ),
    PracticeStatus.PUBLISHED: gettext_lazy(
        "This practice is published: to change it, ask the coordinator to take it off the "
        "catalogue."
    ),
    PracticeStatus.DECLINED: gettext_lazy("This practice was declined: it stays as it is."),
}


def _changeable(request: HttpRequest, slug: str) -> GoodPractice | HttpResponse:
    """Return the practice if ``request.user`` may change it now, else its page with a
    word of why not."""
    practice = practice_for(request.user, slug)
    if has_perm(request.user, "practices.edit", practice):
        return practice
    messages.info(request, str(_NOT_CHANGEABLE[practice.status]))
    return redirect(staff_url(practice))


# Writing the record


def _save(request: HttpRequest, form: PracticeForm) -> GoodPractice | None:
    if not form.is_valid():
        return None
    try:
        return practice_save(
            actor=request.user,
            partner=form.partner,
            practice=form.practice,
            data=form.practice_data(),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None


@require_http_methods(["GET", "POST"])
@permission_required("practices.edit")
def practice_create_view(request: HttpRequest) -> HttpResponse:
    partner = partner_chosen(request, label=_("Good practice of"), title=_("New good practice"))
    if isinstance(partner, HttpResponse):
        return partner
    form = PracticeForm(posted(request), partner=partner)
    if request.method == "POST" and (practice := _save(request, form)):
        messages.success(
            request, _("The practice is saved as a draft. Add pictures, then submit it.")
        )
        return redirect(staff_url(practice))
    return render(request, "practices/form.html", {"form": form, "partner": partner})


@require_http_methods(["GET", "POST"])
@permission_required("practices.edit")
def practice_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _changeable(request, slug)
    if isinstance(practice, HttpResponse):
        return practice
    form = PracticeForm(
        posted(request),
        partner=practice.partner,
        practice=practice,
        initial=PracticeForm.initial_from(practice),
    )
    if request.method == "POST" and _save(request, form):
        messages.success(request, _("Your changes were saved."))
        return redirect(staff_url(practice))
    context = {"form": form, "partner": practice.partner, "practice": practice}
    return render(request, "practices/form.html", context)


# The steps of the review


# Refusals of the services that are about what was typed, by the field they concern.
_STEP_ERROR_FIELDS = {
    "comment_required": "comment",
    "too_long": "comment",
    "opinion_required": "opinion",
}


def _take_step(request: HttpRequest, slug: str, step: Step) -> HttpResponse:
    practice = practice_for(request.user, slug)
    require(request.user, step.permission, practice)
    form: StepForm | ValidateForm
    if step.has_own_form:
        form = _validation_form(practice, request.POST)
    else:
        buttons = [other for other in _steps_for(request.user, practice) if not other.has_own_form]
        form = _comment_form(practice, buttons, request.POST, taken=step)
    if form.is_valid():
        try:
            step.service(actor=request.user, practice=practice, **form.arguments())
        except DomainError as error:
            if error.code == "wrong_status":  # someone took another step meanwhile
                messages.error(request, str(error))
                return redirect(staff_url(practice))
            field = _STEP_ERROR_FIELDS.get(error.code)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, str(step.done))
            return redirect(staff_url(practice))
    key = "validation" if step.has_own_form else "review"
    return _manage_page(request, practice, bound={key: form})


@require_POST
@permission_required("practices.submit")
def practice_submit_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.SUBMITTED])


@require_POST
@permission_required("practices.review")
def practice_return_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.RETURNED])


@require_POST
@permission_required("practices.review")
def practice_approve_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.APPROVED])


@require_POST
@permission_required("practices.review")
def practice_decline_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.DECLINED])


@require_POST
@permission_required("practices.review")
def practice_validate_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.VALIDATED])


@require_POST
@permission_required("practices.review")
def practice_unpublish_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _take_step(request, slug, STEPS[EventKind.UNPUBLISHED])


# Images and documents


@require_POST
@permission_required("practices.edit")
def image_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _changeable(request, slug)
    if isinstance(practice, HttpResponse):
        return practice
    form = ImageForm(request.POST, request.FILES, practice=practice)
    if form.is_valid():
        try:
            image_add(
                actor=request.user,
                practice=practice,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The picture was added."))
            return redirect(f"{staff_url(practice)}#images-heading")
    return _manage_page(request, practice, bound={"image": form})


@require_POST
@permission_required("practices.edit")
def document_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _changeable(request, slug)
    if isinstance(practice, HttpResponse):
        return practice
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_add(
                actor=request.user,
                practice=practice,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The document was added."))
            return redirect(f"{staff_url(practice)}#documents-heading")
    return _manage_page(request, practice, bound={"document": form})


def _remove(request: HttpRequest, practice: GoodPractice, item: Any, anchor: str) -> HttpResponse:
    media_remove(actor=request.user, item=item)
    messages.success(request, _("%(name)s was removed.") % {"name": item})
    return redirect(f"{staff_url(practice)}#{anchor}")


@require_POST
@permission_required("practices.edit")
def image_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    practice = _changeable(request, slug)
    if isinstance(practice, HttpResponse):
        return practice
    return _remove(request, practice, practice_image(practice, pk), "images-heading")


@require_POST
@permission_required("practices.edit")
def document_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    practice = _changeable(request, slug)
    if isinstance(practice, HttpResponse):
        return practice
    return _remove(request, practice, practice_document(practice, pk), "documents-heading")


@permission_required("practices.view")
def image_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    practice = practice_for(request.user, slug)
    return file_response(practice_image(practice, pk))


@permission_required("practices.view")
def document_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    practice = practice_for(request.user, slug)
    return file_response(practice_document(practice, pk))
