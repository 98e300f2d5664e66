"""Read labs and invitations, scoped to what the user may see."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from learninglab.core.permissions import scope
from learninglab.core.rows import ChildRows, Join, JoinedRead, fingerprint
from learninglab.labs.links import token_matches
from learninglab.labs.models import (
    AgendaItem,
    Invitation,
    Lab,
    LabContact,
    LabMessage,
    LabStatus,
    Question,
    QuestionAnswer,
    QuestionKind,
    QuestionPurpose,
    Registration,
    RegistrationState,
    Response,
    Segment,
    answer_text,
)
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.projects.models import Logo
from learninglab.stakeholders.models import Consent, Stakeholder
from learninglab.stakeholders.selectors import people_order, with_consents

# A colleague is added to the group a moment before their invitation is created.
NOMINATION_MOMENT = datetime.timedelta(minutes=1)


def labs_for(user: Any) -> QuerySet[Lab]:
    """Return the labs ``user`` may see, soonest first, with their partner."""
    return scope(user, "labs.view", Lab.objects.select_related("partner")).order_by("-starts_at")


def labs_counted(*lists: QuerySet[Lab]) -> list[list[Lab]]:
    """Return each list of labs with ``invited_count`` and ``attending_count`` on every lab.

    The counts come from one grouped query over the invitations of the labs shown, which
    the index on (lab, response) answers alone: counting through a join of the labs to
    every invitation read the whole table once per list.
    """
    shown = [list(labs) for labs in lists]
    rows = (
        Invitation.objects.filter(lab__in=[lab.pk for labs in shown for lab in labs])
        .values("lab")
        .annotate(
            invited=Count("lab"), attending=Count("lab", filter=Q(response=Response.ATTENDING))
        )
        .order_by()
    )
    counts = {row["lab"]: (row["invited"], row["attending"]) for row in rows}
    for labs in shown:
        for lab in labs:
            invited, attending = counts.get(lab.pk, (0, 0))
            lab.invited_count = invited  # type: ignore[attr-defined]
            lab.attending_count = attending  # type: ignore[attr-defined]
    return shown


def _agenda_with_practices(*, published_only: bool) -> Prefetch:
    """Load the agenda with each item's practices as ``item.presented_practices``."""
    practices = GoodPractice.objects.select_related("partner")
    if published_only:
        practices = practices.filter(status=PracticeStatus.PUBLISHED)
    items = AgendaItem.objects.prefetch_related(
        Prefetch("practices", queryset=practices, to_attr="presented_practices")
    )
    return Prefetch("agenda", queryset=items)


def lab_get(
    user: Any, slug: str, *, permission: str = "labs.view", with_practices: bool = False
) -> Lab:
    """Return the lab if ``user`` may use ``permission`` on it; else 404 (existence hidden).

    With ``with_practices`` each agenda item comes with the good practices it presents,
    whatever their status (``item.presented_practices``), for the lab's staff page.
    """
    labs = scope(user, permission, Lab.objects.select_related("partner__project", "previous"))
    agenda = _agenda_with_practices(published_only=False) if with_practices else "agenda"
    try:
        return labs.prefetch_related(agenda, "contacts").get(slug=slug)
    except Lab.DoesNotExist:
        raise Http404(_("No such lab.")) from None


def public_lab(slug: str) -> Lab:
    """Return a published, held or cancelled lab for its public page; drafts are 404.

    Each agenda item comes with the published practices it presents
    (``item.presented_practices``).
    """
    labs = Lab.objects.exclude(status=LabStatus.DRAFT).select_related(
        "partner__project", "previous"
    )
    agenda = _agenda_with_practices(published_only=True)
    try:
        return labs.prefetch_related(agenda, "contacts").get(slug=slug)
    except Lab.DoesNotExist:
        raise Http404(_("No such lab.")) from None


def public_labs_of(partner_slug: str) -> QuerySet[Lab]:
    """Return the partner's labs shown in its public calendar (not drafts)."""
    return (
        Lab.objects.filter(partner__slug=partner_slug)
        .exclude(status=LabStatus.DRAFT)
        .select_related("partner__project")
        .prefetch_related("contacts")
        .order_by("starts_at")
    )


