"""Labs and other meetings: their invitations, RSVPs and reminders."""
