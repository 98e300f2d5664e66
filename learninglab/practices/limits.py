"""How long each text of a good practice may be, in characters: stated here only.

The programme's form sets such limits so that practices stay comparable and readable;
these follow it. The form, its counters while typing, the services and the exports all
read them from here.
"""

from __future__ import annotations

LIMITS: dict[str, int] = {
    "title": 150,
    "institution": 200,
    "summary": 1000,
    "problem": 2000,
    "activities": 3000,
    "stakeholders": 1000,
    "resources": 1000,
    "evidence": 2000,
    "difficulties": 2000,
    "transfer_potential": 2000,
    "expert_opinion": 2000,
    "keywords": 300,
    "comment": 2000,
    "alt_text": 250,
    "transfer_note": 1000,
}


def limit(field: str) -> int:
    """Return the largest number of characters ``field`` takes."""
    return LIMITS[field]
