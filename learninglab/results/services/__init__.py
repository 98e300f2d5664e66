"""What changes a lab's results: one module per domain object."""
