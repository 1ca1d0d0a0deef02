"""Checking role criteria: every problem at once, in words a recruiter can act on.

`criteria_from_dict` is the single gate for criteria from any source (a YAML file,
the form, a stored row). It collects all problems before raising, so one attempt
shows everything to fix, and it returns criteria whose skill names are canonical
taxonomy names (a synonym such as "postgres" becomes "PostgreSQL").
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from analysis.resume.model import EducationLevel
from analysis.resume.taxonomy import Taxonomy, normalise_term
from analysis.scoring.criteria import (
    EDUCATION_LEVELS,
    PART_NAMES,
    SCHEMA_VERSION,
    ComponentWeights,
    CriteriaInvalid,
    PartWeights,
    Problem,
    RoleCriteria,
    SkillCriterion,
    applicable_parts,
)

Path = tuple[str | int, ...]

TOP_KEYS = (
    "schema_version",
    "title",
    "description",
    "version",
    "must_have",
    "preferred",
    "min_years",
    "relevant_skills_for_years",
    "min_education",
    "keywords",
    "part_weights",
    "components",
)
PREFERRED_KEYS = ("skill", "weight")
COMPONENT_KEYS = ("resume", "interview")
_EDUCATION_ALIASES: dict[str, EducationLevel] = {
    "high school": "high_school",
    "secondary": "high_school",
    "associates": "associate",
    "associate's": "associate",
    "bachelors": "bachelor",
    "bachelor's": "bachelor",
    "masters": "master",
    "master's": "master",
    "phd": "doctorate",
    "ph.d.": "doctorate",
    "doctoral": "doctorate",
}


def dotted(path: Path) -> str:
    """("preferred", 2, "weight") -> "preferred[3].weight" (items counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def kind_of(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest_skills(taxonomy: Taxonomy, term: str, limit: int = 3) -> list[str]:
    """Likely intended skills for a name the taxonomy lacks: prefix hits, then
    near spellings ("Pyhton" -> Python) among curated and workspace skills."""
    found = list(taxonomy.search(term, limit))
    if len(found) < limit:
        names: dict[str, str] = {}
        for concept in taxonomy.concepts.values():
            if concept.source != "esco":
                for text in (concept.canonical, *(t.text for t in concept.terms)):
                    names.setdefault(normalise_term(text), concept.canonical)
        for close in difflib.get_close_matches(
            normalise_term(term), list(names), n=limit, cutoff=0.7
        ):
            found.append(names[close])
    if not found and len(term) > 3:
        found = taxonomy.search(term[:3], limit)
    return list(dict.fromkeys(found))[:limit]


class _Checker:
    def __init__(self, taxonomy: Taxonomy, lines: Mapping[Path, int]) -> None:
        self.taxonomy = taxonomy
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        line = None
        for depth in range(len(path), -1, -1):  # nearest enclosing node with a line
            line = self.lines.get(path[:depth])
            if line is not None:
                break
        self.problems.append(Problem(dotted(path), message, line))

    # --- shapes -------------------------------------------------------------------
    def mapping(self, data: object, path: Path, known: tuple[str, ...]) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.add(path, f"must be a mapping of {', '.join(known)} (it is {kind_of(data)})")
            return {}
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; known keys: {', '.join(known)}"
                )
                self.add((*path, str(key)), f"unknown key '{key}'{hint}")
        return {str(k): v for k, v in data.items() if k in known}

    def text(self, value: object, path: Path, *, required: bool = False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.add(path, f"must be text (it is {kind_of(value)})")
            return ""
        if required and not value.strip():
            self.add(path, "must not be empty")
        return value.strip() if required else value

    def number(self, value: object, path: Path, *, positive: bool = False) -> float | None:
        """A finite number >= 0 (> 0 with `positive`), else a problem and None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, f"must be a number (it is {kind_of(value)})")
            return None
        if not math.isfinite(value):
            self.add(path, "must be a finite number")
            return None
        if value < 0:
            self.add(path, f"must not be negative (it is {value:g})")
            return None
        if positive and value == 0:
            self.add(path, "must be greater than 0; remove the entry instead of weighting it 0")
            return None
        return float(value)

    def text_list(self, value: object, path: Path) -> list[tuple[Path, str]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, f"must be a list (it is {kind_of(value)})")
            return []
        items = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append(((*path, i), item.strip()))
            else:
                self.add((*path, i), f"must be non-empty text (it is {kind_of(item)})")
        return items

    def skill(self, name: str, path: Path) -> str | None:
        canonical = self.taxonomy.canonical(name)
        if canonical is None:
            suggestions = suggest_skills(self.taxonomy, name)
            hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
            self.add(
                path,
                f"'{name}' is not a skill in the taxonomy.{hint} "
                "(A workspace can add its own skills.)",
            )
        return canonical

    def skill_list(self, value: object, path: Path) -> tuple[str, ...]:
        seen: dict[str, Path] = {}
        for item_path, name in self.text_list(value, path):
            canonical = self.skill(name, item_path)
            if canonical is None:
                continue
            if canonical in seen:
                self.add(item_path, f"'{canonical}' is listed twice")
            else:
                seen[canonical] = item_path
        return tuple(seen)

    # --- fields -------------------------------------------------------------------
    def preferred(self, value: object, path: Path) -> tuple[SkillCriterion, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(path, f"must be a list of skills with weights (it is {kind_of(value)})")
            return ()
        found: dict[str, SkillCriterion] = {}
        for i, item in enumerate(value):
            item_path = (*path, i)
            if isinstance(item, str):  # a bare name weighs 1
                item = {"skill": item}
            if not isinstance(item, dict):
                self.add(
                    item_path,
                    "must be a skill name or a mapping of skill and weight "
                    f"(it is {kind_of(item)})",
                )
                continue
            fields = self.mapping(item, item_path, PREFERRED_KEYS)
            if "skill" not in fields:
                self.add(item_path, "needs a 'skill'")
                continue
            name = self.text(fields["skill"], (*item_path, "skill"), required=True)
            canonical = self.skill(name, (*item_path, "skill")) if name else None
            weight = self.number(fields.get("weight", 1.0), (*item_path, "weight"), positive=True)
            if canonical is None or weight is None:
                continue
            if canonical in found:
                self.add(item_path, f"'{canonical}' is listed twice")
                continue
            found[canonical] = SkillCriterion(canonical, weight)
        return tuple(found.values())

    def education(self, value: object, path: Path) -> EducationLevel | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(path, f"must be one of {', '.join(EDUCATION_LEVELS)} (it is {kind_of(value)})")
            return None
        key = normalise_term(value)
        for level in EDUCATION_LEVELS:
            if key in (level, level.replace("_", " ")):
                return level
        if key in _EDUCATION_ALIASES:
            return _EDUCATION_ALIASES[key]
        close = difflib.get_close_matches(key, EDUCATION_LEVELS, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.add(
            path,
            f"unknown education level '{value}'{hint} (use one of {', '.join(EDUCATION_LEVELS)})",
        )
        return None

    def part_weights(self, value: object, path: Path) -> PartWeights:
        fields = self.mapping(value, path, PART_NAMES)
        values = PartWeights().as_dict()
        for name, raw in fields.items():
            number = self.number(raw, (*path, name))
            if number is not None:
                values[name] = number
        if fields and sum(values.values()) <= 0:
            self.add(path, "cannot all be 0; give at least one part some weight")
        return PartWeights(**values)

    def components(self, value: object, path: Path) -> ComponentWeights:
        fields = self.mapping(value, path, COMPONENT_KEYS)
        numbers = {k: self.number(v, (*path, k)) for k, v in fields.items()}
        given = {k: v for k, v in numbers.items() if v is not None}
        if len(given) != len(numbers):
            return ComponentWeights()
        if len(given) == 1:  # one given: the other is the rest of 1
            share = next(iter(given.values()))
            given[next(k for k in COMPONENT_KEYS if k not in given)] = round(1.0 - share, 9)
        weights = ComponentWeights(**given) if given else ComponentWeights()
        total = weights.resume + weights.interview
        if min(weights.resume, weights.interview) < 0 or abs(total - 1.0) > 1e-6:
            self.add(
                path,
                f"resume and interview must each be 0 to 1 and add up to 1 (they make {total:g})",
            )
        return weights

    def version(self, value: object, path: Path, *, default: int, low: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.add(path, f"must be a whole number of at least {low} (it is {value!r})")
            return default
        return value


def criteria_from_dict(
    data: object, taxonomy: Taxonomy, lines: Mapping[Path, int] | None = None
) -> RoleCriteria:
    """Validated, canonical criteria from plain data; raises `CriteriaInvalid`
    listing every problem. `lines` maps a key path to its line in the source file."""
    check = _Checker(taxonomy, lines or {})
    if not isinstance(data, dict):
        check.add(
            (),
            "the criteria must be a mapping of keys such as title and must_have "
            f"(it is {kind_of(data)})",
        )
        raise CriteriaInvalid(check.problems)
    fields = check.mapping(data, (), TOP_KEYS)
    schema = check.version(
        fields.get("schema_version"), ("schema_version",), default=SCHEMA_VERSION, low=1
    )
    if schema > SCHEMA_VERSION:
        check.add(
            ("schema_version",),
            f"this file uses format {schema}, newer than this Candor reads ({SCHEMA_VERSION})",
        )
    if "title" not in fields:
        check.add(("title",), "a role needs a title")
    min_years_raw = fields.get("min_years")
    criteria = RoleCriteria(
        title=check.text(fields.get("title", ""), ("title",), required="title" in fields),
        description=check.text(fields.get("description"), ("description",)),
        must_have=check.skill_list(fields.get("must_have"), ("must_have",)),
        preferred=check.preferred(fields.get("preferred"), ("preferred",)),
        min_years=None if min_years_raw is None else check.number(min_years_raw, ("min_years",)),
        relevant_skills_for_years=check.skill_list(
            fields.get("relevant_skills_for_years"), ("relevant_skills_for_years",)
        ),
        min_education=check.education(fields.get("min_education"), ("min_education",)),
        keywords=tuple(
            dict.fromkeys(k for _, k in check.text_list(fields.get("keywords"), ("keywords",)))
        ),
        part_weights=check.part_weights(fields.get("part_weights"), ("part_weights",)),
        components=check.components(fields.get("components"), ("components",)),
        version=check.version(fields.get("version"), ("version",), default=1, low=1),
    )
    for i, item in enumerate(criteria.preferred):
        if item.skill in criteria.must_have:
            check.add(
                ("preferred", i), f"'{item.skill}' is already a must-have; keep it in one list"
            )
    has_criteria = (
        criteria.must_have or criteria.preferred or criteria.keywords
        or criteria.min_years is not None or criteria.min_education is not None
    )  # fmt: skip
    used = applicable_parts(criteria)
    budgets = criteria.part_weights.as_dict()
    if has_criteria and not any(budgets[name] > 0 for name in PART_NAMES if used[name]):
        check.add(
            ("part_weights",),
            "every part this role uses has weight 0; give one of them some weight",
        )
    if not has_criteria and not check.problems:
        check.add(
            (),
            "nothing to score against: add must-haves, preferred skills, min_years, "
            "min_education or keywords",
        )
    if check.problems:
        raise CriteriaInvalid(check.problems)
    return criteria


def validate_criteria(criteria: RoleCriteria, taxonomy: Taxonomy) -> RoleCriteria:
    """The same checks for criteria built in code (e.g. by the form)."""
    return criteria_from_dict(criteria.to_dict(), taxonomy)
