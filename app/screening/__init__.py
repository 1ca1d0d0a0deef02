"""Resume screening for a role: roles and criteria versions, importing resume files,
scores with evidence, exports, and the `parse` / `screen` commands.

Modules: `roles` (Session.roles), `importing` (import_resumes), `screenings`
(Session.screenings), `exports`, `cli`. Nothing heavy is imported here.
"""
