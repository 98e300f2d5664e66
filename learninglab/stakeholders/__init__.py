"""The regional stakeholder group: organisations, people, their consent."""
