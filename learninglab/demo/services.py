"""Load the demo data through the same services the web pages use, so all of it is audited."""

from __future__ import annotations

import collections
import dataclasses
import datetime
import functools
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from learninglab.accounts.models import User
from learninglab.accounts.services import user_create
from learninglab.actionplans.drafting import background_draft
from learninglab.actionplans.models import Action, ActionPlan, ActionStatus, FundingSource
from learninglab.actionplans.services.action import (
    FIELDS as ACTION_FIELDS,
)
from learninglab.actionplans.services.action import (
    ActionData,
    action_create,
    action_ideas_link,
    action_practices_link,
    action_update,
)
from learninglab.actionplans.services.funding import funding_add
from learninglab.actionplans.services.milestone import milestone_add
from learninglab.actionplans.services.plan import PlanData, plan_create
from learninglab.actionplans.services.player import player_add
from learninglab.actionplans.services.progress import EntryData, milestone_mark, progress_record
from learninglab.actionplans.services.workflow import (
    EndorsementData,
    plan_endorse,
    plan_revise,
    plan_submit,
)
from learninglab.cocreation.models import Idea
from learninglab.core.models import Via
from learninglab.core.roles import Role
from learninglab.demo import action_plans, data, logos, practices
from learninglab.demo.lab_day import lab_play
from learninglab.labs.models import Invitation, Lab, LabStatus, QuestionPurpose, ResponseVia
from learninglab.labs.services.answer import Answer, rsvp_record
from learninglab.labs.services.invitation import invitations_create
from learninglab.labs.services.lab import (
    LabData,
    lab_mark_held,
    lab_publish,
    lab_save,
)
from learninglab.labs.services.question import question_add_standard
from learninglab.practices.models import GoodPractice, PracticeTransfer
from learninglab.practices.services.practice import Link, PracticeData, practice_save
from learninglab.practices.services.review import (
    practice_approve,
    practice_submit,
    practice_validate,
)
from learninglab.practices.services.transfer import transfer_record
from learninglab.projects.models import LogoKind, Partner, Project
from learninglab.projects.services import (
    logo_replace,
    partner_create,
    policy_instrument_create,
    project_create,
)
from learninglab.reports.action_plan import action_plan_pdf
from learninglab.stakeholders.models import Organisation, Stakeholder
from learninglab.stakeholders.normalize import normalize_email, normalize_phone
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create


@transaction.atomic
def demo_load() -> collections.Counter[str]:
    """Add whatever part of the demo data is missing; return how many rows of each kind.

    Everything is looked up by its natural key first (project acronym, partner slug, staff
    e-mail, organisation name, stakeholder e-mail or name, practice slug, lab slug), the
    transfer log by practice, partner and stage, and a lab's check-ins,
    live session, minutes, feedback and first answers are added only when it has none, so a
    second run adds nothing, not even an audit entry; a lab that exists keeps its dates.
    Nobody is sent anything: the first invitations to the open lab are kept in the outbox,
    as sent, and the newcomer invites the other people.
    """
    created: collections.Counter[str] = collections.Counter()
    project = _project(created)
    specs = {spec.slug: spec for spec in data.PARTNERS}
    partners = {slug: _partner(project, spec, created) for slug, spec in specs.items()}
    for staff in data.STAFF:
        _staff(staff, partners[staff.partner], created)
    for slug, (organisations, people) in data.STAKEHOLDER_GROUPS.items():
        partner = partners[slug]
        by_name = {o.name: _organisation(partner, o, created) for o in organisations}
        for person in people:
            _stakeholder(partner, specs[slug], person, by_name, created)
    good_practices = {spec.slug: _practice(spec, partners, created) for spec in practices.PRACTICES}
    for transfer in practices.TRANSFERS:
        _transfer(transfer, good_practices, partners, created)
    _labs(partners, good_practices, created)
    _action_plans(partners, good_practices, created)
    return created


