"""Voluntary self-identification (sex, race/ethnicity) for the bias audit, kept apart.

Why it looks like this: the answers exist for one purpose, the adverse-impact
audit, so they are sealed under their own key (`app.fairness.sealing`) and only
this package reads them. The kiosk account may *record* a candidate's answers but
never read them back; reading needs MANAGE_COMPLIANCE (administrators). The
categories are the EEO-1 ones, which NYC Local Law 144's bias audits use, each
with "Prefer not to say" (counted as unknown, like a candidate who never answered).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.accounts import Permission, Role, now_iso
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, PermissionDenied
from app.fairness.sealing import seal, unseal

if TYPE_CHECKING:
    from app.workspace import Session

PREFER_NOT_TO_SAY = "Prefer not to say"
SEX_CATEGORIES: tuple[str, ...] = ("Male", "Female", PREFER_NOT_TO_SAY)
RACE_ETHNICITY_CATEGORIES: tuple[str, ...] = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Other Pacific Islander",
    "Asian",
    "American Indian or Alaska Native",
    "Two or More Races",
    PREFER_NOT_TO_SAY,
)
SOURCES: tuple[str, ...] = ("kiosk", "import", "synthetic")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Demographic:
    sex: str
    race_ethnicity: str


@dataclass(frozen=True)
class ImportResult:
    rows: int
    replaced: int  # candidates who already had answers, now overwritten


# How applicant tracking systems commonly write the same answers (EEO-1 meaning kept).
ALIASES: dict[str, str] = {
    "m": "Male",
    "f": "Female",
    "man": "Male",
    "woman": "Female",
    "hispanic": "Hispanic or Latino",
    "latino": "Hispanic or Latino",
    "hispanic/latino": "Hispanic or Latino",
    "black": "Black or African American",
    "african american": "Black or African American",
    "american indian": "American Indian or Alaska Native",
    "native hawaiian or pacific islander": "Native Hawaiian or Other Pacific Islander",
    "two or more": "Two or More Races",
    "decline to self identify": PREFER_NOT_TO_SAY,
    "decline to self-identify": PREFER_NOT_TO_SAY,
    "declined": PREFER_NOT_TO_SAY,
    "i don't wish to answer": PREFER_NOT_TO_SAY,
    "not specified": PREFER_NOT_TO_SAY,
}


def canonical(value: str, categories: Iterable[str]) -> str | None:
    """The category spelled as in the list, matching case, spacing and ATS aliases loosely."""
    wanted = " ".join(value.split()).casefold()
    listed = list(categories)
    alias = ALIASES.get(wanted)
    if alias in listed:
        return alias
    return next((c for c in listed if c.casefold() == wanted), None)


class DemographicsStore:
    """Record (kiosk, administrators) and, inside app.fairness only, read the answers."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, candidate_id: int, *, sex: str, race_ethnicity: str, source: str) -> None:
        """Store one candidate's answers, replacing earlier ones. Nothing is read back."""
        user = self._session.user
        if not (user.can(Permission.RUN_KIOSK) or user.can(Permission.MANAGE_COMPLIANCE)):
            raise PermissionDenied("record demographic answers", user.role.value)
        if source not in SOURCES:
            raise InvalidInput(f"Unknown source of demographic answers: {source!r}.")
        if user.role is Role.KIOSK and source != "kiosk":
            raise PermissionDenied("record demographic answers from another source", "kiosk")
        answer = _validated(sex, race_ethnicity)
        if answer is None:
            raise InvalidInput(
                "That is not one of the listed answers.",
                "Choose one of the listed categories, or 'Prefer not to say'.",
            )
        db = self._session.db
        with db.transaction():
            _check_candidate(self._session, candidate_id)
            self._write(candidate_id, answer, source)
            self._session.audit.record(
                "demographics.recorded", f"candidate:{candidate_id}", {"source": source}
            )

    def read_for_audit(self, candidate_ids: Iterable[int]) -> dict[int, Demographic]:
        """The answers of these candidates (missing ones left out). MANAGE_COMPLIANCE only."""
        self._session.user.require(Permission.MANAGE_COMPLIANCE)
        wanted = set(candidate_ids)
        key = self._session.demographics_key
        rows = self._session.db.query(
            "SELECT d.candidate_id, d.sealed FROM demographics d "
            "JOIN candidates c ON c.id = d.candidate_id WHERE c.erased_at IS NULL"
        )
        out: dict[int, Demographic] = {}
        for candidate_id, sealed in rows:
            if int(candidate_id) in wanted:
                sex, race = unseal(key, int(candidate_id), bytes(sealed))
                out[int(candidate_id)] = Demographic(sex, race)
        return out

    def synthetic_count(self, candidate_ids: Iterable[int]) -> int:
        """How many of these candidates' answers were generated (demo, tests), not given."""
        self._session.user.require(Permission.MANAGE_COMPLIANCE)
        wanted = set(candidate_ids)
        rows = self._session.db.query(
            "SELECT candidate_id FROM demographics WHERE source = 'synthetic'"
        )
        return sum(int(row[0]) in wanted for row in rows)

    def _write(self, candidate_id: int, answer: Demographic, source: str) -> bool:
        """Insert or replace; True when an earlier answer was replaced."""
        db = self._session.db
        key = self._session.demographics_key
        existed = db.scalar("SELECT 1 FROM demographics WHERE candidate_id = ?", (candidate_id,))
        db.execute(
            "INSERT INTO demographics (candidate_id, sealed, source, recorded_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (candidate_id) DO UPDATE SET "
            "sealed = excluded.sealed, source = excluded.source, "
            "recorded_at = excluded.recorded_at",
            (
                candidate_id,
                seal(key, candidate_id, answer.sex, answer.race_ethnicity),
                source,
                now_iso(),
            ),
        )
        return existed is not None

    def write_many(self, answers: Mapping[int, Demographic], source: str) -> int:
        """All or nothing, already validated; how many earlier answers were replaced."""
        self._session.user.require(Permission.MANAGE_COMPLIANCE)
        replaced = 0
        with self._session.db.transaction():
            for candidate_id, answer in answers.items():
                _check_candidate(self._session, candidate_id)
                replaced += self._write(candidate_id, answer, source)
            self._session.audit.record(
                "demographics.imported",
                "demographics",
                {"rows": len(answers), "replaced": replaced, "source": source},
            )
        return replaced


