"""Pages: staff pages for a lab's results, and the public results and survey pages."""
