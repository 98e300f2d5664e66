"""Who may see and change the stakeholder directory.

The coordinator works with every partner's group; partner staff with their own partner's;
facilitators run live sessions and never see the directory.
"""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

_own_group = Rule(everywhere=STAFF, own_partner=PARTNER)

for action in ("view", "change", "import", "export", "merge", "erase", "consent"):
    register(f"stakeholders.{action}", _own_group)
register("stakeholders.view_all_partners", Rule(everywhere=STAFF))
register("stakeholders.purge", Rule(everywhere=STAFF))
