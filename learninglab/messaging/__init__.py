"""The durable outbox: every e-mail the system sends, and its delivery."""
