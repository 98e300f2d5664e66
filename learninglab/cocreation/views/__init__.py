"""Pages: joining, the participant's phone, the projector, the facilitator's desk."""
