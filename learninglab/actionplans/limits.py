"""How long each text of an action plan may be, in characters: stated here only.

The programme's template asks for short, comparable texts; the forms, their counters,
the services and the exports all read the limits from here.
"""

from __future__ import annotations

LIMITS: dict[str, int] = {
    "plan_title": 200,
    "organisation": 200,
    "other_partners": 1000,
    "contact": 200,
    "improvement": 3000,
    "summary": 3000,
    "action_title": 200,
    "background": 4000,
    "description": 4000,
    "player_role": 500,
    "milestone": 200,
    "funding_name": 200,
    "entry_text": 4000,
    "reason": 2000,
    "version_note": 1000,
}


def limit(field: str) -> int:
    """Return the largest number of characters ``field`` takes."""
    return LIMITS[field]
