"""The background drafted from an action's links says what was learnt and from whom."""

from __future__ import annotations

import pytest

from learninglab.actionplans.drafting import background_draft, excerpt
from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import ActionPractice
from learninglab.actionplans.services.action import action_ideas_link, action_practices_link
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_nothing_linked_drafts_nothing(action):
    assert background_draft(action) == {}


def test_the_draft_names_each_practice_its_city_summary_and_what_can_be_transferred(
    staff, action, practice
):
    action_practices_link(actor=staff, action=action, practices=[practice])

    draft = background_draft(action)

    assert set(draft) == {"ro", "en"}
    english = draft["en"]
    assert "The lessons learnt from the good practices of the partners:" in english
    assert "- “Open studios”, a good practice of Matera: " in english
    assert "Artists open their studios to SMEs once a month." in english
    assert "What others can learn from it: Any city with artists' studios." in english


def test_the_plans_language_takes_the_practices_text_in_it_where_there_is_one(
    staff, partner, action, practice
):
    own = PracticeFactory(
        partner=partner,
        slug="timisoara-makers",
        title={"ro": "Atelierul deschis", "en": "The open workshop"},
        summary={"ro": "Meșteșugari și IMM-uri lucrează împreună.", "en": "Makers and SMEs."},
        status=PracticeStatus.PUBLISHED,
    )
    action_practices_link(actor=staff, action=action, practices=[own, practice])
    ActionPractice.objects.filter(practice=own).update(note="the monthly open day")

    draft = background_draft(action)

    # Romanian quotes the titles its own way: „…”.
    assert "- „Atelierul deschis”, o bună practică din Timișoara: " in draft["ro"]
    assert "Meșteșugari și IMM-uri lucrează împreună." in draft["ro"]
    # Matera's practice has no Romanian text: its English one stands in.
    assert "- „Open studios”, o bună practică din Matera: " in draft["ro"]
    assert "“The open workshop”" in draft["en"] and "Makers and SMEs." in draft["en"]
    assert "What this action takes from it: the monthly open day." in draft["en"]


def test_the_draft_quotes_the_ideas_with_their_lab_and_votes_most_votes_first(staff, action, wall):
    action_ideas_link(actor=staff, action=action, ideas=[wall["coworking"], wall["vouchers"]])

    english = background_draft(action)["en"]

    assert "The ideas of the stakeholders on the live wall:" in english
    assert "At Local Learning Lab, round 2" in english
    vouchers = english.index("- “Vouchers for design services” (5 votes)")
    coworking = english.index("- “A coworking space in the old factory” (3 votes)")
    assert vouchers < coworking


def test_long_texts_are_cut_and_the_draft_keeps_to_the_limit(staff, action, wall):
    practices = [
        PracticeFactory(
            slug=f"long-{n}",
            title={"en": f"Practice {n}"},
            summary={"en": "word " * 400},
            transfer_potential={"en": "more " * 400},
            status=PracticeStatus.PUBLISHED,
        )
        for n in range(12)
    ]
    action_practices_link(actor=staff, action=action, practices=practices)

    draft = background_draft(action)

    assert all(len(text) <= limit("background") for text in draft.values())
    assert draft["en"].endswith("…")


def test_an_excerpt_ends_at_a_word():
    assert excerpt("one two three", 9) == "one two…"
    assert excerpt("short\n text", 50) == "short text"
