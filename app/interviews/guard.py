"""Back-off for guesses at the kiosk (operator PIN, login codes), kept in the database.

After `free_attempts` consecutive failures each further attempt must wait
1, 2, 4 ... seconds (capped) after the previous one. As with sign-in
(`app.signin`), an attempt is counted *before* it is checked and forgiven only
on success, so killing Candor mid-check gains nothing, and the counter lives in
the database, so restarting it gains nothing either.
"""

from __future__ import annotations

from app.interviews.errors import TooManyKioskAttempts
from app.signin import Clock
from app.storage.db import Database


class AttemptGuard:
    def __init__(
        self,
        db: Database,
        name: str,
        what: str,
        clock: Clock,
        *,
        free_attempts: int = 3,
        max_delay_s: float = 300.0,
    ) -> None:
        self._db = db
        self._name = name
        self._what = what
        self._clock = clock
        self._free = free_attempts
        self._max_delay = max_delay_s

    def delay_after(self, failures: int) -> float:
        if failures < self._free:
            return 0.0
        return float(min(self._max_delay, 2.0 ** (failures - self._free)))

    def begin(self) -> None:
        """Raise TooManyKioskAttempts if it is too early; otherwise count this attempt."""
        with self._db.transaction():
            failures, last = self._load()
            now = self._clock()
            elapsed = now - last if now >= last else 0.0  # a clock set back: count from now
            wait = self.delay_after(failures) - elapsed
            if wait > 0:
                raise TooManyKioskAttempts(self._what, wait)
            self._db.execute(
                "INSERT INTO kiosk_attempts (name, failures, last_attempt) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, "
                "last_attempt = excluded.last_attempt",
                (self._name, failures + 1, now),
            )

    def succeeded(self) -> None:
        self._db.execute(
            "UPDATE kiosk_attempts SET failures = 0, last_attempt = 0 WHERE name = ?",
            (self._name,),
        )

    def failures(self) -> int:
        return self._load()[0]

    def _load(self) -> tuple[int, float]:
        row = self._db.query_one(
            "SELECT failures, last_attempt FROM kiosk_attempts WHERE name = ?", (self._name,)
        )
        return (0, 0.0) if row is None else (int(row[0]), float(row[1]))
