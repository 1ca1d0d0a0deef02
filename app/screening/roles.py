"""Roles: their screening criteria as numbered versions, and the workspace's own skills.

Criteria are never edited in place: each save adds a version, so a stored score can
always name (and show) the exact criteria it was computed against. Criteria are
kept as the YAML that `analysis.scoring.dump_criteria_yaml` writes, the same text a
recruiter exports and imports, and are validated again when read.

The analysis packages (spaCy underneath) are imported inside the methods that need
them, so that opening a workspace does not pay for loading them.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.accounts import Permission, User, now_iso
from app.audit import AuditLog
from app.errors import InvalidInput
from app.screening.errors import RoleNotFound, StoredCriteriaInvalid
from app.signin import Clock
from app.storage.db import Database

if TYPE_CHECKING:
    from analysis.resume import CustomSkill, Taxonomy
    from analysis.scoring import RoleCriteria

log = logging.getLogger("candor.screening")

MAX_SKILL_NAME = 100
MAX_SYNONYMS = 50


@dataclass(frozen=True)
class RoleSummary:
    id: int
    title: str
    version: int
    updated_at: str
    candidate_count: int
    archived: bool


@dataclass(frozen=True)
class RoleVersion:
    version: int
    saved_at: str
    saved_by: str


class RoleRepo:
    """Roles and custom skills for the signed-in `user` (Session.roles)."""

    def __init__(self, db: Database, audit: AuditLog, user: User, clock: Clock = time.time):
        self._db = db
        self._audit = audit
        self._user = user
        self._clock = clock
        self._lock = threading.Lock()
        self._taxonomy: tuple[str, Taxonomy] | None = None

    # -- roles ------------------------------------------------------------------------

    def list(self, include_archived: bool = False) -> builtins.list[RoleSummary]:
        self._user.require(Permission.READ_CANDIDATES)
        rows = self._db.query(
            "SELECT r.id, v.title, v.version, v.saved_at, r.archived_at IS NOT NULL, "
            "  (SELECT count(*) FROM role_candidates rc JOIN candidates c "
            "     ON c.id = rc.candidate_id AND c.erased_at IS NULL WHERE rc.role_id = r.id) "
            "FROM roles r JOIN role_versions v ON v.role_id = r.id AND v.version = "
            "  (SELECT max(version) FROM role_versions WHERE role_id = r.id) "
            + ("" if include_archived else "WHERE r.archived_at IS NULL ")
            + "ORDER BY v.saved_at DESC, r.id DESC"
        )
        return [
            RoleSummary(int(r[0]), str(r[1]), int(r[2]), str(r[3]), int(r[5]), bool(r[4]))
            for r in rows
        ]

    def create(self, criteria: RoleCriteria) -> int:
        """A new role whose criteria are version 1; returns the role's id."""
        from analysis.scoring import validate_criteria

        self._user.require(Permission.MANAGE_ROLES)
        criteria = validate_criteria(criteria, self.taxonomy())  # CriteriaInvalid: nothing saved
        title = _title(criteria)
        with self._db.transaction():
            role_id = self._db.execute(
                "INSERT INTO roles (title, created_at, created_by) VALUES (?, ?, ?)",
                (title, now_iso(self._clock), self._user.name),
            )
            self._insert_version(role_id, 1, criteria)
            self._audit.record("role.created", _subject(role_id), {"version": 1})
        log.info("role %d created", role_id)
        return role_id

    def save_version(self, role_id: int, criteria: RoleCriteria) -> int:
        """Save `criteria` as the role's next version; returns the new version number."""
        from analysis.scoring import validate_criteria

        self._user.require(Permission.MANAGE_ROLES)
        criteria = validate_criteria(criteria, self.taxonomy())
        with self._db.transaction():
            version = self.current_version(role_id) + 1
            self._insert_version(role_id, version, criteria)
            self._db.execute("UPDATE roles SET title = ? WHERE id = ?", (_title(criteria), role_id))
            self._audit.record("role.criteria_saved", _subject(role_id), {"version": version})
        return version

    def get(self, role_id: int, version: int | None = None) -> RoleCriteria:
        """The role's criteria: the current version, or the `version` asked for."""
        from analysis.scoring import CriteriaInvalid, load_criteria_yaml

        self._user.require(Permission.READ_CANDIDATES)
        number = self.current_version(role_id) if version is None else version
        text = self._db.scalar(
            "SELECT criteria_yaml FROM role_versions WHERE role_id = ? AND version = ?",
            (role_id, number),
        )
        if text is None:
            raise RoleNotFound(role_id, number)
        try:
            criteria = load_criteria_yaml(str(text), self.taxonomy())
        except CriteriaInvalid as exc:  # e.g. a skill the installed taxonomy no longer has
            raise StoredCriteriaInvalid(role_id, number, exc) from exc
        return replace(criteria, version=number)

    def versions(self, role_id: int) -> builtins.list[RoleVersion]:
        self._user.require(Permission.READ_CANDIDATES)
        self.current_version(role_id)  # RoleNotFound for an unknown role
        rows = self._db.query(
            "SELECT version, saved_at, saved_by FROM role_versions WHERE role_id = ? "
            "ORDER BY version",
            (role_id,),
        )
        return [RoleVersion(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def current_version(self, role_id: int) -> int:
        """The role's latest criteria version (RoleNotFound if there is no such role)."""
        value = self._db.scalar(
            "SELECT max(version) FROM role_versions WHERE role_id = ?", (role_id,)
        )
        if value is None:
            raise RoleNotFound(role_id)
        return int(value)

    def import_yaml(self, text: str) -> int:
        """Create a role from criteria YAML. Invalid YAML raises CriteriaInvalid, saving nothing."""
        from analysis.scoring import load_criteria_yaml

        self._user.require(Permission.MANAGE_ROLES)
        return self.create(load_criteria_yaml(text, self.taxonomy()))

    def export_yaml(self, role_id: int) -> str:
        from analysis.scoring import dump_criteria_yaml

        criteria = self.get(role_id)
        self._audit.record(
            "role.exported", _subject(role_id), {"version": criteria.version, "format": "yaml"}
        )
        return dump_criteria_yaml(criteria)

    def archive(self, role_id: int) -> None:
        """Hide the role from the default list; its candidates and scores stay."""
        self._user.require(Permission.MANAGE_ROLES)
        with self._db.transaction():
            self.current_version(role_id)
            self._db.execute(
                "UPDATE roles SET archived_at = ? WHERE id = ? AND archived_at IS NULL",
                (now_iso(self._clock), role_id),
            )
            self._audit.record("role.archived", _subject(role_id))

    def find_by_title(self, title: str) -> int | None:
        """The newest non-archived role with this title (any case), or None."""
        value = self._db.scalar(
            "SELECT id FROM roles WHERE title = ? COLLATE NOCASE AND archived_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (title.strip(),),
        )
        return None if value is None else int(value)

    def _insert_version(self, role_id: int, version: int, criteria: RoleCriteria) -> None:
        from analysis.scoring import dump_criteria_yaml

        text = dump_criteria_yaml(replace(criteria, version=version))
        self._db.execute(
            "INSERT INTO role_versions (role_id, version, title, criteria_yaml, saved_at, saved_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (role_id, version, _title(criteria), text, now_iso(self._clock), self._user.name),
        )

    # -- skills -----------------------------------------------------------------------

    def taxonomy(self) -> Taxonomy:
        """The default taxonomy with this workspace's custom skills and synonyms added."""
        from analysis.resume import Taxonomy

        version = self.taxonomy_version()
        with self._lock:
            if self._taxonomy is None or self._taxonomy[0] != version:
                base = Taxonomy.load_default()
                skills = self._custom_skills()
                self._taxonomy = (version, base.with_additions(skills) if skills else base)
            return self._taxonomy[1]

    def taxonomy_version(self) -> str:
        """Names the taxonomy a result was computed with: default files + custom skills."""
        custom = self._db.query(
            "SELECT canonical, synonyms_json, broader_json, related_json, category "
            "FROM custom_skills ORDER BY id"
        )
        from analysis.resume.taxonomy import DEFAULT_DIR

        base = _default_taxonomy_digest(DEFAULT_DIR)
        if not custom:
            return f"default:{base}"
        digest = hashlib.sha256(json.dumps(custom, sort_keys=True).encode()).hexdigest()[:12]
        return f"default:{base}+workspace:{digest}({len(custom)})"

    def add_custom_skill(self, skill: CustomSkill) -> None:
        """Add a skill, or synonyms of an existing one (merged with what was there)."""
        self._user.require(Permission.MANAGE_ROLES)
        cleaned = _clean_skill(skill)
        with self._db.transaction():
            row = self._db.query_one(
                "SELECT id, synonyms_json, broader_json, related_json FROM custom_skills "
                "WHERE canonical = ?",
                (cleaned.canonical,),
            )
            if row is None:
                self._db.execute(
                    "INSERT INTO custom_skills (canonical, synonyms_json, broader_json, "
                    "related_json, category, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        cleaned.canonical,
                        json.dumps(list(cleaned.synonyms)),
                        json.dumps(list(cleaned.broader)),
                        json.dumps(list(cleaned.related)),
                        cleaned.category,
                        now_iso(self._clock),
                        self._user.name,
                    ),
                )
            else:
                merged = [
                    json.dumps(_merge(json.loads(str(old)), new))
                    for old, new in zip(
                        row[1:], (cleaned.synonyms, cleaned.broader, cleaned.related), strict=True
                    )
                ]
                self._db.execute(
                    "UPDATE custom_skills SET synonyms_json = ?, broader_json = ?, "
                    "related_json = ? WHERE id = ?",
                    (*merged, row[0]),
                )
            self._audit.record(
                "skill.added", "taxonomy", {"synonyms": len(cleaned.synonyms), "new": row is None}
            )

    def custom_skills(self) -> builtins.list[CustomSkill]:
        self._user.require(Permission.READ_CANDIDATES)
        return self._custom_skills()

    def _custom_skills(self) -> builtins.list[CustomSkill]:
        from analysis.resume import CustomSkill

        rows = self._db.query(
            "SELECT canonical, synonyms_json, broader_json, related_json, category "
            "FROM custom_skills ORDER BY id"
        )
        return [
            CustomSkill(
                str(r[0]),
                tuple(json.loads(str(r[1]))),
                tuple(json.loads(str(r[2]))),
                tuple(json.loads(str(r[3]))),
                str(r[4]),
            )
            for r in rows
        ]


@lru_cache(maxsize=4)
def _default_taxonomy_digest(directory: Path) -> str:
    from analysis.resume.taxonomy import CORE_FILE, ESCO_FILE

    digest = hashlib.sha256()
    for name in (CORE_FILE, ESCO_FILE):
        path = directory / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _title(criteria: RoleCriteria) -> str:
    title = criteria.title.strip()
    if not title:
        raise InvalidInput("A role needs a title.", "Give the role a title, e.g. 'Data Engineer'.")
    return title


def _clean_terms(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    terms = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(terms) > MAX_SYNONYMS:
        raise InvalidInput(f"A skill can have at most {MAX_SYNONYMS} {what}.")
    for term in terms:
        if len(term) > MAX_SKILL_NAME:
            raise InvalidInput(f"A skill's {what} can be at most {MAX_SKILL_NAME} characters.")
    return terms


def _clean_skill(skill: CustomSkill) -> CustomSkill:
    from analysis.resume import CustomSkill

    name = " ".join(skill.canonical.split())
    if not name:
        raise InvalidInput("A skill needs a name.", "Type the skill's name, e.g. 'dbt'.")
    if len(name) > MAX_SKILL_NAME:
        raise InvalidInput(f"A skill name can be at most {MAX_SKILL_NAME} characters.")
    return CustomSkill(
        name,
        _clean_terms(skill.synonyms, "synonyms"),
        _clean_terms(skill.broader, "broader skills"),
        _clean_terms(skill.related, "related skills"),
        skill.category.strip() or "workspace",
    )


def _merge(old: builtins.list[str], new: tuple[str, ...]) -> builtins.list[str]:
    return builtins.list(dict.fromkeys([*old, *new]))


def _subject(role_id: int) -> str:
    return f"role:{role_id}"