def _project(created: collections.Counter[str]) -> Project:
    project = Project.objects.filter(acronym=data.PROJECT["acronym"]).first()
    if project is None:
        created["project"] += 1
        project = project_create(actor=None, via=Via.CLI, **data.PROJECT)
    _logos(project, created)
    return project


def _logos(project: Project, created: collections.Counter[str]) -> None:
    """Give the project its logo and the programme's, unless it has them."""
    files = {
        LogoKind.PROJECT: ("ecoc-sme.svg", logos.PROJECT_LOGO),
        LogoKind.PROGRAMME: ("programme.svg", logos.PROGRAMME_LOGO),
    }
    present = set(project.logos.values_list("kind", flat=True))
    for kind, (name, svg) in files.items():
        if kind not in present:
            created["logo"] += 1
            upload = ContentFile(svg.encode(), name=name)
            logo_replace(actor=None, project=project, kind=kind, upload=upload, via=Via.CLI)


def _partner(
    project: Project, spec: data.DemoPartner, created: collections.Counter[str]
) -> Partner:
    partner = Partner.objects.filter(slug=spec.slug).first()
    if partner is None:
        partner = partner_create(
            actor=None,
            project=project,
            slug=spec.slug,
            institution=spec.institution,
            city=spec.city,
            country=spec.country,
            role=spec.role,
            ecoc_year=spec.ecoc_year,
            time_zone=spec.time_zone,
            languages=list(spec.languages),
            via=Via.CLI,
        )
        created["partner"] += 1
    instrument = spec.policy_instrument
    if (
        instrument is not None
        and not partner.policy_instruments.filter(name=instrument.name).exists()
    ):
        policy_instrument_create(
            actor=None,
            partner=partner,
            name=instrument.name,
            slug=instrument.slug,
            kind=instrument.kind,
            managing_authority=instrument.managing_authority,
            via=Via.CLI,
        )
        created["policy instrument"] += 1
    return partner


def _staff(spec: data.DemoStaff, partner: Partner, created: collections.Counter[str]) -> None:
    if User.objects.filter(email__iexact=spec.email).exists():
        return
    user_create(
        actor=None,
        email=spec.email,
        full_name=spec.full_name,
        role=spec.role,
        partner=partner,
        password=data.DEMO_PASSWORD,
        via=Via.CLI,
    )
    created["staff account"] += 1


def _organisation(
    partner: Partner, spec: data.DemoOrganisation, created: collections.Counter[str]
) -> Organisation:
    organisation, is_new = organisation_get_or_create(
        actor=None,
        partner=partner,
        name=spec.name,
        type=spec.type,
        city=partner.city,
        website=spec.website,
        via=Via.CLI,
    )
    created["organisation"] += is_new
    return organisation


def _stakeholder(
    partner: Partner,
    spec: data.DemoPartner,
    person: data.DemoPerson,
    organisations: dict[str, Organisation],
    created: collections.Counter[str],
) -> None:
    email = normalize_email(person.email)
    existing = Stakeholder.objects.filter(partner=partner, email=email)
    if not email:
        existing = existing.filter(first_name=person.first_name, last_name=person.last_name)
    if existing.exists():
        return
    stakeholder = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(
            first_name=person.first_name,
            last_name=person.last_name,
            email=email,
            phone=normalize_phone(person.phone, country=partner.country),
            organisation=organisations[person.organisation] if person.organisation else None,
            position=person.position,
            language=person.language,
            notes=person.notes,
            tags=list(person.tags),
        ),
        via=Via.CLI,
    )
    created["stakeholder"] += 1
    for purpose, given, method, days in data.CONSENT_PROFILES[person.consent]:
        consent_record(
            actor=None,
            stakeholder=stakeholder,
            purpose=purpose,
            given=given,
            method=method,
            text_version=data.PRIVACY_NOTICE,
            at=spec.consent_collected_at + datetime.timedelta(days=days),
            via=Via.CLI,
        )
        created["consent entry"] += 1


