"""Accounts: roles, what each role may do, and user administration.

Users live in the database (`users` table); their passwords live only as key
slots in `app.keys`. Every change here is audit-logged and, where it touches a
key slot, done inside a database write transaction: the transaction's write
lock also serialises key-slot edits between processes.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from app.audit import AuditLog
from app.errors import AccountDisabled, InvalidInput, PermissionDenied, WrongCredentials
from app.keys import KeyStore
from app.signin import Clock
from app.storage.db import Database, Row

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 64
_NAME_PATTERN = re.compile(r"\w[\w.@+-]*")


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    RECRUITER = "recruiter"
    REVIEWER = "reviewer"
    KIOSK = "kiosk"


class Permission(StrEnum):
    """A right; its value reads as 'Your role is not allowed to <value>'."""

    MANAGE_USERS = "manage user accounts"
    ADD_CANDIDATES = "add candidates"
    READ_CANDIDATES = "read candidate data"
    ERASE_CANDIDATES = "erase candidates"
    MANAGE_ROLES = "manage roles, screening criteria and skills"
    MANAGE_INTERVIEWS = "manage interview questions and invitations"
    RUN_KIOSK = "run the interview kiosk"
    SET_KIOSK_PIN = "set the kiosk operator PIN"
    RATE_ANSWERS = "rate and comment on interview answers"
    DECIDE = "record hiring decisions"
    EXPORT_CANDIDATE_DATA = "export candidate data and reports"
    RESTRICT_PROCESSING = "record a candidate's objection to automated analysis"
    MANAGE_COMPLIANCE = "handle data-subject requests, retention, legal holds and bias audits"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.RECRUITER: frozenset(
        {
            Permission.ADD_CANDIDATES,
            Permission.READ_CANDIDATES,
            Permission.MANAGE_ROLES,
            Permission.MANAGE_INTERVIEWS,
            Permission.RATE_ANSWERS,
            Permission.DECIDE,
            Permission.EXPORT_CANDIDATE_DATA,
            Permission.RESTRICT_PROCESSING,
        }
    ),
    Role.REVIEWER: frozenset({Permission.READ_CANDIDATES, Permission.RATE_ANSWERS}),
    Role.KIOSK: frozenset({Permission.RUN_KIOSK}),  # the interview flow only
}


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    disabled: bool
    created_at: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(permission.value, self.role.value)


def validate_name(name: str) -> str:
    """The normalised user name, or InvalidInput saying what is wrong with it."""
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not cleaned:
        raise InvalidInput("A user name is required.", "Type a name such as 'asmith'.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"A user name can be at most {MAX_NAME_LENGTH} characters long.")
    if not _NAME_PATTERN.fullmatch(cleaned):
        raise InvalidInput(
            "A user name may contain only letters, digits and . _ @ + - "
            "and must start with a letter or digit.",
            "Remove spaces and other symbols from the name.",
        )
    return cleaned


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"A password must be at least {MIN_PASSWORD_LENGTH} characters long.",
            "Choose a longer password; a short sentence is easy to remember.",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"A password can be at most {MAX_PASSWORD_LENGTH} characters long.")


def parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"Unknown role. Choose one of: {choices}.") from None


def iso_utc(seconds: float) -> str:
    """Epoch seconds as an ISO 8601 UTC timestamp, the format of every stored time."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def now_iso(clock: Clock = time.time) -> str:
    return iso_utc(clock())


class UserRepo:
    """SQL for the `users` table."""

    _COLUMNS = "id, name, role, disabled, created_at"

    def __init__(self, db: Database) -> None:
        self._db = db

    def by_name(self, name: str) -> User | None:
        row = self._db.query_one(f"SELECT {self._COLUMNS} FROM users WHERE name = ?", (name,))
        return None if row is None else _user(row)

    def all(self) -> list[User]:
        rows = self._db.query(f"SELECT {self._COLUMNS} FROM users ORDER BY name")
        return [_user(row) for row in rows]

    def insert(self, name: str, role: Role, created_at: str) -> User:
        user_id = self._db.execute(
            "INSERT INTO users (name, role, disabled, created_at) VALUES (?, ?, 0, ?)",
            (name, role.value, created_at),
        )
        return User(user_id, name, role, False, created_at)

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        self._db.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))

    def active_administrators(self) -> int:
        return int(
            self._db.scalar(
                "SELECT count(*) FROM users WHERE role = ? AND disabled = 0",
                (Role.ADMINISTRATOR.value,),
            )
        )


