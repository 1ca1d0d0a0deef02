"""Skill autocomplete that answers within a keystroke.

`Taxonomy.search` scans every concept (about 50 ms for the default taxonomy),
too slow to run on the UI thread for each key. `SkillLookup` is built once, in
a job, from the same taxonomy: a sorted list of every normalised name and
synonym, searched by bisection. Its answers are the same as `Taxonomy.search`
(same matching, same order: curated and workspace skills before ESCO ones,
shorter names first).
"""

from __future__ import annotations

import bisect

from analysis.resume import Taxonomy
from analysis.resume.taxonomy import normalise_term


class SkillLookup:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        entries: set[tuple[str, str]] = set()
        self._rank: dict[str, tuple[int, int, str]] = {}
        for concept in taxonomy.concepts.values():
            name = concept.canonical
            self._rank[name] = (1 if concept.source == "esco" else 0, len(name), name.lower())
            for term in (name, *(t.text for t in concept.terms)):
                entries.add((normalise_term(term), name))
        self._entries = sorted(entries)
        self._keys = [key for key, _ in self._entries]
        taxonomy.canonical("")  # builds the taxonomy's own index now, off the UI thread

    def search(self, prefix: str, limit: int = 12) -> list[str]:
        key = normalise_term(prefix)
        if not key:
            return []
        found: set[str] = set()
        for position in range(bisect.bisect_left(self._keys, key), len(self._keys)):
            if not self._keys[position].startswith(key):
                break
            found.add(self._entries[position][1])
        return sorted(found, key=self._rank.__getitem__)[: max(0, limit)]

    def canonical(self, term: str) -> str | None:
        return self.taxonomy.canonical(term)

    def synonyms(self, canonical: str) -> tuple[str, ...]:
        return self.taxonomy.synonyms(canonical)
