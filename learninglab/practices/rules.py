"""Who may write, submit, review and transfer good practices.

Partner staff document their own partner's practices and submit them; they change one
while it is a draft or returned to them. The coordinator documents and reviews any (asks
for more information, approves, declines, records the experts' validation) and may
correct one at any time. A transfer is recorded by the partner that learns from the
practice, for itself. Published practices are public and need no permission.
"""

from typing import Any

from learninglab.core.permissions import PARTNER, STAFF, Rule, register
from learninglab.core.roles import Role


def _still_editable(user: Any, practice: Any) -> bool:
    return practice is None or user.role == Role.COORDINATOR or practice.is_editable


_own = Rule(everywhere=STAFF, own_partner=PARTNER)

register("practices.view", _own)
register("practices.edit", Rule(everywhere=STAFF, own_partner=PARTNER, condition=_still_editable))
register("practices.submit", _own)
register("practices.review", Rule(everywhere=STAFF))
register("practices.transfer", _own)
