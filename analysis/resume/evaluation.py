"""Field-level precision/recall/F1 of the parser against annotated resumes.

Reads the two sets described in shared/data/resumes-ner/PROVENANCE.md:
DataTurks (JSON lines, inclusive `end` offsets, `text` authoritative) and
dotin_test50 (XML with inline `<label type=...>`). Scoring is per resume on
distinct values (a field's value counted once however often it recurs):

* a predicted value is correct if it matches a gold value of the field, and a
  gold value is found if a predicted value matches it;
* "relaxed" match: token-set F1 >= 0.5 between the two strings, or the
  predicted value's source span overlapping one of the gold value's spans;
  "exact": equal after lower-casing and removing punctuation;
* skills match by span overlap (the prediction's span inside a gold skill span)
  or by equal text; DataTurks marks whole skill blocks, which are split into
  items at commas, bullets and line breaks, with "(3 years)" notes removed;
  dotin's "Soft Skills" count as correct predictions but are not required;
* the DataTurks annotation is partial (many resumes lack some labels), so a
  field is scored only on resumes that have at least one gold value for it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.resume.model import ResumeProfile, Span

FIELDS = ("name", "email", "skills", "degree", "institution", "employers", "titles")
_GOLD_LABELS = {
    "Name": "name",
    "Email Address": "email",
    "Skills": "skills",
    "Job Specific Skills": "skills",
    "Tech Tools": "skills",
    "Soft Skills": "soft_skills",
    "Degree": "degree",
    "College Name": "institution",
    "Companies worked at": "employers",
    "Designation": "titles",
}


@dataclass(frozen=True)
class GoldValue:
    text: str
    span: Span


@dataclass
class GoldResume:
    ident: str
    text: str
    gold: dict[str, list[GoldValue]] = field(default_factory=dict)


@dataclass
class Counts:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- loading ----------------------------------------------------------------------------
def load_dataturks(path: Path) -> list[GoldResume]:
    resumes = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["content"]
        resume = GoldResume(f"{path.stem}:{number}", text)
        for ann in row.get("annotation") or []:
            labels = ann.get("label") or []
            name = _GOLD_LABELS.get(labels[0]) if labels else None
            if name is None:
                continue
            for point in ann["points"]:
                span = _locate(text, point["text"], point["start"])
                if name == "skills":
                    resume.gold.setdefault(name, []).extend(_skill_items(text, span))
                else:
                    resume.gold.setdefault(name, []).append(GoldValue(point["text"].strip(), span))
        resumes.append(resume)
    return resumes


def _locate(text: str, value: str, start: int) -> Span:
    """The span of `value` near `start` (the recorded offsets are sometimes off)."""
    value = value.strip()
    if text[start : start + len(value)] == value:
        return Span(start, start + len(value))
    found = text.find(value, max(0, start - 20))
    if found < 0:
        found = text.find(value)
    return Span(found, found + len(value)) if found >= 0 else Span(start, start + len(value))


_ITEM = re.compile(r"[^,;\n•❖➢▪●]+")


def _skill_items(text: str, block: Span) -> list[GoldValue]:
    items = []
    for m in _ITEM.finditer(text, block.start, block.end):
        raw = m.group()
        raw_no_notes = re.sub(r"\([^)]*\)", lambda g: " " * len(g.group()), raw)
        if ":" in raw_no_notes:  # "Programming language: C" -> "C"
            cut = raw_no_notes.index(":") + 1
            raw_no_notes = " " * cut + raw_no_notes[cut:]
        stripped = raw_no_notes.strip(" \t-–*.")
        if len(stripped) < 1 or not re.search(r"[A-Za-z]", stripped):
            continue
        offset = m.start() + raw_no_notes.index(stripped)
        items.append(GoldValue(stripped, Span(offset, offset + len(stripped))))
    return items


_TAG = re.compile(r'<label type="([^"]+)">(.*?)</label>', re.DOTALL)


def load_dotin(directory: Path) -> list[GoldResume]:
    resumes = []
    for path in sorted(directory.glob("*.xml")):
        raw = path.read_text(encoding="utf-8")
        body = raw[raw.index("<cv>") + 4 : raw.rindex("</cv>")]
        text_parts: list[str] = []
        length = 0
        resume = GoldResume(path.stem, "")
        pos = 0
        for m in _TAG.finditer(body):
            before = html.unescape(body[pos : m.start()])
            text_parts.append(before)
            length += len(before)
            value = html.unescape(m.group(2))
            name = _GOLD_LABELS.get(m.group(1))
            if name is not None:
                resume.gold.setdefault(name, []).append(
                    GoldValue(value.strip(), Span(length, length + len(value)))
                )
            text_parts.append(value)
            length += len(value)
            pos = m.end()
        text_parts.append(html.unescape(body[pos:]))
        resume.text = "".join(text_parts)
        resumes.append(resume)
    return resumes


# --- matching ---------------------------------------------------------------------------
def _tokens(value: str) -> set[str]:
    return set(re.findall(r"[a-z0-9+#]+", value.lower()))


def _exact_key(value: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", value.lower()))


def _token_f1(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    common = len(ta & tb)
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Predicted:
    text: str
    spans: tuple[Span, ...]
    alt_text: str = ""  # a skill's canonical name beside the matched text


def _email_key(value: str) -> str:
    value = re.sub(r"\s+", "", value.lower())  # gold URLs are sometimes broken over lines
    m = re.search(r"indeed\.com/r/([^\s?/]+)", value)
    return "indeed:" + m.group(1) if m else value


def predictions(profile: ResumeProfile, name: str) -> list[Predicted]:
    if name == "name":
        return [Predicted(profile.name.value, (profile.name.span,))] if profile.name else []
    if name == "email":
        # DataTurks labels the Indeed contact URL as the email: the parser keeps it as a link
        values = [Predicted(e.value, (e.span,)) for e in profile.emails]
        values += [Predicted(k.url, (k.span,)) for k in profile.links if "indeed.com/r/" in k.url]
        return values
    if name == "skills":  # what the profile reports: its skills list, else the mentions
        grouped: dict[str, list[Span]] = {}
        texts: dict[str, str] = {}
        for item in profile.listed_skills:
            grouped.setdefault(item.name, []).append(item.span)
            texts.setdefault(item.name, item.written)
        for s in () if profile.listed_skills else profile.skills:
            grouped.setdefault(s.canonical, []).append(s.span)
            texts.setdefault(s.canonical, s.matched_text)
        return [Predicted(texts[c], tuple(spans), c) for c, spans in grouped.items()]
    if name == "degree":
        return [
            Predicted(e.degree, (e.degree_span,) if e.degree_span else ())
            for e in profile.education
            if e.degree
        ]
    if name == "institution":
        return [
            Predicted(e.institution, (e.institution_span,) if e.institution_span else ())
            for e in profile.education
            if e.institution
        ]
    if name == "employers":
        return [
            Predicted(e.employer, (e.employer_span,) if e.employer_span else ())
            for e in profile.experience
            if e.employer
        ]
    if name == "titles":
        return [
            Predicted(e.title, (e.title_span,) if e.title_span else ())
            for e in profile.experience
            if e.title
        ]
    raise ValueError(name)


def _dedupe(values: Iterable[Predicted], key: Callable[[str], str]) -> list[Predicted]:
    merged: dict[str, Predicted] = {}
    for v in values:
        k = key(v.text)
        if k in merged:
            old = merged[k]
            merged[k] = Predicted(old.text, old.spans + v.spans, old.alt_text)
        else:
            merged[k] = v
    return list(merged.values())


def score_field(
    name: str, gold: Sequence[GoldValue], preds: Sequence[Predicted], *, relaxed: bool,
    soft: Sequence[GoldValue] = (),
) -> Counts:  # fmt: skip
    key = _email_key if name == "email" else _exact_key
    gold_groups: dict[str, list[GoldValue]] = {}
    for g in gold:
        if key(g.text):
            gold_groups.setdefault(key(g.text), []).append(g)
    preds = _dedupe(preds, key)

    def matches(p: Predicted, k: str, group: Sequence[GoldValue]) -> bool:
        if key(p.text) == k or (p.alt_text and key(p.alt_text) == k):
            return True
        if not relaxed:
            return False
        if name == "skills":
            return any(_overlaps(ps, g.span) for ps in p.spans for g in group)
        if name != "email" and _token_f1(p.text, group[0].text) >= 0.5:
            return True
        return name != "email" and any(_overlaps(ps, g.span) for ps in p.spans for g in group)

    counts = Counts(n_gold=len(gold_groups), n_pred=len(preds))
    soft_groups = {key(s.text): [s] for s in soft}
    for p in preds:
        if any(matches(p, k, grp) for k, grp in gold_groups.items()) or any(
            matches(p, k, grp) for k, grp in soft_groups.items()
        ):
            counts.tp_pred += 1
    for k, grp in gold_groups.items():
        if any(matches(p, k, grp) for p in preds):
            counts.tp_gold += 1
    return counts


def evaluate(
    resumes: Sequence[GoldResume], profiles: Sequence[ResumeProfile], *, relaxed: bool = True
) -> dict[str, Counts]:
    totals = {name: Counts() for name in FIELDS}
    for resume, profile in zip(resumes, profiles, strict=True):
        for name in FIELDS:
            gold = resume.gold.get(name, [])
            if not gold:
                continue  # partial annotation: unlabelled is not "absent"
            preds = predictions(profile, name)
            if name == "email" and not any("indeed.com/r/" in g.text for g in gold):
                preds = [p for p in preds if "@" in p.text]
            c = score_field(
                name, gold, preds, relaxed=relaxed,
                soft=resume.gold.get("soft_skills", []) if name == "skills" else (),
            )  # fmt: skip
            t = totals[name]
            t.tp_pred += c.tp_pred
            t.n_pred += c.n_pred
            t.tp_gold += c.tp_gold
            t.n_gold += c.n_gold
    return totals


def dataset_root(start: Path) -> Path:
    """shared/data/resumes-ner beside the repository that holds `start`."""
    for parent in [start, *start.parents]:
        candidate = parent / ".." / "shared" / "data" / "resumes-ner"
        if (parent / "pyproject.toml").is_file():
            return candidate.resolve()
    return (start / ".." / "shared" / "data" / "resumes-ner").resolve()
