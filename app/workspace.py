"""The workspace facade: create or open a workspace and sign in, in one call.

A workspace is a folder:

    workspace.json   plaintext marker: format version, Candor version (no personal data)
    keyslots.json    one password-wrapped copy of the data key per user (app.keys)
    auth-state.json  sign-in back-off and failed attempts not yet audited (app.signin)
    audit-head.json  the signed head of the audit log (app.audit)
    candor.db        the SQLCipher database (+ -wal, -shm while open)
    media/           encrypted media files (app.media)

`Workspace.open` costs one Argon2id derivation (about 0.3 s with the default
parameters, see app.keys) plus a quick integrity check of the database.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType

from app.accounts import (
    Role,
    User,
    UserAdmin,
    UserRepo,
    iso_utc,
    now_iso,
    validate_name,
    validate_password,
)
from app.audit import SYSTEM_ACTOR, AuditAnchor, AuditLog
from app.candidates import CandidateRepo
from app.decisions import DecisionService
from app.errors import (
    AccountDisabled,
    InvalidInput,
    NotAWorkspace,
    WorkspaceCorrupt,
    WorkspaceExists,
    WorkspaceTooNew,
    WrongCredentials,
)
from app.fairness.sealing import derive_key as derive_demographics_key
from app.interviews.service import InterviewService
from app.keys import KEYSLOTS_FILE, KdfParams, KeyStore, new_data_key
from app.media import MediaStore
from app.policy import load_policy
from app.screening.roles import RoleRepo
from app.screening.screenings import ScreeningRepo
from app.signin import Clock, SignInGuard
from app.storage.db import Database
from app.storage.files import read_json, write_json_atomic

log = logging.getLogger("candor.workspace")

MARKER_FILE = "workspace.json"
DB_FILE = "candor.db"
MEDIA_DIR = "media"
WORKSPACE_FORMAT = "candor-workspace"
WORKSPACE_FORMAT_VERSION = 1
_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class Session:
    """A signed-in user's handle on an open workspace. Close it (or use `with`)."""

    def __init__(self, path: Path, db: Database, user: User, data_key: bytes, clock: Clock) -> None:
        self.path = path
        self.db = db  # for repositories in app/ only; nothing above app/ runs SQL
        self.user = user
        self._clock = clock
        keys = KeyStore(path)
        self.audit = AuditLog(db, AuditAnchor(path, data_key), user.name, clock)
        self.users = UserAdmin(db, keys, self.audit, user, data_key, clock)
        self.candidates = CandidateRepo(db, self.audit, user, clock)
        self.media = MediaStore(root=path / MEDIA_DIR, keys=self.candidates)
        self.candidates.media = self.media  # erasing a candidate also removes their files
        self.interviews = InterviewService(
            db,
            self.audit,
            user,
            self.media,
            policy=lambda: load_policy(self.policy_id),
            kdf=keys.new_slot_kdf,
            clock=clock,
        )
        self.roles = RoleRepo(db, self.audit, user, clock)
        self.screenings = ScreeningRepo(db, self.audit, user, self.roles, self.media, clock)
        self.decisions = DecisionService(db, self.audit, user, clock)
        self.demographics_key = derive_demographics_key(data_key)  # app.fairness only

    @property
    def clock(self) -> Clock:
        """The session's time source (tests give a fake one to jump ahead)."""
        return self._clock

    @property
    def policy_id(self) -> str:
        return self.get_setting("policy_id") or "general"

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        if not key:
            raise ValueError("a setting needs a key")
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            self.audit.record("setting.changed", f"setting:{key}")

    def reauthenticate(self, password: str) -> None:
        """Check the signed-in user's password again (e.g. to unlock an idle screen).

        Same rules as signing in (back-off, audit) without opening a second
        session. Raises WrongCredentials, AccountDisabled or TooManyAttempts.
        """
        guard = SignInGuard(self.path, self._clock)
        guard.begin_attempt()
        try:
            KeyStore(self.path).unwrap(self.user.name, password)
        except WrongCredentials:
            guard.failed(self.user.name, "wrong_credentials")
            raise
        except AccountDisabled:
            guard.failed(self.user.name, "account_disabled")
            raise
        guard.succeeded()
        self._audit_sign_in(guard, "session.unlocked")

    def _audit_sign_in(self, guard: SignInGuard, action: str) -> None:
        """Move the failed attempts noted before this success into the audit log."""
        pending = guard.pending()
        with self.db.transaction():
            for failure in pending:
                self.audit.record_as(
                    SYSTEM_ACTOR,
                    "sign_in.failed",
                    f"user:{failure.user}" if failure.user else "user:(unknown)",
                    {"reason": failure.reason, "at": iso_utc(failure.at)},
                )
            self.audit.record(action, f"user:{self.user.name}")
        guard.audited(len(pending))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Workspace:
    """Entry points; a workspace is used through the `Session` these return."""

    @staticmethod
    def is_workspace(path: Path) -> bool:
        """Cheap: the folder holds a Candor marker file (nothing is decrypted)."""
        try:
            marker = read_json(Path(path) / MARKER_FILE)
        except (OSError, WorkspaceCorrupt):
            return False
        return marker is not None and marker.get("format") == WORKSPACE_FORMAT

    @staticmethod
    def create(
        path: Path,
        admin_name: str,
        password: str,
        policy_id: str = "general",
        *,
        kdf: KdfParams | None = None,
        clock: Clock = time.time,
    ) -> Session:
        """Make a new workspace in an empty (or new) folder, signed in as its administrator."""
        path = Path(path)
        name = validate_name(admin_name)
        validate_password(password)
        if not _POLICY_ID.fullmatch(policy_id):
            raise InvalidInput("Unknown policy.", "Choose one of the policy presets.")
        _check_can_create(path)
        made_folder = not path.exists()
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        db: Database | None = None
        try:
            data_key = new_data_key()
            KeyStore(path).put(name, password, data_key, kdf)
            db = Database.open(path / DB_FILE, data_key, create=True)
            with db.transaction():
                user = UserRepo(db).insert(name, Role.ADMINISTRATOR, now_iso(clock))
                session = Session(path, db, user, data_key, clock)
                db.execute(
                    "INSERT INTO settings (key, value) VALUES ('policy_id', ?)", (policy_id,)
                )
                session.audit.record("workspace.created", "", {"policy_id": policy_id})
                session.audit.record("user.added", f"user:{name}", {"role": user.role.value})
            (path / MEDIA_DIR).mkdir(mode=0o700, exist_ok=True)
            write_json_atomic(
                path / MARKER_FILE,
                {
                    "format": WORKSPACE_FORMAT,
                    "format_version": WORKSPACE_FORMAT_VERSION,
                    "created_with": f"candor {_candor_version()}",
                },
            )
        except BaseException:
            if db is not None:
                db.close()
            _remove_partial(path, made_folder)
            raise
        log.info("workspace created")
        return session

    @staticmethod
    def open(path: Path, user_name: str, password: str, *, clock: Clock = time.time) -> Session:
        """Sign in and open. Raises WrongCredentials, AccountDisabled, TooManyAttempts,
        NotAWorkspace, WorkspaceTooNew, WorkspaceCorrupt, WorkspaceLocked."""
        path = Path(path)
        _check_marker(path)
        keys = KeyStore(path)
        if not keys.exists():
            raise WorkspaceCorrupt(f"its {KEYSLOTS_FILE} is missing")
        guard = SignInGuard(path, clock)
        guard.begin_attempt()
        known = keys.resolve(user_name.strip()) or ""
        try:
            data_key = keys.unwrap(user_name.strip(), password)
        except WrongCredentials:
            guard.failed(known, "wrong_credentials")
            log.info("sign-in failed")
            raise
        except AccountDisabled:
            guard.failed(known, "account_disabled")
            raise
        # The password was right: whatever happens next (a damaged database...) is
        # not a guess, and must not push the user into back-off.
        guard.succeeded()
        db = Database.open(path / DB_FILE, data_key)
        try:
            user = UserRepo(db).by_name(known)
            if user is None:  # a key slot without an account: treat like any wrong sign-in
                raise WrongCredentials()
            if user.disabled:
                raise AccountDisabled()
            session = Session(path, db, user, data_key, clock)
            session._audit_sign_in(guard, "sign_in.succeeded")
            _remove_erased_media(session)
        except BaseException:
            db.close()
            raise
        log.info("signed in")
        return session


