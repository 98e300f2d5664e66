"""Change the good-practice library, one module per domain object.

``practice`` writes a practice's record; ``review`` moves it through its review
(submit, ask for more, approve, decline, validate); ``media`` keeps its images and
documents; ``transfer`` keeps the log of partners learning from it. Every change is
atomic and written to the audit log.
"""