# The personal link's reads, written out once (``core.rows``): every invited person loads
# the page, many at the same moment, and building the same ORM query for each of them cost
# more than the rest of the lookup. What a page about the invitation shows:
_LINK_PAGE_READ = JoinedRead(
    Invitation,
    [
        Join("lab"),
        Join("lab.partner"),
        Join("lab.partner.project"),
        Join("lab.previous", nullable=True),
        Join("stakeholder"),
        Join("stakeholder.organisation", nullable=True),
    ],
)
# The page lists the agenda, names the contacts and shows the programme's logos.
_LINK_PAGE_AGENDA = ChildRows(AgendaItem, "lab")
_LINK_PAGE_CONTACTS = ChildRows(LabContact, "lab")
_LINK_PAGE_LOGOS = ChildRows(Logo, "project")
# Recording an answer needs the lab, and its partner: the partner's language is the one
# written in when we have no catalogue for the person's.
_LINK_ANSWER_READ = JoinedRead(Invitation, [Join("lab"), Join("lab.partner"), Join("stakeholder")])


def invitation_by_link(
    public_id: Any, token: str, *, purpose: str = "rsvp", for_page: bool = True
) -> Invitation:
    """Return the invitation a personal link points to, or raise 404.

    A malformed, truncated or tampered link, or one of another invitation, is a 404.
    With ``for_page=True`` the invitation comes with its lab (and the lab's partner,
    project, previous lab, agenda and contacts, the project's logos) and its person (and
    organisation), as ``select_related`` and ``prefetch_related`` would bring them; with
    ``for_page=False`` only the lab, its partner and the person come with it (enough to
    record an answer; the rest loads when used).
    """
    try:
        public_uuid = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    read = _LINK_PAGE_READ if for_page else _LINK_ANSWER_READ
    invitation = read.read(public_id=public_uuid)
    if invitation is None or not token_matches(invitation, token, purpose=purpose):
        raise Http404
    if for_page:
        _LINK_PAGE_AGENDA.attach(invitation.lab)
        _LINK_PAGE_CONTACTS.attach(invitation.lab)
        _LINK_PAGE_LOGOS.attach(invitation.lab.partner.project)
    return invitation


# Columns that change with every answer, or with any save, and show on no page.
_NOT_SHOWN = ("seats_taken", "updated_at")


def lab_page_version(lab: Lab) -> str:
    """Return the version of what a personal page shows of the lab itself, the same for
    every person invited: the lab's facts, its agenda and contacts, its partner, and the
    project's name and logos. Any change to one of these rows gives another version.

    The lab comes as ``invitation_by_link`` returns it (everything read already).
    """
    project = lab.partner.project
    return fingerprint(
        [
            lab,
            lab.partner,
            project,
            *project.logos.all(),
            *lab.agenda.all(),
            *lab.contacts.all(),
        ],
        leave_out=_NOT_SHOWN,
    )


@dataclasses.dataclass(frozen=True)
class LabCounts:
    invited: int
    queued: int
    sent: int
    failed: int
    bounced: int
    attending: int
    declined: int
    waitlisted: int
    substituted: int
    no_answer: int


def unreachable_people(partner_id: int) -> QuerySet[Stakeholder]:
    """Return the partner's people no e-mail about a lab may reach: erased, without an
    address, or who withdrew their consent to invitations (unsubscribed)."""
    people = with_consents(Stakeholder.objects.filter(partner_id=partner_id))
    return people.filter(Q(consent_invitations=False) | Q(erased_at__isnull=False) | Q(email=""))


# Messages to a lab's participants

_SEGMENTS: dict[str, Q] = {
    Segment.INVITED: Q(),
    Segment.ATTENDING: Q(response=Response.ATTENDING),
    Segment.WAITLISTED: Q(response=Response.WAITLISTED),
    Segment.PENDING: Q(response=Response.PENDING),
    # Whoever sent a colleague in their place declined for themselves.
    Segment.DECLINED: Q(response__in=[Response.DECLINED, Response.SUBSTITUTED]),
    Segment.CHECKED_IN: Q(checkin__isnull=False),
    Segment.NO_SHOW: Q(response=Response.ATTENDING, checkin__isnull=True),
}


@dataclasses.dataclass(frozen=True)
class SegmentCount:
    segment: str
    label: str
    people: int
    reachable: int

    @property
    def unreachable(self) -> int:
        return self.people - self.reachable


def segment_invitations(lab: Lab, segment: str) -> QuerySet[Invitation]:
    """Return the lab's invitations in ``segment`` (a ``Segment``), whoever may be written to."""
    return lab.invitations.filter(_SEGMENTS[segment])