def _check_can_create(path: Path) -> None:
    if not path.exists():
        return
    if not path.is_dir():
        raise NotAWorkspace(f'"{path}"', "it is a file, and a workspace needs an empty folder")
    if Workspace.is_workspace(path) or (path / DB_FILE).exists() or (path / KEYSLOTS_FILE).exists():
        raise WorkspaceExists(f'The folder "{path}"')
    if any(path.iterdir()):
        raise NotAWorkspace(
            f'The folder "{path}"', "it is not empty, and a new workspace needs an empty folder"
        )


def _check_marker(path: Path) -> None:
    if not path.is_dir():
        raise NotAWorkspace(f'"{path}"', "no such folder" if not path.exists() else "not a folder")
    try:
        marker = read_json(path / MARKER_FILE)
    except WorkspaceCorrupt:
        marker = {}
    if marker is None or marker.get("format") != WORKSPACE_FORMAT:
        raise NotAWorkspace(f'The folder "{path}"')
    found = marker.get("format_version")
    if not isinstance(found, int):
        raise WorkspaceCorrupt(f"its {MARKER_FILE} is damaged")
    if found > WORKSPACE_FORMAT_VERSION:
        raise WorkspaceTooNew("workspace format", found, WORKSPACE_FORMAT_VERSION)


def _remove_partial(path: Path, made_folder: bool) -> None:
    """Undo a failed create: only the files create makes, only in a folder that was empty."""
    if made_folder:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir():
        with contextlib.suppress(OSError):
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def _candor_version() -> str:
    try:
        return version("candor")
    except PackageNotFoundError:
        return "unknown"


def _remove_erased_media(session: Session) -> None:
    """Media folders a crash left behind after an erasure: noise under a destroyed key."""
    from app.compliance.erasure import remove_orphaned_media

    try:
        remove_orphaned_media(session)
    except OSError:
        log.warning("could not remove the media files left by an erasure; will retry")
