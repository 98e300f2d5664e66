"""Who may see and run labs.

Partner staff run their own partner's labs; the coordinator all of them. Facilitators see
their partner's labs (to run the live session) and help at their door (check-in, walk-ins),
but never see the invitations and answers.
"""

from learninglab.core.permissions import FACILITATOR, PARTNER, STAFF, Rule, register

_own = Rule(everywhere=STAFF, own_partner=PARTNER)

register("labs.view", Rule(everywhere=STAFF, own_partner=PARTNER | FACILITATOR))
for action in ("change", "publish", "invite", "rsvp.view", "rsvp.record", "export"):
    register(f"labs.{action}", _own)
register("labs.checkin", Rule(everywhere=STAFF, own_partner=PARTNER | FACILITATOR))
