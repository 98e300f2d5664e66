"""Who may write, endorse and monitor action plans.

Partner staff write and monitor their own partner's plans; the coordinator follows and
may act on all of them. A plan's texts and actions change only while it is a draft or a
revision is under way (the services refuse otherwise). Public plans need no permission.
"""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

_own = Rule(everywhere=STAFF, own_partner=PARTNER)

register("actionplans.view", _own)
register("actionplans.edit", _own)
register("actionplans.submit", _own)
register("actionplans.endorse", _own)
register("actionplans.monitor", _own)
register(
    "actionplans.action.view",
    Rule(everywhere=STAFF, own_partner=PARTNER, partner_path="plan__partner"),
)
register(
    "actionplans.action.edit",
    Rule(everywhere=STAFF, own_partner=PARTNER, partner_path="plan__partner"),
)
register(
    "actionplans.action.monitor",
    Rule(everywhere=STAFF, own_partner=PARTNER, partner_path="plan__partner"),
)