def import_csv(session: Session, path: Path) -> ImportResult:
    """Import an ATS export (candidate id, sex, race/ethnicity); all rows or none.

    A header row is allowed. An empty answer means "Prefer not to say". Any bad
    line (unknown or erased candidate, unknown category, wrong number of cells,
    a candidate twice) stops the import before anything is stored, naming the line
    but never echoing its answers (error texts can reach logs).
    """
    session.user.require(Permission.MANAGE_COMPLIANCE)
    answers = _parse(session, Path(path))
    replaced = DemographicsStore(session).write_many(answers, "import")
    return ImportResult(rows=len(answers), replaced=replaced)


def _parse(session: Session, path: Path) -> dict[int, Demographic]:
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InvalidInput(f"{path.name} is larger than 20 MB; split it into smaller files.")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidInput(f"{path} does not exist.", "Check the file name.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{path.name} cannot be read as a UTF-8 text file.", "Save the export as CSV (UTF-8)."
        ) from exc
    answers: dict[int, Demographic] = {}
    first_line: dict[int, int] = {}
    for index, row in enumerate(csv.reader(text.splitlines())):
        line = index + 1
        if not any(cell.strip() for cell in row):
            continue
        if index == 0 and not row[0].strip().lstrip("#").isdigit():
            continue  # header
        answer = _parse_row(session, row, line)
        candidate_id = int(row[0].strip().lstrip("#"))
        if candidate_id in answers:
            raise _line_error(
                line, f"candidate #{candidate_id} is already on line {first_line[candidate_id]}"
            )
        answers[candidate_id] = answer
        first_line[candidate_id] = line
    if not answers:
        raise InvalidInput(f"{path.name} holds no rows to import.")
    return answers


def _parse_row(session: Session, row: list[str], line: int) -> Demographic:
    if len(row) != 3:
        raise _line_error(
            line, f"expected 3 cells (candidate id, sex, race/ethnicity), not {len(row)}"
        )
    raw_id, raw_sex, raw_race = (cell.strip() for cell in row)
    if not raw_id.lstrip("#").isdigit():
        raise _line_error(line, "the first cell is not a candidate number")
    candidate_id = int(raw_id.lstrip("#"))
    sex = canonical(raw_sex or PREFER_NOT_TO_SAY, SEX_CATEGORIES)
    if sex is None:
        raise _line_error(line, "the sex (second cell) is not one of the categories")
    race = canonical(raw_race or PREFER_NOT_TO_SAY, RACE_ETHNICITY_CATEGORIES)
    if race is None:
        raise _line_error(line, "the race/ethnicity (third cell) is not one of the categories")
    try:
        _check_candidate(session, candidate_id)
    except (CandidateNotFound, CandidateErased) as exc:
        raise _line_error(line, exc.message.rstrip(".")) from exc
    return Demographic(sex, race)


def _validated(sex: str, race_ethnicity: str) -> Demographic | None:
    s = canonical(sex, SEX_CATEGORIES)
    r = canonical(race_ethnicity, RACE_ETHNICITY_CATEGORIES)
    return None if s is None or r is None else Demographic(s, r)


def _check_candidate(session: Session, candidate_id: int) -> None:
    row = session.db.query_one("SELECT erased_at FROM candidates WHERE id = ?", (candidate_id,))
    if row is None:
        raise CandidateNotFound(candidate_id)
    if row[0] is not None:
        raise CandidateErased(candidate_id)


def _line_error(line: int, what: str) -> InvalidInput:
    return InvalidInput(
        f"Line {line}: {what}. Nothing was imported.",
        "Correct that line (categories: "
        + "; ".join(RACE_ETHNICITY_CATEGORIES[:-1])
        + "; sex: Male, Female; or leave empty / 'Prefer not to say') and import again.",
    )
