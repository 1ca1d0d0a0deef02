"""Storing a finished take: one kept take per question, superseded files removed.

Shared by the kiosk flow and crash recovery. No capture imports here, so the
service (loaded with every workspace) stays light.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.audit import AuditLog
from app.interviews.model import AnswerTake, TakeStatus
from app.interviews.store import InterviewStore
from app.media import FILE_SUFFIX, MediaRef, MediaStore
from app.storage.db import Database

log = logging.getLogger("candor.interviews")

_OVERWRITE_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class TakeOutcome:
    status: TakeStatus
    reason: str | None
    duration_s: float
    ref: MediaRef | None
    at: str


def counting_takes(takes: Iterable[AnswerTake]) -> dict[int, AnswerTake]:
    """The take that counts for each question id: the last one (in recording order) that
    no retake replaced, with a stored recording."""
    counting: dict[int, AnswerTake] = {}
    for take in takes:
        recorded = take.ref is not None and take.status is not TakeStatus.RECORDING
        if recorded and take.replaced_by is None:
            counting[take.question_id] = take
    return counting


def remove_recording(media: MediaStore, ref: MediaRef) -> None:
    """Overwrite a superseded take's encrypted file with random bytes, then delete it.

    Best effort: the file is already ciphertext under the candidate's key, and
    on SSDs or copy-on-write file systems the old blocks may survive the
    overwrite. Unreadable for certain only once the candidate's key is
    destroyed (erasure), which also covers backups.
    """
    path = media.root / str(ref.candidate_id) / f"{ref.file_id}{FILE_SUFFIX}"
    try:
        with path.open("r+b") as handle:
            remaining = os.fstat(handle.fileno()).st_size
            while remaining > 0:
                block = min(remaining, _OVERWRITE_BLOCK)
                handle.write(os.urandom(block))
                remaining -= block
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("could not overwrite a replaced answer's file (%s)", exc.strerror)
    media.delete(ref)


def save_take(
    db: Database,
    store: InterviewStore,
    audit: AuditLog,
    media: MediaStore,
    answer_id: int,
    outcome: TakeOutcome,
    *,
    action: str,
    subject: str,
    details: Mapping[str, object],
) -> tuple[AnswerTake, list[AnswerTake]]:
    """Store a take's outcome, keep one take per question (`InterviewStore.settle_take`),
    audit it, then remove the files of the takes set aside. Returns (the take as stored,
    the takes set aside)."""
    with db.transaction():
        store.finish_take(
            answer_id, outcome.status, outcome.reason, outcome.duration_s, outcome.ref, outcome.at
        )
        set_aside = store.settle_take(store.take(answer_id))
        audit.record(
            action,
            subject,
            {
                **details,
                "answer": answer_id,
                "status": outcome.status.value,
                "reason": outcome.reason,
                "saved": outcome.ref is not None,
                "set_aside": [t.id for t in set_aside],
            },
        )
    for old in set_aside:
        if old.ref is not None:
            remove_recording(media, old.ref)
    return store.take(answer_id), set_aside
