"""PDF reports (reportlab). Builders take plain data and a path; no Qt, no SQL."""
