"""Change the stakeholder directory, one module per domain object.

Every change is atomic and written to the audit log. ``organisation`` keeps the
organisations, ``stakeholder`` the people (and the purge of inactive ones), ``consent``
their consent ledger.
"""
