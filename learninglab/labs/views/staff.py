"""Staff pages of labs: plan, publish, invite, follow the answers.

Every view is guarded by ``core.permissions`` and fetches its lab through
``selectors.lab_get``: another partner's lab is a 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.core import spreadsheets
from learninglab.core.audit import audit_history
from learninglab.core.audit_sentences import describe
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.multilingual import language_name
from learninglab.core.permissions import has_perm, permission_required
from learninglab.core.text import one_full_stop
from learninglab.labs import exports, selectors
from learninglab.labs.emails import email_parts, invitation_email
from learninglab.labs.forms.staff import (
    TEXT_FIELDS,
    AgendaFormSet,
    AnswerFilterForm,
    AnswerRecordForm,
    ContactFormSet,
    DuplicateForm,
    InviteForm,
    LabForm,
    PreviewForm,
    agenda_formset,
    contact_formset,
    lab_languages,
    practice_choices,
)
from learninglab.labs.models import Invitation, Lab, LabStatus, Response, answer_text
from learninglab.labs.outcomes import outcomes
from learninglab.labs.services.answer import Answer, rsvp_record
from learninglab.labs.services.invitation import invitation_plan, invitations_create_and_send
from learninglab.labs.services.lab import (
    lab_cancel,
    lab_duplicate,
    lab_mark_held,
    lab_publish,
    lab_save,
    placeholder_problems,
)
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partner_alone
from learninglab.projects.views import partner_chosen
from learninglab.stakeholders.forms import FilterForm
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import (
    StakeholderFilters,
    invitable,
    people_order,
    stakeholder_list,
    tag_names,
)

PAGE_SIZE = 50


@permission_required("labs.view")
def lab_list_view(request: HttpRequest) -> HttpResponse:
    labs = selectors.labs_for(request.user)
    now = timezone.now()
    upcoming, past = selectors.labs_counted(
        labs.filter(ends_at__gte=now).order_by("starts_at"),
        labs.filter(ends_at__lt=now).order_by("-starts_at"),
    )
    context = {"upcoming": upcoming, "past": past}
    return render(request, "labs/staff_list.html", context)


# Creating and changing a lab


def _lab_forms(request: HttpRequest, *, partner: Partner, lab: Lab | None) -> dict[str, Any]:
    """Return the lab form and its agenda and contact formsets, bound on POST."""
    data, languages = posted(request), lab_languages(partner)
    form = LabForm(
        data,
        partner=partner,
        lab=lab,
        time_zone=lab.time_zone if lab else partner.time_zone,
        initial=LabForm.initial_from(lab) if lab else None,
    )
    agenda = agenda_formset(
        data,
        prefix="agenda",
        initial=AgendaFormSet.initial_from(lab) if lab else None,
        form_kwargs={"languages": languages, "practices": practice_choices(partner, lab)},
    )
    contacts = contact_formset(
        data,
        prefix="contacts",
        initial=ContactFormSet.initial_from(lab),
        form_kwargs={"languages": languages, "country": partner.country},
    )
    return {"form": form, "agenda": agenda, "contacts": contacts, "partner": partner, "lab": lab}


def _save_lab(request: HttpRequest, forms: dict[str, Any]) -> Lab | None:
    """Create or change the lab with its agenda and contacts; refusals go onto the form."""
    form, agenda, contacts, lab = forms["form"], forms["agenda"], forms["contacts"], forms["lab"]
    if not all([form.is_valid(), agenda.is_valid(), contacts.is_valid()]):
        return None
    try:
        return lab_save(
            actor=request.user,
            partner=form.partner,
            lab=lab,
            data=form.lab_data(),
            agenda=agenda.items(),
            contacts=contacts.contacts(),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None


@permission_required("labs.change")
def lab_create_view(request: HttpRequest) -> HttpResponse:
    partner = partner_chosen(
        request, label=_("Lab of"), title=_("New lab"), back=(reverse("labs:list"), _("Labs"))
    )
    if isinstance(partner, HttpResponse):
        return partner
    forms = _lab_forms(request, partner=partner, lab=None)
    if request.method == "POST" and (lab := _save_lab(request, forms)):
        messages.success(request, _("The lab was created as a draft."))
        return redirect(lab)
    return render(request, "labs/staff_form.html", forms)


@permission_required("labs.change")
def lab_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.change")
    forms = _lab_forms(request, partner=lab.partner, lab=lab)
    if request.method == "POST" and _save_lab(request, forms):
        messages.success(request, _("Your changes were saved."))
        return redirect(lab)
    forms["was_sent"] = lab.invitations.filter(message__isnull=False).exists()
    return render(request, "labs/staff_form.html", forms)


# The lab's page, its status and its sending progress


def _progress(lab: Lab) -> dict[str, Any]:
    counts = selectors.lab_counts(lab)
    in_outbox = counts.queued + counts.sent + counts.failed + counts.bounced
    waiting = counts.invited - in_outbox  # invitations whose e-mail is not composed yet
    return {
        "lab": lab,
        "counts": counts,
        "waiting": waiting,
        "is_sending": lab.status == LabStatus.PUBLISHED and (waiting > 0 or counts.queued > 0),
    }


@permission_required("labs.view")
def lab_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, with_practices=True)
    context = {
        **_progress(lab),
        "duplicate_form": DuplicateForm(lab=lab),
        "history": describe(audit_history(lab)[:20], zone=lab.time_zone),
        "outcomes": outcomes(lab, request.user),
        "lab_messages": selectors.lab_messages(lab)[:5],
        "registrations_awaiting": selectors.registrations_awaiting(lab),
    }
    return render(request, "labs/staff_detail.html", context)


@permission_required("labs.view")
def lab_progress_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the sending progress alone: the detail page reloads it while mail is queued."""
    lab = selectors.lab_get(request.user, slug)
    return render(request, "labs/staff_progress.html", _progress(lab))


