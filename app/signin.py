"""Sign-in back-off, shared by every process that opens a workspace.

After `FREE_ATTEMPTS` consecutive failures, each further attempt must wait
1, 2, 4, 8 ... seconds (capped at `MAX_DELAY_S`) after the previous one before
a password is even checked; trying earlier raises TooManyAttempts. The state
lives in `<workspace>/auth-state.json` rather than in memory, so starting a
fresh CLI process per guess gains nothing.

An attempt is counted *before* the password is checked and forgiven only on
success: killing the process during the (slow) Argon2 check cannot dodge the
count, and two racing processes at worst both see the higher count.

The file also keeps the failed attempts (time, the account name if it exists,
the reason; never the typed password or an unknown typed name) until the next
successful sign-in writes them into the audit log, which is closed until then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import TooManyAttempts, WorkspaceCorrupt
from app.storage.files import read_json, write_json_atomic

log = logging.getLogger("candor.signin")

AUTH_STATE_FILE = "auth-state.json"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30.0
_MAX_PENDING = 200  # the audit keeps a count beyond this; the file must stay small

Clock = Callable[[], float]


@dataclass(frozen=True)
class FailedSignIn:
    at: float  # seconds since the epoch
    user: str  # the existing account's name, or "" if the typed name matched none
    reason: str  # "wrong_credentials" or "account_disabled"


def delay_after(failures: int) -> float:
    """Seconds an attempt must wait after the previous one, given the failures so far."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_S, 2.0 ** (failures - FREE_ATTEMPTS))


class SignInGuard:
    """The back-off state of one workspace folder. `clock` returns epoch seconds."""

    def __init__(self, folder: Path, clock: Clock = time.time) -> None:
        self.path = folder / AUTH_STATE_FILE
        self._clock = clock

    def begin_attempt(self) -> None:
        """Raise TooManyAttempts if it is too early; otherwise count this attempt."""
        failures, last, pending = self._load()
        now = self._clock()
        wait = delay_after(failures) - _elapsed(now, last)
        if wait > 0:
            raise TooManyAttempts(wait)
        self._save(failures + 1, now, pending)

    def failed(self, user: str, reason: str) -> None:
        """Note why the attempt just counted failed (for the audit log)."""
        failures, last, pending = self._load()
        pending.append(FailedSignIn(self._clock(), user, reason))
        self._save(failures, last, pending[-_MAX_PENDING:])

    def pending(self) -> list[FailedSignIn]:
        """Failed attempts not yet written to the audit log."""
        return self._load()[2]

    def succeeded(self) -> None:
        """The password was right: forgive the count (failures stay pending for the audit)."""
        _, _, pending = self._load()
        self._save(0, 0.0, pending)

    def audited(self, count: int) -> None:
        """The first `count` pending failures are now in the audit log: forget them."""
        failures, last, pending = self._load()
        self._save(failures, last, pending[count:])

    def failures(self) -> int:
        return self._load()[0]

    def _load(self) -> tuple[int, float, list[FailedSignIn]]:
        try:
            data = read_json(self.path)
            if data is None:
                return 0, 0.0, []
            failures = data.get("failures", 0)
            last = data.get("last_attempt", 0.0)
            raw_pending = data.get("pending", [])
            if not isinstance(failures, int) or not isinstance(last, int | float):
                raise WorkspaceCorrupt(f"{AUTH_STATE_FILE} is damaged")
            if not isinstance(raw_pending, list):
                raise WorkspaceCorrupt(f"{AUTH_STATE_FILE} is damaged")
            pending = [
                FailedSignIn(float(item["at"]), str(item["user"]), str(item["reason"]))
                for item in raw_pending
                if isinstance(item, dict)
            ]
            return max(0, failures), float(last), pending
        except (WorkspaceCorrupt, KeyError, TypeError, ValueError):
            # Damage must not lock everyone out, nor reset the count: back off as if
            # the free attempts were used, and rewrite the file on the next attempt.
            log.warning("sign-in state file unreadable; assuming back-off")
            return FREE_ATTEMPTS, self._clock(), []

    def _save(self, failures: int, last: float, pending: list[FailedSignIn]) -> None:
        write_json_atomic(
            self.path,
            {
                "failures": failures,
                "last_attempt": last,
                "pending": [
                    {"at": item.at, "user": item.user, "reason": item.reason} for item in pending
                ],
            },
        )


def _elapsed(now: float, last: float) -> float:
    if now >= last:
        return now - last
    # The clock went back. A little: count from now. A lot (a corrected clock):
    # do not lock the workspace until the clock catches up.
    return 0.0 if last - now <= MAX_DELAY_S else float("inf")