WEDNESDAY = 2


def open_lab_day(today: datetime.date) -> datetime.date:
    """Return the day of the open lab: the first Wednesday at least two weeks after ``today``."""
    day = today + datetime.timedelta(days=14)
    return day + datetime.timedelta(days=(WEDNESDAY - day.weekday()) % 7)


# A held lab lies at least this far back: the action plan that grew out of round 1 was
# submitted, endorsed and followed over two reporting periods since (``action_plans``).
HELD_AT_LEAST_DAYS_AGO = 200


def held_day(month: int, day: int, *, today: datetime.date) -> datetime.date:
    """Return the latest ``month``/``day`` at least ``HELD_AT_LEAST_DAYS_AGO`` days before
    ``today``."""
    latest = today - datetime.timedelta(days=HELD_AT_LEAST_DAYS_AGO)
    this_year = datetime.date(latest.year, month, day)
    return this_year if this_year <= latest else this_year.replace(year=latest.year - 1)


def lab_day(spec: data.DemoLab, *, today: datetime.date) -> datetime.date:
    if spec.held_on is not None:
        return held_day(*spec.held_on, today=today)
    return open_lab_day(today) + datetime.timedelta(days=spec.days_after_open)


def _practice(
    spec: practices.DemoPractice,
    partners: dict[str, Partner],
    created: collections.Counter[str],
) -> GoodPractice:
    """Write a practice as its partner would, then submit, approve (and validate) it as the
    coordinator would; nobody is told, the steps being long past."""
    practice = GoodPractice.objects.filter(slug=spec.slug).first()
    if practice is not None:
        return practice
    partner = partners[spec.partner]
    contact = (
        Stakeholder.objects.filter(partner=partner, email=spec.contact).first()
        if spec.contact
        else None
    )
    fields = {
        field.name: getattr(spec, field.name)
        for field in dataclasses.fields(PracticeData)
        if hasattr(spec, field.name) and field.name not in ("links", "contact")
    }
    practice = practice_save(
        actor=None,
        partner=partner,
        data=PracticeData(
            **fields,
            links=[Link(url=url, label=label) for url, label in spec.links],
            contact=contact,
        ),
        via=Via.CLI,
    )
    practice = practice_submit(actor=None, practice=practice, via=Via.CLI, notify=False)
    practice = practice_approve(actor=None, practice=practice, via=Via.CLI, notify=False)
    if spec.slug in practices.VALIDATED:
        practice = practice_validate(
            actor=None, practice=practice, opinion=spec.expert_opinion, via=Via.CLI, notify=False
        )
    created["good practice"] += 1
    return practice


def _transfer(
    spec: practices.DemoTransfer,
    good_practices: dict[str, GoodPractice],
    partners: dict[str, Partner],
    created: collections.Counter[str],
) -> None:
    practice, partner = good_practices[spec.practice], partners[spec.partner]
    if PracticeTransfer.objects.filter(
        practice=practice, partner=partner, stage=spec.stage
    ).exists():
        return
    transfer_record(
        actor=None,
        practice=practice,
        partner=partner,
        stage=spec.stage,
        on=spec.on,
        note=spec.note,
        via=Via.CLI,
    )
    created["transfer"] += 1


def _labs(
    partners: dict[str, Partner],
    good_practices: dict[str, GoodPractice],
    created: collections.Counter[str],
) -> None:
    today = timezone.localdate()
    labs: dict[str, Lab] = {}
    for spec in data.LABS:
        lab = Lab.objects.filter(slug=spec.slug).first()
        if lab is None:
            previous = labs.get(spec.previous) if spec.previous else None
            lab = _lab(spec, partners[spec.partner], previous, good_practices, today=today)
            created["lab"] += 1
            if spec.attendance is not None:
                _attendance(lab, spec.attendance, created)
            if spec.status == LabStatus.HELD:
                lab_mark_held(actor=None, lab=lab, via=Via.CLI)
        lab_play(lab, spec, created)
        labs[spec.slug] = lab


