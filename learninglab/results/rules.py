"""Who may record and read the results of a lab.

Partner staff record the results of their own partner's labs, the coordinator of all of
them. Published results are public and need no permission.
"""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

_own = Rule(everywhere=STAFF, own_partner=PARTNER)

register("results.edit", _own)
register("results.feedback.view", _own)
