"""Who may manage webhooks: partner staff their partner's subscriptions, the coordinator all.

A subscription without a partner (every partner's events) is the coordinator's alone.
"""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

register("webhooks.manage", Rule(everywhere=STAFF, own_partner=PARTNER))
register(
    "webhooks.delivery.manage",
    Rule(everywhere=STAFF, own_partner=PARTNER, partner_path="subscription__partner"),
)
register("webhooks.manage_all_partners", Rule(everywhere=STAFF))
