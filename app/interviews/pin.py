"""The operator PIN that lets staff leave kiosk mode, stored only as an Argon2id hash.

The PIN is 6 to 12 digits, set by an administrator. Its hash uses the same
Argon2id as the key slots (`app.keys.KdfParams`, with the workspace's own
parameters), salted, in the `settings` table. Wrong PINs back off
(`AttemptGuard`): a short PIN is only safe because guessing is slow.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from collections.abc import Callable

from app.accounts import Permission, User
from app.audit import AuditLog
from app.errors import InvalidInput
from app.interviews.errors import PinNotSet, WrongPin
from app.interviews.guard import AttemptGuard
from app.keys import KdfParams
from app.signin import Clock
from app.storage.db import Database

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
SETTING_KEY = "kiosk_pin"


def validate_pin(pin: str) -> str:
    pin = pin.strip()
    if not pin.isascii() or not pin.isdigit():
        raise InvalidInput("The operator PIN may contain only digits.", "Type 6 to 12 digits.")
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise InvalidInput(
            f"The operator PIN must have {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits.",
            "Choose a longer PIN that is not easy to guess (not 123456, not a date).",
        )
    return pin


def hash_pin(pin: str, kdf: KdfParams) -> str:
    salt = secrets.token_bytes(16)
    first, second = kdf.derive(pin, salt)
    return json.dumps(
        {
            "kdf": "argon2id",
            "time_cost": kdf.time_cost,
            "memory_kib": kdf.memory_kib,
            "parallelism": kdf.parallelism,
            "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(first + second).decode("ascii"),
        },
        sort_keys=True,
    )


def pin_matches(pin: str, stored: str) -> bool:
    data = json.loads(stored)
    if data.get("kdf") != "argon2id":
        raise ValueError("unknown PIN hash")
    kdf = KdfParams(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))
    first, second = kdf.derive(pin, base64.b64decode(data["salt"]))
    return hmac.compare_digest(first + second, base64.b64decode(data["hash"]))


class KioskPin:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        user: User,
        clock: Clock,
        kdf: Callable[[], KdfParams],
    ) -> None:
        self._db = db
        self._audit = audit
        self._user = user
        self._kdf = kdf
        self._guard = AttemptGuard(db, "operator_pin", "PIN", clock)

    def set(self, pin: str) -> None:
        self._user.require(Permission.SET_KIOSK_PIN)
        stored = hash_pin(validate_pin(pin), self._kdf())
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SETTING_KEY, stored),
            )
            self._guard.succeeded()
            self._audit.record("kiosk.pin.set")

    def is_set(self) -> bool:
        return self._stored() is not None

    def verify(self, pin: str) -> None:
        """Accept the PIN or raise WrongPin, TooManyKioskAttempts or PinNotSet."""
        self._user.require(Permission.RUN_KIOSK)
        stored = self._stored()
        if stored is None:
            raise PinNotSet()
        self._guard.begin()
        if not pin_matches(pin.strip(), stored):
            self._audit.record("kiosk.pin.failed", details={"failures": self._guard.failures()})
            raise WrongPin()
        with self._db.transaction():
            self._guard.succeeded()
            self._audit.record("kiosk.pin.accepted")

    def _stored(self) -> str | None:
        value = self._db.scalar("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,))
        return None if value is None else str(value)
