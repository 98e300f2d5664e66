"""What changes labs, invitations, answers and check-ins: one module per domain object."""
