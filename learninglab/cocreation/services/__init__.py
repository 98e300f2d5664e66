"""What changes a live wall: one module per domain object, sharing the locks of ``wall``."""
