"""Candor's PySide6 widgets and item models. Nothing here runs SQL or inference."""
