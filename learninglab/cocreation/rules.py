"""Who may run a lab's live co-creation wall.

The permission is asked on the lab: the coordinator runs every lab's wall; partner staff
and facilitators the walls of their own partner's labs. Participants hold no account: they
are known only by the signed cookie of their browser (see ``participants``).
"""

from learninglab.core.permissions import FACILITATOR, PARTNER, STAFF, Rule, register

register("cocreation.run", Rule(everywhere=STAFF, own_partner=PARTNER | FACILITATOR))
