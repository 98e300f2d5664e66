"""Forms: staff pages, the check-in desk, and the public pages."""
