"""The bias audit: voluntary demographics kept apart, adverse-impact reports, counterfactuals.

Only this package reads the `demographics` table (a layering test proves it).
"""
