"""Pages: staff pages, the check-in desk, and the public pages people reach by link."""
