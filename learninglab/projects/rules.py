"""Who may change the project's settings (its logos): the coordinator, who works for the
whole project; partner staff and facilitators work for one partner."""

from learninglab.core.permissions import STAFF, Rule, register

register("projects.change", Rule(everywhere=STAFF))
