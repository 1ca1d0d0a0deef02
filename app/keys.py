"""Key management: one random data key, wrapped once per user by their password.

The database is encrypted with a random 256-bit *data key*. Each user has a
*key slot* in `<workspace>/keyslots.json` (it must be readable before the
database opens):

    {"format": "candor-keyslots", "version": 1, "new_slot_kdf": {...}, "slots": {"<name>": {
        "kdf": "argon2id", "time_cost": 4, "memory_kib": 131072, "parallelism": 4,
        "salt": b64, "check": b64, "nonce": b64, "wrapped": b64}}}

Argon2id(password, salt) gives 64 bytes: the first 32 are the key-encryption
key for AES-256-GCM over the data key (associated data: the user name, so a
slot cannot be moved to another user); the last 32 key an HMAC `check` that
lets us tell "right password, but disabled" apart from a wrong password
without being able to open anything. A disabled user's slot keeps only
salt/parameters/check: the wrapped key is deleted, so the account truly cannot
open the workspace any more. A password change re-wraps only that user's slot.

Default Argon2id parameters (DEFAULT_KDF): 128 MiB, 4 passes, 4 lanes. On the
2-core reference machine one derivation takes about 0.3 s, which is what
`Workspace.open` costs; RFC 9106's second recommended option is 64 MiB/3 passes,
so this is stronger while staying well under a second on a desktop. Each slot
stores its own parameters, so they can be raised later without breaking old
slots, and tests pass a cheap `KdfParams` (see `KdfParams.insecure_fast`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.errors import AccountDisabled, WorkspaceCorrupt, WorkspaceTooNew, WrongCredentials
from app.storage.files import read_json, write_json_atomic

KEYSLOTS_FILE = "keyslots.json"
DATA_KEY_BYTES = 32
_FORMAT = "candor-keyslots"
_VERSION = 1
_CHECK_LABEL = b"candor-password-check-v1"
_AAD_PREFIX = b"candor-keyslot-v1:"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (memory in KiB)."""

    time_cost: int = 4
    memory_kib: int = 128 * 1024
    parallelism: int = 4

    def __post_init__(self) -> None:
        if self.time_cost < 1 or self.parallelism < 1 or self.memory_kib < 8 * self.parallelism:
            raise ValueError("Argon2id parameters out of range")

    @classmethod
    def insecure_fast(cls) -> KdfParams:
        """Tests only: a derivation in well under a millisecond, no protection at all."""
        return cls(time_cost=1, memory_kib=8, parallelism=1)

    def derive(self, password: str, salt: bytes) -> tuple[bytes, bytes]:
        """(wrap key, check key) for this password and salt."""
        raw = hash_secret_raw(
            password.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=64,
            type=Type.ID,
        )
        return raw[:32], raw[32:]


DEFAULT_KDF = KdfParams()


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


@dataclass(frozen=True)
class _Slot:
    kdf: KdfParams
    salt: bytes
    check: bytes
    nonce: bytes | None  # None (with wrapped) for a disabled account
    wrapped: bytes | None

    def to_json(self) -> dict[str, object]:
        out = _kdf_to_json(self.kdf)
        out["salt"] = _b64(self.salt)
        out["check"] = _b64(self.check)
        if self.nonce is not None and self.wrapped is not None:
            out["nonce"] = _b64(self.nonce)
            out["wrapped"] = _b64(self.wrapped)
        return out

    @classmethod
    def from_json(cls, raw: object) -> _Slot:
        if not isinstance(raw, dict):
            raise ValueError("unknown slot layout")
        kdf = _kdf_from_json(raw)
        has_key = "wrapped" in raw
        return cls(
            kdf=kdf,
            salt=_unb64(raw["salt"]),
            check=_unb64(raw["check"]),
            nonce=_unb64(raw["nonce"]) if has_key else None,
            wrapped=_unb64(raw["wrapped"]) if has_key else None,
        )


