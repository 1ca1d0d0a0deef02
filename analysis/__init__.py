"""Candor's science: pure Python over plain inputs, returning typed results.

No Qt, no database, no global state. Models come from `analysis.models.registry`.
"""
