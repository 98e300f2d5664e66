"""Who may read the programme indicators: partner staff their own partner's figures,
the coordinator every partner's and the project's."""

from learninglab.core.permissions import PARTNER, STAFF, Rule, register

register("indicators.view", Rule(everywhere=STAFF, own_partner=PARTNER))