def message_recipients(lab: Lab, segment: str) -> QuerySet[Invitation]:
    """Return the invitations of ``segment`` whose person a message may reach, by name.

    Nobody is written to who withdrew their consent, was erased or has no address
    (``unreachable_people``).
    """
    return (
        segment_invitations(lab, segment)
        .exclude(stakeholder__in=unreachable_people(lab.partner_id))
        .select_related("stakeholder__organisation", "substitute_for__stakeholder")
        .order_by(*people_order(lab.partner, via="stakeholder__"))
    )


def segment_counts(lab: Lab) -> list[SegmentCount]:
    """Return every segment of the lab with how many people it holds and how many of them
    a message may reach, in one query."""
    reachable = ~Q(stakeholder__in=unreachable_people(lab.partner_id))
    counted = {}
    for name, where in _SEGMENTS.items():
        counted[f"{name}_all"] = Count("pk", filter=where)
        counted[f"{name}_reach"] = Count("pk", filter=where & reachable)
    counts = lab.invitations.aggregate(**counted)
    return [
        SegmentCount(
            segment=segment.value,
            label=str(segment.label),
            people=counts[f"{segment.value}_all"],
            reachable=counts[f"{segment.value}_reach"],
        )
        for segment in Segment
    ]


def lab_messages(lab: Lab) -> QuerySet[LabMessage]:
    """Return the messages sent to the lab's people, newest first, with their recipient
    counts and senders."""
    return (
        lab.messages.select_related("sent_by", "lab__partner")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-sent_at", "-pk")
    )


def lab_message_get(lab: Lab, pk: int) -> LabMessage:
    """Return the lab's message ``pk``, with its sender; 404 for any other."""
    try:
        return lab.messages.select_related("sent_by").get(pk=pk)
    except LabMessage.DoesNotExist:
        raise Http404(_("No such message.")) from None


def message_deliveries(message: LabMessage) -> QuerySet[Invitation]:
    """Return the message's recipients by name, each with its e-mail in the outbox
    (``delivery_id``, ``delivery_state``; None until the worker queued it)."""
    key = Concat(Value(f"lab-message:{message.pk}:"), Cast("pk", CharField()))
    outbox = OutboundMessage.objects.filter(key=OuterRef("delivery_key"))
    return (
        message.recipients.select_related("stakeholder")
        .annotate(
            delivery_key=key,
            delivery_id=Subquery(outbox.values("pk")[:1]),
            delivery_state=Subquery(outbox.values("state")[:1]),
        )
        .order_by(*people_order(message.lab.partner, via="stakeholder__"))
    )


# Registrations without an invitation


def lab_registrations(lab: Lab, *, state: str) -> QuerySet[Registration]:
    """Return the lab's confirmed registrations in ``state``, oldest first, with their
    people and organisations."""
    return (
        lab.registrations.filter(state=state, stakeholder__isnull=False)
        .select_related("stakeholder__organisation", "invitation")
        .order_by("confirmed_at", "pk")
    )


def registration_answers(
    registration: Registration, questions: list[Question], language: str
) -> list[tuple[str, str]]:
    """Return the registration's answers to ``questions`` as staff read them: (question,
    answer) in ``language``, the questions not answered left out."""
    return [
        (str(question.text.in_(language)), answer_text(question, value, language))
        for question in questions
        if (value := registration.answers.get(str(question.pk))) is not None
    ]


