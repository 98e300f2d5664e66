"""Learning Lab: participatory regional-development projects, from stakeholder to action plan."""
