"""Who may read the outbox: staff of the partner a message was sent for."""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

register("messaging.outbox.view", Rule(everywhere=STAFF, own_partner=PARTNER))