def _status_change(request: HttpRequest, slug: str, change: Callable, done: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.publish")
    try:
        change(actor=request.user, lab=lab)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(lab)


@require_POST
@permission_required("labs.publish")
def lab_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    done = _("The lab is published: its public page and the partner's calendar show it.")
    return _status_change(request, slug, lab_publish, done)


@require_POST
@permission_required("labs.publish")
def lab_held_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Record that the lab took place; long before its day, ask first (posting ``confirm=1``)."""
    lab = selectors.lab_get(request.user, slug, permission="labs.publish")
    confirmed_early = request.POST.get("confirm") == "1"
    try:
        lab_mark_held(actor=request.user, lab=lab, confirmed_early=confirmed_early)
    except DomainError as error:
        if error.code == "too_early":
            context = {"lab": lab, "refusal": str(error)}
            return render(request, "labs/staff_held_confirm.html", context)
        messages.error(request, str(error))
    else:
        done = _(
            "The lab is recorded as having taken place. Add its results so that the next lab"
            " can show them."
        )
        messages.success(request, done)
    return redirect(lab)


@require_http_methods(["GET", "POST"])
@permission_required("labs.publish")
def lab_cancel_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks for confirmation and says who will be told; POST cancels."""
    if request.method == "POST":
        done = _("The lab is cancelled. Everyone invited who had not declined is told by e-mail.")
        return _status_change(request, slug, lab_cancel, done)
    lab = selectors.lab_get(request.user, slug, permission="labs.publish")
    context = {"lab": lab, "counts": selectors.lab_counts(lab)}
    return render(request, "labs/staff_cancel.html", context)


@require_POST
@permission_required("labs.change")
def lab_duplicate_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.change")
    form = DuplicateForm(request.POST, lab=lab)
    if not form.is_valid():
        for error in form.errors.get("date", []):
            messages.error(request, str(error))
        return redirect(lab)
    try:
        copy = lab_duplicate(actor=request.user, lab=lab, starts_at=form.cleaned_data["starts_at"])
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(lab)
    messages.success(request, _("The next lab was created as a draft: check its texts."))
    return redirect("labs:edit", copy.slug)


# Inviting people


def _invite_filters(request: HttpRequest, lab: Lab) -> tuple[FilterForm, QuerySet[Stakeholder]]:
    """Return the directory's filter form and the lab partner's people it selects."""
    partners = partner_alone(lab.partner)
    form = FilterForm(request.GET or None, partners=partners, tags=tag_names(partners))
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    filters = StakeholderFilters(
        query=data.get("q", ""),
        partner=lab.partner,
        organisation_type=data.get("type", ""),
        tag=data.get("tag", ""),
        consent=data.get("consent", ""),
    )
    return form, stakeholder_list(request.user, filters)


@require_http_methods(["GET", "POST"])
@permission_required("labs.invite")
def lab_invite_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET says who the sending writes to and how (``invitation_plan``); POST sends."""
    lab = selectors.lab_get(request.user, slug, permission="labs.invite")
    filters, people = _invite_filters(request, lab)
    plan = invitation_plan(lab=lab, people=people)
    answered = lab.invitations.filter(pk__in=plan.remindable)
    form = InviteForm(posted(request), people=people, answered=answered)
    if request.method == "POST" and form.is_valid():
        return _invite(request, lab, form.cleaned_data)
    context = {"lab": lab, "filters": filters, "form": form, "plan": plan}
    return render(request, "labs/staff_invite.html", context)


def _invite(request: HttpRequest, lab: Lab, chosen: dict[str, Any]) -> HttpResponse:
    try:
        sending = invitations_create_and_send(
            actor=request.user, lab=lab, people=chosen["people"], remind=chosen["remind"]
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(request.get_full_path())
    if count := len(sending.invited):
        text = ngettext(
            "%(count)s person invited. The e-mail is on its way; follow it below.",
            "%(count)s people invited. The e-mails are on their way; follow them below.",
            count,
        )
        messages.success(request, text % {"count": count})
    if count := len(sending.reminded):
        text = ngettext(
            "%(count)s reminder of an answer is on its way; the outbox shows it.",
            "%(count)s reminders of answers are on their way; the outbox shows them.",
            count,
        )
        messages.success(request, text % {"count": count})
    if not sending.invited and not sending.reminded:
        messages.info(request, _("Nobody new to invite: everyone chosen was invited before."))
    return redirect(lab)


def _preview_people(user: Any, lab: Lab) -> tuple[list[Stakeholder], list[Stakeholder]]:
    """Return the people invited to the lab, and those of the group who could be."""
    invited = [i.stakeholder for i in selectors.lab_invitations(lab).exclude(stakeholder__email="")]
    group = stakeholder_list(user, StakeholderFilters(partner=lab.partner))
    eligible = invitable(group).exclude(pk__in=[p.pk for p in invited])
    return invited, list(eligible.order_by(*people_order(lab.partner)))


def _template_problems(lab: Lab) -> list[str]:
    """Return the refusals the lab's invitation texts would meet, as the preview says them."""
    return [
        _("%(field)s (%(language)s) uses unknown placeholders, sent as written: %(names)s.")
        % {
            "field": TEXT_FIELDS[problem.params["field"]],
            "language": language_name(problem.params["language"]),
            "names": problem.params["names"],
        }
        for problem in placeholder_problems(lab)
    ]


@permission_required("labs.invite")
def invitation_preview_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show exactly the e-mail a chosen person gets (the personal links are examples)."""
    lab = selectors.lab_get(request.user, slug, permission="labs.invite")
    invited, eligible = _preview_people(request.user, lab)
    form = PreviewForm(request.GET or None, invited=invited, eligible=eligible)
    people = {p.pk: p for p in [*invited, *eligible]}
    chosen = form.cleaned_data["person"] if form.is_valid() else next(iter(people), None)
    context = {"lab": lab, "form": form, "problems": _template_problems(lab)}
    if chosen is not None:
        person = people[chosen]
        unsaved = Invitation(lab=lab, stakeholder=person, language=person.language)
        language = unsaved.written_language
        context.update(person=person, language=language, language_label=language_name(language))
        context.update(email_parts(invitation_email(unsaved)))
    return render(request, "labs/staff_preview.html", context)


# Following the answers


def _answer_filters(request: HttpRequest) -> tuple[AnswerFilterForm, dict[str, str]]:
    form = AnswerFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = {
        "query": data.get("q", ""),
        "response": data.get("response", ""),
        "delivery": data.get("delivery", ""),
    }
    return form, filters


def _answer_initial(invitation: Invitation) -> dict[str, str]:
    answers: dict[str, str] = {
        Response.ATTENDING: Answer.ATTEND,
        Response.WAITLISTED: Answer.ATTEND,
        Response.DECLINED: Answer.DECLINE,
    }
    return {
        "answer": answers.get(invitation.response, ""),
        "via": "phone",
        "note": invitation.response_note,
    }


def _answer_rows(lab: Lab, invitations: Any, *, may_record: bool) -> list[dict[str, Any]]:
    """Return each invitation with its place on the waiting list and whether staff may
    record its answer (on the page of its own form, ``answer_record_view``)."""
    waiting = selectors.waiting_list(lab).values_list("pk", flat=True)
    positions = {pk: n for n, pk in enumerate(waiting, start=1)}
    invitations = list(invitations)
    questions = selectors.lab_questions(lab, asked_only=False)
    answers = selectors.answers_of([i.pk for i in invitations]) if questions else {}
    language = get_language() or "en"
    return [
        {
            "invitation": invitation,
            "position": positions.get(invitation.pk),
            "may_record": may_record and invitation.response != Response.SUBSTITUTED,
            "answers": [
                (question.text.in_(language), answer_text(question, value, language))
                for question in questions
                if (value := answers.get(invitation.pk, {}).get(question.pk)) is not None
            ],
        }
        for invitation in invitations
    ]


@permission_required("labs.rsvp.view")
def lab_answers_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.rsvp.view")
    form, filters = _answer_filters(request)
    answers = selectors.lab_invitations(lab, **filters)
    page = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("page"))
    may_record = lab.status == LabStatus.PUBLISHED
    may_record = may_record and has_perm(request.user, "labs.rsvp.record", lab)
    context = {
        "lab": lab,
        "form": form,
        "page": page,
        "rows": _answer_rows(lab, page, may_record=may_record),
        "may_record": may_record,
        "query": request.GET.urlencode(),
    }
    return render(request, "labs/staff_answers.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("labs.rsvp.record")
def answer_record_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record an answer staff received by phone or e-mail, even after the deadline.

    GET shows the one person's form, which the answers page opens in the row (or as a
    page of its own without scripts): a form on every row made that page slow.
    """
    lab = selectors.lab_get(request.user, slug, permission="labs.rsvp.record")
    invitation = get_object_or_404(lab.invitations.select_related("stakeholder"), pk=pk)
    query = request.GET.urlencode()  # the filters the list was showing
    if request.method == "GET":
        if lab.status != LabStatus.PUBLISHED or invitation.response == Response.SUBSTITUTED:
            raise Http404
        form = AnswerRecordForm(
            auto_id=f"answer-{invitation.pk}-%s", initial=_answer_initial(invitation)
        )
        # Loaded into the row in place of the link pressed: the focus goes to the form.
        form.fields["answer"].widget.attrs["autofocus"] = True
        context = {"lab": lab, "invitation": invitation, "form": form, "query": query}
        return render(request, "labs/staff_answer_record.html", context)
    form = AnswerRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the answer and how it was received."))
    else:
        try:
            answered = rsvp_record(invitation=invitation, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            text = _("Recorded for %(name)s: %(answer)s.")
            name, answer = invitation.stakeholder.full_name, answered.get_response_display()
            messages.success(request, one_full_stop(text % {"name": name, "answer": answer}))
    url = reverse("labs:answers", args=[lab.slug]) + (f"?{query}" if query else "")
    return redirect(f"{url}#invitation-{invitation.pk}")


@permission_required("labs.export")
def lab_answers_export_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.export")
    _form, filters = _answer_filters(request)
    answers = selectors.lab_invitations(lab, **filters)
    questions = selectors.lab_questions(lab, asked_only=False)
    return spreadsheets.table_response(
        exports.answers_header(lab, questions),
        exports.answers_rows(lab, answers, questions),
        fmt=fmt,
        filename=exports.answers_filename(lab),
        title=_("Answers"),
    )