def _user(row: Row) -> User:
    return User(int(row[0]), str(row[1]), Role(row[2]), bool(row[3]), str(row[4]))


class UserAdmin:
    """User administration for the signed-in `me`. Only `change_own_password` is for all."""

    def __init__(
        self,
        db: Database,
        keys: KeyStore,
        audit: AuditLog,
        me: User,
        data_key: bytes,
        clock: Clock = time.time,
    ) -> None:
        self._db = db
        self._repo = UserRepo(db)
        self._keys = keys
        self._audit = audit
        self._me = me
        self._data_key = data_key
        self._clock = clock

    def list(self) -> list[User]:
        self._me.require(Permission.MANAGE_USERS)
        return self._repo.all()

    def add(self, name: str, role: Role | str, password: str) -> User:
        self._me.require(Permission.MANAGE_USERS)
        name, role = validate_name(name), parse_role(role)
        validate_password(password)
        slot_written = False
        try:
            with self._db.transaction():
                if self._repo.by_name(name) is not None or self._keys.resolve(name) is not None:
                    raise InvalidInput(
                        "A user with this name already exists.", "Choose another user name."
                    )
                user = self._repo.insert(name, role, now_iso(self._clock))
                self._audit.record("user.added", _subject(name), {"role": role.value})
                self._keys.put(name, password, self._data_key)
                slot_written = True
        except BaseException:
            if slot_written:  # the database rolled back: do not leave a key behind
                self._keys.remove(name)
            raise
        return user

    def disable(self, name: str) -> User:
        """Disable `name`: its key slot loses the data key, so it can no longer open anything."""
        self._me.require(Permission.MANAGE_USERS)
        with self._db.transaction():
            user = self._existing(name)
            if user.disabled:
                return user
            if user.role is Role.ADMINISTRATOR and self._repo.active_administrators() <= 1:
                raise InvalidInput(
                    "The last active administrator cannot be disabled.",
                    "Add or re-enable another administrator first.",
                )
            self._repo.set_disabled(user.id, True)
            self._audit.record("user.disabled", _subject(user.name))
            self._keys.disable(user.name)
        return User(user.id, user.name, user.role, True, user.created_at)

    def reset_password(self, name: str, new_password: str, *, enable: bool = False) -> User:
        """Give `name` a new key slot; with `enable`, a disabled account is re-enabled."""
        self._me.require(Permission.MANAGE_USERS)
        validate_password(new_password)
        with self._db.transaction():
            user = self._existing(name)
            disabled = user.disabled and not enable
            if user.disabled and enable:
                self._repo.set_disabled(user.id, False)
                self._audit.record("user.enabled", _subject(user.name))
            self._audit.record("user.password_reset", _subject(user.name))
            self._keys.put(user.name, new_password, self._data_key, disabled=disabled)
        return User(user.id, user.name, user.role, disabled, user.created_at)

    def change_own_password(self, old_password: str, new_password: str) -> None:
        validate_password(new_password)
        if old_password == new_password:
            raise InvalidInput("The new password must differ from the current one.")
        try:
            self._keys.unwrap(self._me.name, old_password)
        except (WrongCredentials, AccountDisabled) as exc:
            raise InvalidInput(
                "The current password is not correct.", "Type your current password again."
            ) from exc
        with self._db.transaction():
            self._audit.record("user.password_changed", _subject(self._me.name))
            self._keys.put(self._me.name, new_password, self._data_key)

    def _existing(self, name: str) -> User:
        user = self._repo.by_name(name.strip())
        if user is None:
            raise InvalidInput("There is no user with this name.", "Check the spelling.")
        return user


def _subject(name: str) -> str:
    return f"user:{name}"
