"""Sealing of voluntary demographics under a key that serves this purpose only.

The key is HKDF-SHA256(data key, info="candor demographics v1"), so a value sealed
here cannot be opened by any other part of Candor that holds a derived key, and a
sealed value cannot be moved to another candidate (the candidate id is the
associated data of AES-256-GCM). Only `app.fairness` may import `unseal`.
"""

from __future__ import annotations

import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import WorkspaceCorrupt

_INFO = b"candor demographics v1"
_AAD = b"candor-demographics-v1:"
_NONCE_BYTES = 12


def derive_key(data_key: bytes) -> bytes:
    """The demographics key of a workspace, derived from its data key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(data_key)


def seal(key: bytes, candidate_id: int, sex: str, race_ethnicity: str) -> bytes:
    """nonce || AES-256-GCM(JSON of the two answers), bound to the candidate id."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    plain = json.dumps({"sex": sex, "race_ethnicity": race_ethnicity}).encode("utf-8")
    return nonce + AESGCM(key).encrypt(nonce, plain, _aad(candidate_id))


def unseal(key: bytes, candidate_id: int, sealed: bytes) -> tuple[str, str]:
    """(sex, race_ethnicity) of one sealed record; WorkspaceCorrupt if it was altered."""
    try:
        plain = AESGCM(key).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _aad(candidate_id)
        )
        data = json.loads(plain)
        return str(data["sex"]), str(data["race_ethnicity"])
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceCorrupt(
            f"the demographic record of candidate #{candidate_id} is damaged"
        ) from exc


def _aad(candidate_id: int) -> bytes:
    return _AAD + str(candidate_id).encode("ascii")
