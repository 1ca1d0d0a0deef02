"""Candor's application core: workspace, accounts, media, jobs, use cases and CLI.

Runs without a display; never imports Qt widgets.
"""
