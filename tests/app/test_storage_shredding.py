"""Erasing a candidate destroys their media key in the database file itself.

The test decrypts every page of the SQLCipher file with the data key (SQLCipher 4
page layout: AES-256-CBC, 4096-byte pages, 16-byte IV + 64-byte HMAC reserved at
the end of each page, the file salt in front of page 1) and searches the
plaintext, free pages included, for the key bytes.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.keys import KeyStore
from app.workspace import Session

from .conftest import ADMIN, ADMIN_PASSWORD

PAGE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)


def decrypted_pages(db_file: Path, key: bytes) -> bytes:
    raw = db_file.read_bytes()
    out = bytearray()
    for start in range(0, len(raw) - PAGE + 1, PAGE):
        page = raw[start : start + PAGE]
        body_start = 16 if start == 0 else 0  # page 1 begins with the plaintext salt
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += decryptor.update(page[body_start : PAGE - RESERVE]) + decryptor.finalize()
    return bytes(out)


def test_page_decryption_sees_the_media_key_before_erasure(session: Session) -> None:
    candidate = session.candidates.add("Ada Lovelace", {"email": "ada@example.org"})
    media_key = session.candidates.media_key(candidate)
    session.db.checkpoint()
    data_key = KeyStore(session.path).unwrap(ADMIN, ADMIN_PASSWORD)
    plaintext = decrypted_pages(session.path / "candor.db", data_key)
    assert b"CREATE TABLE candidates" in plaintext
    assert media_key in plaintext
    assert b"Ada Lovelace" in plaintext


def test_erased_candidates_key_and_data_are_gone_from_the_file(session: Session) -> None:
    keep = session.candidates.add("Kept Person", {"n": 1})
    erase = session.candidates.add("Erased Person", {"email": "erased@example.org"})
    media_key = session.candidates.media_key(erase)
    session.db.checkpoint()
    session.candidates.delete(erase)

    data_key = KeyStore(session.path).unwrap(ADMIN, ADMIN_PASSWORD)
    wal = session.path / "candor.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # no old copies left in the WAL
    plaintext = decrypted_pages(session.path / "candor.db", data_key)
    assert media_key not in plaintext
    assert b"Erased Person" not in plaintext
    assert b"erased@example.org" not in plaintext
    assert session.candidates.media_key(keep) in plaintext  # the decryption itself works
