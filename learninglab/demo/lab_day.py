"""Play the demo's labs beyond their invitations, so that a newcomer can try every page.

For the lab ahead: the first answers, and its live wall with the questions written. For
the lab held: its day (check-in at the door, the live wall during the discussion), then
its minutes, published results and feedback survey. Everything goes through the services
of the apps, so that their rules hold here as on the web; each part is added only when
the lab has none of it yet, so loading the demo again adds nothing. Nobody is sent
anything: the invitations of the lab ahead are kept in the outbox, as sent.
"""

from __future__ import annotations

import collections
import datetime

from django.db.models import Q

from learninglab.cocreation.cookies import new_token
from learninglab.cocreation.models import Idea, LiveSession, Participant, Prompt, Vote
from learninglab.cocreation.services.idea import idea_merge, idea_submit
from learninglab.cocreation.services.participant import participant_join
from learninglab.cocreation.services.session import (
    live_session_close,
    live_session_create,
    live_session_open,
    prompt_create,
    prompt_open,
)
from learninglab.cocreation.services.theme import idea_theme_assign, theme_create
from learninglab.cocreation.services.vote import vote_cast
from learninglab.core.models import Via
from learninglab.demo import data
from learninglab.labs.models import CheckIn, Lab, LabStatus, Response
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.checkin import WalkIn, checkin_record, walk_in_register
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.messaging import delivery
from learninglab.results.jobs import requests_due_at
from learninglab.results.models import FeedbackAnswer, Minutes
from learninglab.results.selectors.results import attendees
from learninglab.results.services.feedback import FeedbackData, feedback_record
from learninglab.results.services.minutes import minutes_save, results_publish
from learninglab.stakeholders.models import Organisation, Stakeholder

# When things happened on the held lab's day, from its start.
DOORS_OPEN = datetime.timedelta(minutes=-20)
WALL_PREPARED = datetime.timedelta(hours=-1)
WALL_OPENED = datetime.timedelta(minutes=45)  # the discussion of the agenda
RESULTS_PUBLISHED_AFTER_DAYS = 7


def lab_play(lab: Lab, spec: data.DemoLab, created: collections.Counter[str]) -> None:
    """Add what ``spec`` tells of ``lab`` beyond its invitations, where the lab has none yet."""
    if spec.answers is not None and not lab.invitations.exists():
        _first_answers(lab, spec.answers, created)
    if spec.door is not None and not CheckIn.objects.filter(invitation__lab=lab).exists():
        _door(lab, spec.door, created)
    if spec.live_session is not None and not LiveSession.objects.filter(lab=lab).exists():
        if spec.status == LabStatus.HELD:
            _wall_on_the_day(lab, spec.live_session, created)
        else:
            _wall_prepared(lab, spec.live_session, created)
    if spec.minutes is not None and not Minutes.objects.filter(lab=lab).exists():
        _minutes(lab, spec.minutes, created)
    if spec.feedback and not FeedbackAnswer.objects.filter(lab=lab).exists():
        _feedback(lab, spec.feedback, created)


class _Clock:
    """The time on a past day being played, moved on by hand.

    It is given to the services as their ``now``, so that a held lab's check-ins, walk-ins'
    consents, ideas and votes are dated on that day, not on the day the demo is loaded.
    (The audit log still tells when the entries were written.)
    """

    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def wait(self, **delta: float) -> datetime.datetime:
        """Move the clock on by ``delta`` (as for ``timedelta``) and return the new time."""
        self.at += datetime.timedelta(**delta)
        return self.at


# -- the lab ahead -------------------------------------------------------------------------


