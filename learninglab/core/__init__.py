"""Shared ground: base models, the audit log, roles and the permission layer."""
