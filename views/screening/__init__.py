"""Resume screening screens: roles and their criteria, candidates, the candidate page."""
