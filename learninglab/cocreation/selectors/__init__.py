"""What reads a live wall: for staff and results (``session``), for phones (``participant``)."""