def lab_registrations_decided(lab: Lab) -> QuerySet[Registration]:
    """Return the lab's registrations staff accepted or declined, latest decision first."""
    return (
        lab.registrations.filter(decided_at__isnull=False)
        .select_related("stakeholder", "invitation", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def lab_registration_get(lab: Lab, pk: int) -> Registration:
    """Return the lab's registration ``pk``; 404 for any other."""
    try:
        return lab.registrations.select_related("lab__partner").get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404(_("No such registration.")) from None


def registrations_awaiting(lab: Lab) -> int:
    """Return how many of the lab's registrations wait for a staff decision."""
    return lab.registrations.filter(state=RegistrationState.AWAITING_APPROVAL).count()


def invitations_unsent(lab: Lab) -> QuerySet[Invitation]:
    """Return the lab's invitations whose e-mail is still to be queued.

    Only people who have not answered: whoever answered already (to staff by phone or
    e-mail, at the door, or by sending a colleague) is never asked to answer, and nobody
    is written to whom no e-mail may reach (``unreachable_people``).
    """
    return lab.invitations.filter(message__isnull=True, response=Response.PENDING).exclude(
        stakeholder__in=unreachable_people(lab.partner_id)
    )


def lab_counts(lab: Lab) -> LabCounts:
    """Return the lab's invitation, delivery and answer counts in one query.

    The invited are the invitations whose e-mail was queued, or is still to be
    (``invitations_unsent``). People who answered before any e-mail (registered at the
    door, or answering staff by phone) count among the answers only: they are sent no
    invitation.
    """
    e_mailed = Q(message__isnull=False) | Q(pk__in=invitations_unsent(lab).values("pk"))
    c = lab.invitations.aggregate(
        invited=Count("pk", filter=e_mailed),
        queued=Count(
            "pk", filter=Q(message__state__in=[MessageState.QUEUED, MessageState.SENDING])
        ),
        sent=Count("pk", filter=Q(message__state=MessageState.SENT)),
        failed=Count("pk", filter=Q(message__state=MessageState.FAILED)),
        bounced=Count("pk", filter=Q(message__state=MessageState.BOUNCED)),
        attending=Count("pk", filter=Q(response=Response.ATTENDING)),
        declined=Count("pk", filter=Q(response=Response.DECLINED)),
        waitlisted=Count("pk", filter=Q(response=Response.WAITLISTED)),
        substituted=Count("pk", filter=Q(response=Response.SUBSTITUTED)),
        no_answer=Count("pk", filter=Q(response=Response.PENDING)),
    )
    return LabCounts(**c)


def lab_invitations(
    lab: Lab, *, response: str = "", delivery: str = "", query: str = ""
) -> QuerySet[Invitation]:
    """Return the lab's invitations with person, organisation and e-mail state, filtered."""
    from learninglab.core.text import fold

    invitations = lab.invitations.select_related(
        "stakeholder__organisation", "message", "substitute_for__stakeholder"
    )
    if response:
        invitations = invitations.filter(response=response)
    if delivery:
        invitations = invitations.filter(message__state=delivery)
    for word in fold(query).split():
        invitations = invitations.filter(stakeholder__search_text__contains=word)
    return invitations.order_by(*people_order(lab.partner, via="stakeholder__"))


def waiting_list(lab: Lab) -> QuerySet[Invitation]:
    """Return the waiting people in the order they will be given a seat."""
    return lab.invitations.filter(response=Response.WAITLISTED).order_by("waitlisted_at", "pk")


# The check-in at the door


def checkin_people(lab: Lab, *, query: str = "") -> QuerySet[Invitation]:
    """Return the people the door may see, by name, with their check-in if they have one.

    Only the people expected today (attending: they said yes, or were registered at the
    door) and anyone checked in: the door never sees who declined, who did not answer,
    who waits for a seat or who sent a colleague (``labs.rules``). A search, ignoring case
    and diacritics, looks among them alone. A walk-in known to the directory is shown and
    found by the name given at the door (``Invitation.name_at_door``), never by the one
    stored.
    """
    from learninglab.core.text import fold

    people = lab.invitations.filter(
        Q(response=Response.ATTENDING) | Q(checkin__isnull=False)
    ).select_related("stakeholder__organisation", "checkin")
    for word in fold(query).split():
        people = people.filter(
            Q(name_at_door="", stakeholder__search_text__contains=word)
            | (~Q(name_at_door="") & Q(name_at_door__icontains=word))
        )
    return people.order_by(*people_order(lab.partner, via="stakeholder__"))


def checkin_invitation(lab: Lab, pk: int) -> Invitation:
    """Return the invitation ``pk`` if the door may see it (``checkin_people``), else 404."""
    try:
        invitation = checkin_people(lab).get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None
    invitation.lab = lab
    return invitation


@dataclasses.dataclass(frozen=True)
class Headcount:
    checked_in: int
    expected: int
    walk_ins: int


def checkin_headcount(lab: Lab) -> Headcount:
    """Return how many people are checked in, of how many expected, and the walk-ins.

    Expected are the people attending, except walk-ins checked in. One query.
    """
    counts = lab.invitations.aggregate(
        checked_in=Count("pk", filter=Q(checkin__isnull=False)),
        # Walk-ins are counted apart: they were not expected.
        expected=Count("pk", filter=Q(response=Response.ATTENDING) & ~Q(checkin__is_walk_in=True)),
        walk_ins=Count("pk", filter=Q(checkin__is_walk_in=True)),
    )
    return Headcount(**counts)


# How long a colleague sent in someone's place is kept


def colleagues_past_retention(*, now: datetime.datetime) -> QuerySet[Stakeholder]:
    """Return the colleagues to erase: added for one nomination they never answered.

    Someone added to the group when a colleague sent them in their place
    (``rsvp_substitute``) is kept ``COLLEAGUE_RETENTION_DAYS`` after the last lab they
    were invited to, unless they answered an invitation, were checked in or gave a
    consent. People who were in the group before the nomination are not concerned.
    0 days keeps them as long as anyone else.
    """
    days = settings.COLLEAGUE_RETENTION_DAYS
    if days <= 0:
        return Stakeholder.objects.none()
    cutoff = now - datetime.timedelta(days=days)
    nominations = Invitation.objects.filter(
        stakeholder=OuterRef("pk"), substitute_for__isnull=False
    )
    first_nomination = nominations.order_by("created_at").values("created_at")[:1]
    involved = Invitation.objects.filter(stakeholder=OuterRef("pk")).filter(
        ~Q(response=Response.PENDING) | Q(checkin__isnull=False) | Q(lab__ends_at__gte=cutoff)
    )
    consented = Consent.objects.filter(stakeholder=OuterRef("pk"), given=True)
    return (
        Stakeholder.objects.filter(erased_at__isnull=True)
        .filter(Exists(nominations), ~Exists(involved), ~Exists(consented))
        # Added by the nomination itself, in the same moment, not known before it.
        .filter(created_at__gte=Subquery(first_nomination) - NOMINATION_MOMENT)
    )


def colleague_ids_past_retention(*, now: datetime.datetime) -> list[int]:
    """Return the ids of ``colleagues_past_retention``: the purge's rule for labs."""
    return list(colleagues_past_retention(now=now).values_list("pk", flat=True))


# Questions and the answers to them


def lab_questions(
    lab: Lab, *, purpose: str = QuestionPurpose.REGISTRATION, asked_only: bool = True
) -> list[Question]:
    """Return the lab's questions of ``purpose`` in their order: those still asked, or
    (``asked_only=False``) the archived ones too, whose answers are kept."""
    questions = Question.objects.filter(lab_id=lab.pk, purpose=purpose)
    if asked_only:
        questions = questions.filter(is_archived=False)
    return list(questions.order_by("position", "pk"))


def question_get(lab: Lab, pk: int) -> Question:
    """Return the lab's question ``pk``, else 404 (the lab comes through ``lab_get``)."""
    try:
        return Question.objects.select_related("lab__partner").get(lab_id=lab.pk, pk=pk)
    except Question.DoesNotExist:
        raise Http404 from None


def answers_of(invitation_ids: Any = None, *, lab: Lab | None = None) -> dict[int, dict[int, Any]]:
    """Return invitation pk → question pk → the answer kept, for the given invitations
    (a list of pks or a queryset of them), or for every invitation of ``lab``."""
    answers: dict[int, dict[int, Any]] = {}
    if lab is not None:
        rows = QuestionAnswer.objects.filter(question__lab_id=lab.pk)
    else:
        rows = QuestionAnswer.objects.filter(invitation_id__in=invitation_ids)
    for invitation_id, question_id, value in rows.values_list(
        "invitation_id", "question_id", "value"
    ):
        answers.setdefault(invitation_id, {})[question_id] = value
    return answers


def question_counts(
    lab: Lab, *, stakeholder_ids: list[int]
) -> list[tuple[Question, list[tuple[str, int]]]]:
    """Return each registration question with choices (yes/no included) and how many of
    the people ``stakeholder_ids`` picked each of its choices: ``[(question, [(text,
    count), ...]), ...]``, the texts in the active language; a choice no longer offered
    only when somebody picked it."""
    questions = [
        q
        for q in lab_questions(lab, asked_only=False)
        if q.has_choices or q.kind == QuestionKind.YES_NO
    ]
    values: dict[int, list[Any]] = {}
    rows = QuestionAnswer.objects.filter(
        question__in=questions, invitation__stakeholder_id__in=stakeholder_ids
    ).values_list("question_id", "value")
    for question_id, value in rows:
        values.setdefault(question_id, []).append(value)
    counted = []
    for question in questions:
        given = values.get(question.pk, [])
        if question.kind == QuestionKind.YES_NO:
            options: list[tuple[Any, str]] = [
                (value, answer_text(question, value, "")) for value in (True, False)
            ]
        else:
            options = [
                (choice.key, str(choice.text))
                for choice in question.options
                if not choice.is_archived or any(_picked(v, choice.key) for v in given)
            ]
        counted.append(
            (question, [(text, sum(_picked(v, key) for v in given)) for key, text in options])
        )
    return counted


def _picked(value: Any, key: Any) -> bool:
    return key in value if isinstance(value, list) else value == key