def _lab(
    spec: data.DemoLab,
    partner: Partner,
    previous: Lab | None,
    good_practices: dict[str, GoodPractice],
    *,
    today: datetime.date,
) -> Lab:
    """Create the lab of ``spec`` through the services, up to publishing it if it is not a draft."""
    zone = ZoneInfo(partner.time_zone)
    day = lab_day(spec, today=today)
    starts_at = datetime.datetime.combine(day, spec.starts, tzinfo=zone)
    deadline_day = day - datetime.timedelta(days=data.DEADLINE_DAYS_BEFORE)
    agenda = [
        {
            "starts_at": item.time,
            "title": item.title,
            "speaker": item.speaker,
            "practices": [good_practices[slug] for slug in item.practices],
        }
        for item in spec.agenda
    ]
    lab = lab_save(
        actor=None,
        partner=partner,
        data=LabData(
            kind=spec.kind,
            round_number=spec.round_number,
            slug=spec.slug,
            theme=spec.theme,
            description=spec.description,
            results=spec.results,
            starts_at=starts_at,
            ends_at=starts_at + spec.duration,
            time_zone=partner.time_zone,
            venue_name=spec.venue_name,
            venue_address=spec.venue_address,
            map_url=spec.map_url,
            capacity=spec.capacity,
            registration=spec.registration,
            rsvp_deadline=datetime.datetime.combine(
                deadline_day, datetime.time(23, 59), tzinfo=zone
            ),
            previous=previous,
            invitation_subject=spec.invitation_subject,
            invitation_body=spec.invitation_body,
        ),
        agenda=agenda,
        contacts=[dataclasses.asdict(contact) for contact in spec.contacts],
        via=Via.CLI,
    )
    for key in spec.questions:
        question_add_standard(
            actor=None, lab=lab, purpose=QuestionPurpose.REGISTRATION, key=key, via=Via.CLI
        )
    if spec.status != LabStatus.DRAFT:
        lab_publish(actor=None, lab=lab, via=Via.CLI)
    return lab


def _attendance(
    lab: Lab, attendance: data.DemoAttendance, created: collections.Counter[str]
) -> None:
    """Invite the people of a past lab and record their answers as taken by phone.

    No invitation e-mail is queued: the invitations are there for the lab's attendance.
    """
    people = Stakeholder.objects.filter(partner=lab.partner)
    came = set(people.filter(tags__name=attendance.came).values_list("pk", flat=True))
    also = set(people.filter(email__in=attendance.also_invited).values_list("pk", flat=True))
    plan = invitations_create(
        actor=None, lab=lab, people=people.filter(pk__in=came | also), via=Via.CLI
    )
    created["invitation"] += len(plan.to_invite)
    # The answers came in the week before the deadline.
    answered_at = lab.rsvp_deadline - datetime.timedelta(days=6)
    invitations = Invitation.objects.filter(lab=lab).select_related("stakeholder")
    for invitation in invitations.order_by("pk"):
        if invitation.stakeholder_id in came:
            answer = Answer.ATTEND
        elif invitation.stakeholder.email in attendance.declined:
            answer = Answer.DECLINE
        else:
            continue
        answered_at += datetime.timedelta(hours=2)
        # These stand for phone calls of back then: nobody is written to now.
        rsvp_record(
            invitation=invitation,
            answer=answer,
            via=ResponseVia.PHONE,
            now=answered_at,
            notify=False,
        )
        created["answer"] += 1


