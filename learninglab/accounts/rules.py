"""Who may manage accounts and read the audit log."""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

register("accounts.manage", Rule(everywhere=STAFF))
# Partner staff read the history of their own partner's objects.
register("core.audit.view", Rule(everywhere=STAFF, own_partner=PARTNER))
