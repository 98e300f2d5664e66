"""The demo's logins as the commands print them: one table of every account, one password."""

from __future__ import annotations

from learninglab.demo.data import DEMO_PASSWORD, PARTNERS, STAFF


def login_lines() -> list[str]:
    """Return the lines that tell a newcomer how to log in to the demo.

    Every demo account is listed once (e-mail, role, partner's city), so each partner's
    staff can be tried, and the shared password is written once above the table.
    """
    cities = {partner.slug: partner.city for partner in PARTNERS}
    rows = [(spec.email, str(spec.role.label), cities[spec.partner]) for spec in STAFF]
    width = max(len(email) for email, _role, _city in rows)
    role_width = max(len(role) for _email, role, _city in rows)
    lines = [f"Log in with one of these accounts (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {email:<{width}}  {role:<{role_width}}  {city}" for email, role, city in rows]
    return lines
