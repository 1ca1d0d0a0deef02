"""Keeping the notice's promises: the data-subject request register, the export inventory,
access copies, erasure with a deletion certificate, retention with legal holds, and
human-only review (objection to automated analysis).

Use cases only: each module takes a `Session` (or what it needs of one) and runs
without a display. The schema is `app.storage.m006_compliance`.
"""