def _first_answers(lab: Lab, spec: data.DemoAnswers, created: collections.Counter[str]) -> None:
    """Invite the first people, send their invitations, and record the answers they
    gave by phone or e-mail.

    The invitations go as a sending from the invite page sends them, and are delivered
    on this machine alone, whatever mail server is configured: the outbox shows them
    sent, and the invite page shows who answered and who has not.
    """
    people = Stakeholder.objects.filter(partner=lab.partner)
    chosen = people.filter(Q(tags__name=spec.invited) | Q(email__in=spec.also_invited))
    plan = invitations_create(
        actor=None, lab=lab, people=people.filter(pk__in=chosen.values("pk")), via=Via.CLI
    )
    created["invitation"] += len(plan.to_invite)
    invitations_send(lab_id=lab.pk)
    sent = list(lab.invitations.exclude(message=None).values_list("message_id", flat=True))
    delivery.deliver_batch(
        worker_id="load-demo",
        batch_size=len(sent),
        transport=delivery.LocalTransport(),
        message_ids=sent,
    )
    created["invitation e-mail"] += len(sent)
    invitations = {i.stakeholder.email: i for i in lab.invitations.select_related("stakeholder")}
    for email, answer, via in spec.answers:
        # Told to the communication officer, who confirmed it in the same call or reply.
        rsvp_record(invitation=invitations[email], answer=answer, via=via, notify=False)
        created["answer"] += 1


def _wall_prepared(lab: Lab, spec: data.DemoLiveSession, created: collections.Counter[str]) -> None:
    """Give the lab its live session with the questions written, closed until the day."""
    session = live_session_create(actor=None, lab=lab, via=Via.CLI)
    for prompt in spec.prompts:
        prompt_create(actor=None, session=session, text=prompt.text, via=Via.CLI)
    created["live session"] += 1
    created["question"] += len(spec.prompts)


# -- the lab held --------------------------------------------------------------------------


def _door(lab: Lab, spec: data.DemoDoor, created: collections.Counter[str]) -> None:
    """Check in the people attending as they arrive, but the no-shows; register the walk-ins."""
    expected = (
        lab.invitations.filter(response=Response.ATTENDING)
        .exclude(stakeholder__email__in=spec.no_shows)
        .select_related("stakeholder")
        .order_by("pk")
    )
    clock = _Clock(lab.starts_at + DOORS_OPEN)
    for invitation in expected:
        checkin_record(
            actor=None,
            invitation=invitation,
            device=spec.device,
            now=clock.wait(minutes=1),
            via=Via.CLI,
        )
        created["check-in"] += 1
    people = Stakeholder.objects.filter(partner=lab.partner)
    organisations = Organisation.objects.filter(partner=lab.partner)
    known = people.count(), organisations.count()
    for person in spec.walk_ins:
        walk_in_register(
            actor=None,
            lab=lab,
            person=WalkIn(
                first_name=person.first_name,
                last_name=person.last_name,
                organisation_name=person.organisation,
                organisation_type=person.organisation_type,
                email=person.email,
            ),
            consents=person.consents,
            device=spec.device,
            now=clock.wait(minutes=7),
            via=Via.CLI,
        )
        created["check-in"] += 1
        created["consent entry"] += len(person.consents)
    created["stakeholder"] += people.count() - known[0]
    created["organisation"] += organisations.count() - known[1]


