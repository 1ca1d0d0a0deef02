"""One-time login codes for a candidate at a shared kiosk.

8 characters from an alphabet without look-alikes (no I, L, O, 0, 1), shown as
"K7PX-M3QA": 31**8, about 2**39.6 codes. Only SHA-256 of the normalised code
is stored. A salted slow hash is not needed here: a code lives a few days at
most, is single use, guessing at the kiosk is slowed by back-off, and whoever
can read the database already holds the data key of everything it protects.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_HASH_PREFIX = b"candor-interview-code-v1:"


def new_code() -> str:
    """A fresh random code, normalised (no separator)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """'K7PXM3QA' -> 'K7PX-M3QA' (easier to read out and to type)."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what someone typed (case, spaces and dashes ignored).

    None when it cannot be a code at all (wrong length or characters).
    """
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def code_hash(code: str) -> str:
    return hashlib.sha256(_HASH_PREFIX + code.encode("ascii")).hexdigest()
