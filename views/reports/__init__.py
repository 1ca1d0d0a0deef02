"""The Reports page: every export, report and compliance task of the workspace in one place."""