def _action_plans(
    partners: dict[str, Partner],
    good_practices: dict[str, GoodPractice],
    created: collections.Counter[str],
) -> None:
    """Add the demo's action plans that are missing, each with its whole story.

    Every date counts from the day round 1 was held, which is at least
    ``HELD_AT_LEAST_DAYS_AGO`` days back: the whole story lies in the past.
    """
    round_1 = Lab.objects.get(slug=data.TIMISOARA_ROUND_1.slug)
    day_0 = round_1.local_starts_at.date()
    for spec in action_plans.PLANS:
        partner = partners[spec.partner]
        instrument = partner.policy_instruments.get(slug=spec.instrument)
        if ActionPlan.objects.filter(partner=partner, instrument=instrument).exists():
            continue
        staff = User.objects.filter(partner=partner, role=Role.PARTNER_STAFF).first()
        plan = plan_create(
            actor=None,
            partner=partner,
            instrument=instrument,
            data=PlanData(
                title=spec.title,
                improvement=spec.improvement,
                summary=spec.summary,
                nuts2=spec.nuts2,
                region=spec.region,
                contact_name=spec.contact_name,
                contact_email=spec.contact_email,
                contact_phone=spec.contact_phone,
                is_public=spec.is_public,
                responsible=staff,
            ),
            via=Via.CLI,
        )
        created["action plan"] += 1
        # Done from the command line, as the rest of the demo: by nobody in particular.
        story = _DemoStory(plan=plan, staff=None, day_0=day_0, zone=ZoneInfo(partner.time_zone))
        actions = [_action(spec, story, good_practices, round_1, created) for spec in spec.actions]
        _plan_story(spec, story, actions)


@dataclasses.dataclass(frozen=True)
class _DemoStory:
    """A demo plan, who writes it, and the calendar of its story (from round 1's day)."""

    plan: ActionPlan
    staff: User | None
    day_0: datetime.date
    zone: ZoneInfo

    def day(self, after: int) -> datetime.date:
        return self.day_0 + datetime.timedelta(days=after)

    def moment(self, after: int) -> datetime.datetime:
        return datetime.datetime.combine(self.day(after), datetime.time(11), tzinfo=self.zone)


def _action(
    spec: action_plans.DemoAction,
    story: _DemoStory,
    good_practices: dict[str, GoodPractice],
    round_1: Lab,
    created: collections.Counter[str],
) -> tuple[Action, list[FundingSource]]:
    """Write one action through the services: its texts, links, players, milestones and
    funding, and the background drafted from its links."""
    actor, day = story.staff, story.day
    action = action_create(
        actor=actor,
        plan=story.plan,
        data=ActionData(
            title=spec.title,
            description=spec.description,
            starts_on=day(spec.starts_after),
            ends_on=day(spec.ends_after),
            costs_eur=spec.costs,
            is_pilot=spec.is_pilot,
            weight=spec.weight,
        ),
        via=Via.CLI,
    )
    created["action"] += 1
    action_practices_link(
        actor=actor,
        action=action,
        practices=[good_practices[slug] for slug in spec.practices],
        via=Via.CLI,
    )
    ideas = Idea.objects.filter(prompt__session__lab=round_1)
    action_ideas_link(
        actor=actor,
        action=action,
        ideas=[ideas.get(text__startswith=start) for start in spec.ideas],
        via=Via.CLI,
    )
    directory = {o.name: o for o in Organisation.objects.filter(partner=story.plan.partner)}
    for player in spec.players:
        known = directory.get(player.organisation)
        player_add(
            actor=actor,
            action=action,
            organisation=known,
            name="" if known else player.organisation,
            role=player.role,
            via=Via.CLI,
        )
    for milestone in spec.milestones:
        milestone_add(
            actor=actor,
            action=action,
            title=milestone.title,
            due_on=day(milestone.due_after),
            via=Via.CLI,
        )
    sources = [
        funding_add(
            actor=actor,
            action=action,
            kind=funding.kind,
            name=funding.name,
            amount_eur=funding.amount,
            via=Via.CLI,
        )
        for funding in spec.funding
    ]
    action.refresh_from_db()
    action_update(
        actor=actor,
        action=action,
        data=dataclasses.replace(_action_data(action), background=background_draft(action)),
        via=Via.CLI,
    )
    return action, sources