class KeyStore:
    """The key slots of one workspace. Re-reads the file on every call (other processes)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / KEYSLOTS_FILE

    def exists(self) -> bool:
        return self.path.is_file()

    def names(self) -> list[str]:
        return sorted(self._load())

    def resolve(self, name: str) -> str | None:
        """The stored spelling of `name` (exact, else the one case-insensitive match)."""
        slots = self._load()
        if name in slots:
            return name
        folded = [stored for stored in slots if stored.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    def unwrap(self, name: str, password: str) -> bytes:
        """The data key, if `password` is `name`'s. Unknown names cost the same time."""
        slots = self._load()
        stored = self.resolve(name)
        if not password or stored is None:
            # Spend the same Argon2 work as a real check: timing must not reveal names.
            kdf = next(iter(slots.values())).kdf if slots else DEFAULT_KDF
            if password:
                kdf.derive(password, secrets.token_bytes(16))
            raise WrongCredentials()
        slot = slots[stored]
        wrap_key, check_key = slot.kdf.derive(password, slot.salt)
        if not hmac.compare_digest(_check(check_key), slot.check):
            raise WrongCredentials()
        if slot.nonce is None or slot.wrapped is None:
            raise AccountDisabled()
        try:
            return AESGCM(wrap_key).decrypt(slot.nonce, slot.wrapped, _aad(stored))
        except InvalidTag as exc:  # check matched but the slot was altered
            raise WorkspaceCorrupt(
                f"the key slot of one user in {KEYSLOTS_FILE} is damaged"
            ) from exc

    def put(
        self,
        name: str,
        password: str,
        data_key: bytes,
        kdf: KdfParams | None = None,
        *,
        disabled: bool = False,
    ) -> None:
        """Create or replace `name`'s slot. `disabled` keeps only the password check.

        Without `kdf`, the workspace's parameters are used: those of the first
        slot ever written (stored as "new_slot_kdf"), else DEFAULT_KDF.
        """
        if len(data_key) != DATA_KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        slots, workspace_kdf = self._read()
        params = kdf or workspace_kdf or DEFAULT_KDF
        salt = secrets.token_bytes(16)
        wrap_key, check_key = params.derive(password, salt)
        nonce = wrapped = None
        if not disabled:
            nonce = secrets.token_bytes(12)
            wrapped = AESGCM(wrap_key).encrypt(nonce, data_key, _aad(name))
        slots[name] = _Slot(params, salt, _check(check_key), nonce, wrapped)
        self._save(slots, workspace_kdf or params)

    def disable(self, name: str) -> None:
        """Delete `name`'s wrapped data key; the slot remains only to say 'disabled'."""
        slots = self._load()
        slot = slots.get(name)
        if slot is None:
            return
        slots[name] = _Slot(slot.kdf, slot.salt, slot.check, None, None)
        self._save(slots)

    def is_disabled(self, name: str) -> bool:
        slot = self._load().get(name)
        return slot is None or slot.wrapped is None

    def remove(self, name: str) -> None:
        slots = self._load()
        if slots.pop(name, None) is not None:
            self._save(slots)

    def new_slot_kdf(self) -> KdfParams:
        """The Argon2id parameters new slots get when none are given."""
        return self._read()[1] or DEFAULT_KDF

    def _load(self) -> dict[str, _Slot]:
        return self._read()[0]

    def _read(self) -> tuple[dict[str, _Slot], KdfParams | None]:
        data = read_json(self.path)
        if data is None:
            return {}, None
        if data.get("format") != _FORMAT or not isinstance(data.get("slots"), dict):
            raise WorkspaceCorrupt(f"{KEYSLOTS_FILE} has an unexpected layout")
        version = data.get("version")
        if not isinstance(version, int):
            raise WorkspaceCorrupt(f"{KEYSLOTS_FILE} has an unexpected layout")
        if version > _VERSION:
            raise WorkspaceTooNew("key slot format", version, _VERSION)
        raw_slots = data["slots"]
        assert isinstance(raw_slots, dict)
        try:
            slots = {str(name): _Slot.from_json(raw) for name, raw in raw_slots.items()}
            raw_kdf = data.get("new_slot_kdf")
            workspace_kdf = _kdf_from_json(raw_kdf) if isinstance(raw_kdf, dict) else None
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise WorkspaceCorrupt(f"{KEYSLOTS_FILE} is damaged") from exc
        return slots, workspace_kdf

    def _save(self, slots: dict[str, _Slot], workspace_kdf: KdfParams | None = None) -> None:
        kdf = workspace_kdf or self._read()[1] or DEFAULT_KDF
        write_json_atomic(
            self.path,
            {
                "format": _FORMAT,
                "version": _VERSION,
                "new_slot_kdf": _kdf_to_json(kdf),
                "slots": {name: slot.to_json() for name, slot in sorted(slots.items())},
            },
        )


def _kdf_to_json(kdf: KdfParams) -> dict[str, object]:
    return {
        "kdf": "argon2id",
        "time_cost": kdf.time_cost,
        "memory_kib": kdf.memory_kib,
        "parallelism": kdf.parallelism,
    }


def _kdf_from_json(raw: dict[str, object]) -> KdfParams:
    if raw.get("kdf") != "argon2id":
        raise ValueError("unknown key derivation")
    return KdfParams(
        time_cost=int(str(raw["time_cost"])),
        memory_kib=int(str(raw["memory_kib"])),
        parallelism=int(str(raw["parallelism"])),
    )


def _aad(name: str) -> bytes:
    return _AAD_PREFIX + name.encode("utf-8")


def _check(check_key: bytes) -> bytes:
    return hmac.new(check_key, _CHECK_LABEL, sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)
