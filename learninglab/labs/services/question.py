"""Build a lab's questions, and keep a person's answers to them.

Nothing answered is ever lost by changing the questions: a choice somebody chose is
archived instead of removed (no longer offered, still named in their answer), a question
somebody answered is archived instead of deleted (no longer asked, its answers kept), and
the kind of answer of an answered question does not change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.labs.models import (
    CHOICE_KINDS,
    Invitation,
    Lab,
    Question,
    QuestionAnswer,
    QuestionChoice,
    QuestionKind,
    QuestionPurpose,
)
from learninglab.labs.standard_questions import STANDARD_QUESTIONS


@dataclasses.dataclass(frozen=True)
class ChoiceData:
    """A choice as staff left it: its key (empty for a new one), its text, removed or not."""

    key: str
    text: Multilingual
    remove: bool = False


@dataclasses.dataclass(frozen=True)
class QuestionData:
    kind: str
    text: Multilingual
    help_text: Multilingual = dataclasses.field(default_factory=Multilingual)
    is_required: bool = False
    choices: Sequence[ChoiceData] = ()


def _chosen_keys(question: Question) -> set[str]:
    """Return the keys of the choices somebody chose, at registration or in the survey."""
    values: list[Any] = list(question.answers.values_list("value", flat=True))
    values += list(question.feedback_answers.values_list("value", flat=True))
    keys: set[str] = set()
    for value in values:
        keys.update(str(key) for key in (value if isinstance(value, list) else [value]))
    return keys


def _is_answered(question: Question) -> bool:
    return question.answers.exists() or question.feedback_answers.exists()


def _new_key(text: Multilingual, taken: set[str]) -> str:
    base = slugify(text.in_("en"))[:30] or get_random_string(6).lower()
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _choices(question: Question | None, data: QuestionData) -> list[dict[str, Any]]:
    """Return the question's choices as they are to be kept: removed ones that somebody
    chose stay, archived; new ones get a key of their own."""
    if data.kind not in CHOICE_KINDS:
        return question.choices if question is not None and question.choices else []
    before = {choice.key: choice for choice in question.options} if question else {}
    chosen = _chosen_keys(question) if question is not None and question.pk else set()
    kept: list[QuestionChoice] = []
    taken = set(before)
    seen: set[str] = set()
    for choice in data.choices:
        if choice.key and choice.key in before:
            seen.add(choice.key)
            if choice.remove and choice.key not in chosen:
                continue
            text = choice.text or before[choice.key].text
            kept.append(QuestionChoice(key=choice.key, text=text, is_archived=choice.remove))
        elif choice.text and not choice.remove:
            key = _new_key(choice.text, taken)
            taken.add(key)
            kept.append(QuestionChoice(key=key, text=choice.text))
    # A choice the form did not send back is kept as it was.
    kept += [choice for key, choice in before.items() if key not in seen]
    if len([choice for choice in kept if not choice.is_archived]) < 2:
        raise DomainError("choices", _("Give at least two choices to pick from."))
    return [choice.as_json() for choice in kept]


@transaction.atomic
def question_save(
    *,
    actor: Actor,
    lab: Lab,
    purpose: str,
    question: Question | None = None,
    data: QuestionData,
    via: str = Via.WEB,
) -> Question:
    """Create a question of ``lab`` (asked at registration or in the feedback survey), or
    change ``question``; return it.

    The question needs a text. A choice question needs two choices at least; a removed
    choice that somebody chose is archived. The kind of an answered question stays.
    """
    if not data.text:
        raise DomainError("text", _("Write the question in at least one language."))
    if data.kind not in QuestionKind.values:
        raise DomainError("kind", _("Choose the kind of answer."))
    if purpose not in QuestionPurpose.values:
        raise DomainError("purpose", _("Choose when the question is asked."))
    is_new = question is None
    if question is None:
        last = lab.questions.filter(purpose=purpose).aggregate(last=Max("position"))["last"]
        question = Question(lab=lab, purpose=purpose, position=(last or 0) + 1)
    elif question.kind != data.kind and _is_answered(question):
        raise DomainError(
            "kind_answered",
            _("People have answered this question: its kind of answer cannot change."),
        )
    before = {"text": dict(question.text), "kind": question.kind, "choices": question.choices}
    question.choices = _choices(question, data)
    question.kind = data.kind
    question.text = data.text
    question.help_text = data.help_text
    question.is_required = data.is_required
    question.save()
    after = {"text": dict(question.text), "kind": question.kind, "choices": question.choices}
    audit_record(
        actor=actor,
        via=via,
        action="labs.question.created" if is_new else "labs.question.changed",
        obj=question,
        before=None if is_new else before,
        after=after,
    )
    return question


@transaction.atomic
def question_add_standard(
    *, actor: Actor, lab: Lab, purpose: str, key: str, via: str = Via.WEB
) -> Question:
    """Add the ready-made question ``key`` (dietary needs, ...) with its texts in all six
    languages; staff may change it afterwards like any other."""
    standard = STANDARD_QUESTIONS.get(key)
    if standard is None:
        raise DomainError("standard", _("There is no such ready-made question."))
    question = question_save(
        actor=actor,
        lab=lab,
        purpose=purpose,
        data=QuestionData(
            kind=standard.kind,
            text=Multilingual(standard.text),
            help_text=Multilingual(standard.help_text),
            is_required=standard.is_required,
        ),
        via=via,
    )
    question.standard = key
    question.save(update_fields=["standard"])
    return question


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> bool:
    """Delete the question; one that somebody answered is archived instead (no longer
    asked, its answers kept). Return whether it was deleted."""
    try:
        with transaction.atomic():
            audit_record(actor=actor, action="labs.question.deleted", obj=question)
            question.delete()
    except ProtectedError:
        question.is_archived = True
        question.save(update_fields=["is_archived"])
        audit_record(actor=actor, action="labs.question.archived", obj=question)
        return False
    return True


@transaction.atomic
def question_restore(*, actor: Actor, question: Question) -> Question:
    """Ask an archived question again."""
    question.is_archived = False
    question.save(update_fields=["is_archived"])
    audit_record(actor=actor, action="labs.question.restored", obj=question)
    return question


@transaction.atomic
def question_move(*, actor: Actor, question: Question, up: bool) -> None:
    """Move the question one place up or down among the lab's questions of its purpose."""
    siblings = list(
        Question.objects.select_for_update()
        .filter(lab_id=question.lab_id, purpose=question.purpose)
        .order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    audit_record(actor=actor, action="labs.question.moved", obj=question, after={"up": up})


def answers_check(questions: Sequence[Question], values: Mapping[int, Any]) -> None:
    """Refuse answers that miss a required question or name a choice not offered.

    The form (``labs.forms.questions``) says so field by field; this keeps every caller
    to the same rules.
    """
    for question in questions:
        value = values.get(question.pk)
        if value is None:
            if question.is_required:
                raise DomainError(
                    "required",
                    _("Please answer: %(question)s") % {"question": question.text},
                )
            continue
        if question.has_choices:
            offered = {choice.key for choice in question.offered}
            if not set(value if isinstance(value, list) else [value]) <= offered:
                raise DomainError("choice", _("Choose among the choices offered."))


@transaction.atomic
def answers_store(
    *,
    invitation: Invitation,
    questions: Sequence[Question],
    values: Mapping[int, Any],
    actor: Actor = None,
) -> None:
    """Keep a person's answers to the lab's registration ``questions`` with their
    invitation: a new answer replaces the one before, an empty one removes it.

    Only which questions were answered goes into the audit log, never the answers.
    """
    answers_check(questions, values)
    now = timezone.now()
    stored = {a.question_id: a for a in QuestionAnswer.objects.filter(invitation=invitation)}
    changed: list[int] = []
    for question in questions:
        value, answer = values.get(question.pk), stored.get(question.pk)
        if value is None:
            if answer is not None:
                answer.delete()
                changed.append(question.pk)
        elif answer is None:
            QuestionAnswer.objects.create(
                question=question, invitation=invitation, value=value, answered_at=now
            )
            changed.append(question.pk)
        elif answer.value != value:
            answer.value, answer.answered_at = value, now
            answer.save(update_fields=["value", "answered_at"])
            changed.append(question.pk)
    if changed:
        audit_record(
            actor=actor,
            action="labs.questions.answered",
            obj=invitation,
            after={"questions": changed},
        )