def _action_data(action: Action) -> ActionData:
    return ActionData(**{name: getattr(action, name) for name in ACTION_FIELDS})


def _plan_story(
    spec: action_plans.DemoPlan,
    story: _DemoStory,
    actions: list[tuple[Action, list[FundingSource]]],
) -> None:
    """Play what happened to the plan after it was written, in date order: submitted,
    endorsed with its signed PDF, the actions' progress and milestones, a revision."""
    actor = story.staff
    events: list[tuple[int, int, Any]] = []
    if spec.submitted_after is not None:
        events.append((spec.submitted_after, 0, lambda: _submit(story, spec)))
    if spec.endorsement is not None:
        endorsement = spec.endorsement
        events.append((endorsement.after, 1, lambda: _endorse(story, endorsement)))
    for (action, sources), action_spec in zip(actions, spec.actions, strict=True):
        for milestone, milestone_spec in zip(
            action.milestones.order_by("due_on", "pk"),
            sorted(action_spec.milestones, key=lambda m: m.due_after),
            strict=True,
        ):
            if milestone_spec.done_after is not None:
                events.append(
                    (
                        milestone_spec.done_after,
                        2,
                        functools.partial(
                            milestone_mark,
                            actor=actor,
                            milestone=milestone,
                            done_on=story.day(milestone_spec.done_after),
                            via=Via.CLI,
                        ),
                    )
                )
        for entry in action_spec.entries:
            events.append(
                (
                    entry.after,
                    3,
                    functools.partial(
                        progress_record,
                        actor=actor,
                        action=action,
                        data=EntryData(
                            on=story.day(entry.after),
                            text=entry.text,
                            status=entry.status,
                            progress=entry.progress,
                            reason=entry.reason,
                            funds={sources[n]: amount for n, amount in entry.funds},
                        ),
                        now=story.moment(entry.after),
                        via=Via.CLI,
                    ),
                )
            )
    if spec.revision_after is not None:
        events.append((spec.revision_after, 4, lambda: _revise(story, spec, actions)))
    for _after, _order, happen in sorted(events, key=lambda event: event[:2]):
        happen()


def _submit(story: _DemoStory, spec: action_plans.DemoPlan) -> None:
    assert spec.submitted_after is not None
    plan_submit(
        actor=story.staff,
        plan=story.plan,
        note="Submitted to the managing authority after the first Local Learning Lab.",
        now=story.moment(spec.submitted_after),
        via=Via.CLI,
    )


def _endorse(story: _DemoStory, endorsement: action_plans.DemoEndorsement) -> None:
    """Endorse the plan with its own PDF as the signed document."""
    plan = ActionPlan.objects.get(pk=story.plan.pk)
    signed = ContentFile(action_plan_pdf(plan), name=f"{plan.slug}-signed.pdf")
    plan_endorse(
        actor=story.staff,
        plan=plan,
        data=EndorsementData(
            on=story.day(endorsement.after),
            organisation=endorsement.organisation,
            signatory=endorsement.signatory,
            position=endorsement.position,
            document=signed,
        ),
        now=story.moment(endorsement.after),
        via=Via.CLI,
    )


def _revise(
    story: _DemoStory,
    spec: action_plans.DemoPlan,
    actions: list[tuple[Action, list[FundingSource]]],
) -> None:
    """Open a revision and move the delayed action's end, as the plan's staff would."""
    plan_revise(
        actor=story.staff,
        plan=story.plan,
        note="The call for vouchers waits for the monitoring committee: its end moves.",
        via=Via.CLI,
    )
    for action, _sources in actions:
        action.refresh_from_db()
        if action.status == ActionStatus.DELAYED and action.ends_on is not None:
            action_update(
                actor=story.staff,
                action=action,
                data=dataclasses.replace(
                    _action_data(action),
                    ends_on=action.ends_on + datetime.timedelta(days=182),
                ),
                via=Via.CLI,
            )