def _wall_on_the_day(
    lab: Lab, spec: data.DemoLiveSession, created: collections.Counter[str]
) -> None:
    """Run the live wall as on the day: each question in turn, ideas, votes, themes."""
    prepared = lab.starts_at + WALL_PREPARED
    session = live_session_create(actor=None, lab=lab, via=Via.CLI)
    prompts = [
        prompt_create(actor=None, session=session, text=p.text, now=prepared, via=Via.CLI)
        for p in spec.prompts
    ]
    clock = _Clock(lab.starts_at + WALL_OPENED)
    session = live_session_open(actor=None, session=session, now=clock.at, via=Via.CLI)
    people = []
    for name, language in spec.participants:
        people.append(
            participant_join(
                session=session,
                token=new_token(),
                language=language,
                display_name=name,
                now=clock.wait(seconds=20),
            )
        )
    for prompt, prompt_spec in zip(prompts, spec.prompts, strict=True):
        prompt_open(actor=None, prompt=prompt, now=clock.wait(minutes=2), via=Via.CLI)
        ideas = []
        for idea in prompt_spec.ideas:
            author = people[idea.by]
            ideas.append(
                idea_submit(
                    participant=author, prompt=prompt, text=idea.text, now=clock.wait(minutes=1)
                )
            )
        _vote(clock, ideas, prompt_spec.ideas, people, budget=session.vote_budget)
        _group(prompt, ideas, prompt_spec.ideas)
        clock.wait(minutes=20)  # talking it over, before the next question
    live_session_close(actor=None, session=session, now=clock.at, via=Via.CLI)
    created["live session"] += 1
    created["question"] += len(prompts)
    created["idea"] += Idea.objects.filter(prompt__session=session).count()
    created["vote"] += Vote.objects.filter(idea__prompt__session=session).count()


def _vote(
    clock: _Clock,
    ideas: list[Idea],
    specs: tuple[data.DemoIdea, ...],
    people: list[Participant],
    *,
    budget: int,
) -> None:
    """Give each idea its votes, from the next people round the room who have votes left."""
    left = {person.pk: budget for person in people}
    start = 0
    for n in sorted(range(len(specs)), key=lambda n: -specs[n].votes):
        round_the_room = [people[(start + k) % len(people)] for k in range(len(people))]
        voters = [person for person in round_the_room if left[person.pk]][: specs[n].votes]
        if len(voters) < specs[n].votes:
            raise ValueError(f"Too few votes left in the room for {specs[n].text!r}.")
        for person in voters:
            vote_cast(participant=person, idea=ideas[n], now=clock.wait(seconds=10))
            left[person.pk] -= 1
        start += len(voters)


def _group(prompt: Prompt, ideas: list[Idea], specs: tuple[data.DemoIdea, ...]) -> None:
    """Sort the question's ideas into their themes and merge the duplicates, as a facilitator."""
    themes = {}
    for idea, spec in zip(ideas, specs, strict=True):
        if spec.theme:
            if spec.theme not in themes:
                themes[spec.theme] = theme_create(
                    actor=None, prompt=prompt, name=spec.theme, via=Via.CLI
                )
            idea_theme_assign(actor=None, idea=idea, theme=themes[spec.theme], via=Via.CLI)
    for idea, spec in zip(ideas, specs, strict=True):
        if spec.merge_into is not None:
            idea_merge(actor=None, idea=idea, into=ideas[spec.merge_into], via=Via.CLI)


def _minutes(lab: Lab, spec: data.DemoMinutes, created: collections.Counter[str]) -> None:
    """Write the minutes and publish the results, a week after the lab."""
    minutes_save(actor=None, lab=lab, summary=spec.summary, decisions=spec.decisions, via=Via.CLI)
    published = lab.ends_at + datetime.timedelta(days=RESULTS_PUBLISHED_AFTER_DAYS)
    results_publish(actor=None, lab=lab, via=Via.CLI, now=published)
    created["published minutes"] += 1


def _feedback(
    lab: Lab, answers: tuple[data.DemoFeedback, ...], created: collections.Counter[str]
) -> None:
    """Record the survey answers of attendees, through the day after the lab."""
    respondents = [i for i in attendees(lab) if i.stakeholder.email][: len(answers)]
    if len(respondents) < len(answers):
        raise ValueError(f"{lab.slug} has too few attendees for {len(answers)} answers.")
    clock = _Clock(requests_due_at(lab))
    for invitation, answer in zip(respondents, answers, strict=True):
        feedback_record(
            invitation=invitation,
            data=FeedbackData(
                usefulness=answer.usefulness,
                learned_usable=answer.learned_usable,
                will_apply=answer.will_apply,
                comment=answer.comment,
            ),
            now=clock.wait(minutes=50),
        )
        created["feedback answer"] += 1
