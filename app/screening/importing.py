"""Import resume files for a role: read, parse, store encrypted, score. One job, many files.

Each file ends with a status and a specific message; one bad file never stops the
batch. Each stored file is its own transaction (candidate, encrypted original,
profile, screening, audit entry), so a cancelled or killed import keeps every file
finished before it and nothing half-stored.

Duplicates are flagged, never merged silently:
- the same bytes as a stored resume are not stored again; if that candidate is not
  yet in this role they are added to it (and scored);
- a different file with an email address or phone number of a candidate already in
  the role becomes a new candidate, flagged as a possible duplicate of the first.

Reading runs in worker processes (`analysis.documents.extract_many`) on a thread
of its own, so files are read while earlier ones are parsed and stored here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from analysis.documents import DocumentStatus, ExtractedDocument, extract_many
from analysis.errors import Cancelled
from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.accounts import Permission, now_iso
from app.media import MediaRef, MediaSourceUnreadable
from app.screening import store
from app.screening.parsing import model_record, resume_parser

if TYPE_CHECKING:
    from analysis.resume import ResumeParser, ResumeProfile
    from analysis.scoring import Scorer, Screening
    from app.workspace import Session

log = logging.getLogger("candor.screening")

PARSE_BATCH = 16
MAX_DISPLAY_NAME = 200
UNNAMED = "Unnamed candidate"
CANCELLED = "cancelled"
DUPLICATE = "duplicate"
PARSED = "parsed"
_SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class ImportedFile:
    name: str  # the file name, for display only; never logged
    status: str  # a DocumentStatus value, "duplicate", or "cancelled" (not reached)
    message: str
    candidate_id: int | None
    duplicate_of: int | None
    path: str = ""  # where it was read from, so a caller can match its inputs


@dataclass(frozen=True)
class ImportReport:
    files: tuple[ImportedFile, ...]
    cancelled: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """How many files ended with each status."""
        return dict(Counter(f.status for f in self.files))

    @property
    def candidate_ids(self) -> tuple[int, ...]:
        """Candidates this import stored or added to the role, in file order."""
        return tuple(f.candidate_id for f in self.files if f.candidate_id is not None)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and every file under each folder (recursively, sorted).

    Hidden files and system litter are skipped inside folders; symbolic links to
    folders are not followed (no loops). Unsupported files stay in the list: they
    get their own status rather than vanishing silently.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.is_dir():
            found.append(path)
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [
                Path(folder) / name
                for name in sorted(names)
                if not name.startswith(".") and name.lower() not in _SKIPPED_NAMES
            ]
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.absolute(), path)
    return list(unique.values())


def import_resumes(
    session: Session,
    role_id: int,
    paths: Sequence[Path],
    task: Task,
    *,
    registry: ModelRegistry,
    timeout_s: float = 20.0,
) -> ImportReport:
    """Import every resume under `paths` into the role and score it against the role's
    current criteria. Cancelling returns the report so far (`cancelled` True)."""
    session.user.require(Permission.ADD_CANDIDATES)
    files = expand_paths(paths)
    task.progress(0.0, "Preparing to read resumes")
    run = _Run.start(session, role_id, registry, len(files))
    results: dict[int, ImportedFile] = {}
    index_of = {path: i for i, path in enumerate(files)}
    pending: list[tuple[int, Path, ExtractedDocument]] = []
    cancelled = False
    try:
        for path, doc in _prefetched(files, task, timeout_s):
            index = index_of[path]
            if not doc.ok:
                results[index] = _failed(path, doc.status.value, doc.message)
                run.progress.step(task)
                continue
            pending.append((index, path, doc))
            if len(pending) >= PARSE_BATCH:
                run.parse_and_store(pending, task, results)
                pending = []
        run.parse_and_store(pending, task, results)
    except Cancelled:
        cancelled = True
    report = ImportReport(
        tuple(
            results.get(i) or _failed(path, CANCELLED, "Not imported: the import was cancelled.")
            for i, path in enumerate(files)
        ),
        cancelled,
    )
    session.audit.record(
        "resumes.imported",
        f"role:{role_id}",
        {
            "files": len(files),
            "cancelled": cancelled,
            "statuses": report.counts,
            "candidates": sorted(set(report.candidate_ids)),
        },
    )
    log.info("import: %d files, statuses %s", len(files), report.counts)
    task.progress(1.0, "Import cancelled" if cancelled else "Import finished")
    return report


def _failed(path: Path, status: str, message: str, duplicate_of: int | None = None) -> ImportedFile:
    return ImportedFile(path.name, status, message, None, duplicate_of, str(path))


@dataclass
class _Run:
    """Everything one import needs, frozen at its start (criteria version, taxonomy, model)."""

    session: Session
    role_id: int
    criteria_version: int
    taxonomy_version: str
    parser: ResumeParser
    scorer: Scorer
    model: dict[str, Any]
    progress: _Progress

    @classmethod
    def start(cls, session: Session, role_id: int, registry: ModelRegistry, total: int) -> _Run:
        from analysis.scoring import Scorer

        criteria = session.roles.get(role_id)
        taxonomy = session.roles.taxonomy()
        parser, model = resume_parser(registry, taxonomy)
        return cls(
            session,
            role_id,
            criteria.version,
            session.roles.taxonomy_version(),
            parser,
            Scorer(criteria, taxonomy),
            model_record(model),
            _Progress(total),
        )

    def parse_and_store(
        self,
        batch: list[tuple[int, Path, ExtractedDocument]],
        task: Task,
        results: dict[int, ImportedFile],
    ) -> None:
        """Parse a batch together, then store each file; outcomes go into `results` as
        they happen, so a cancel part-way still reports the files already stored."""
        if not batch:
            return
        task.check()
        profiles = self.parser.parse_many([doc.text for _, _, doc in batch])
        for (index, path, doc), profile in zip(batch, profiles, strict=True):
            task.check()  # between files: a cancel leaves every stored file complete
            results[index] = self.store(path, doc, profile)
            self.progress.step(task)

    def store(self, path: Path, doc: ExtractedDocument, profile: ResumeProfile) -> ImportedFile:
        db = self.session.db
        screening = self.scorer.score(profile)  # outside the transaction: the lock is shared
        try:
            with db.transaction():
                same = store.same_file(db, doc.sha256)
                if same is not None:
                    return self._same_file(path, same)
                person = store.same_person_in_role(db, self.role_id, profile)
                return self._new_candidate(path, doc, profile, screening, person)
        except (_FileChanged, MediaSourceUnreadable):
            return _failed(path, DocumentStatus.CORRUPT.value, _CHANGED_MESSAGE)

    def _same_file(self, path: Path, same: int) -> ImportedFile:
        db = self.session.db
        if store.in_role(db, self.role_id, same):
            return _failed(
                path,
                DUPLICATE,
                f"Duplicate of candidate #{same}: the same file was already imported for "
                "this role, so it was not stored again.",
                same,
            )
        # The same file in another role: add that candidate here, without a second copy.
        stored = store.load_resume(db, same)
        store.add_to_role(
            db, self.role_id, same, added_at=now_iso(), status=PARSED, duplicate_of=None
        )
        self._save(same, self.scorer.score(stored.profile))
        self.session.audit.record(
            "resume.linked", f"candidate:{same}", {"role_id": self.role_id, "reason": "same file"}
        )
        message = (
            f"Duplicate of candidate #{same}: the same file is already in this workspace for "
            "another role; that candidate was added to this role without storing it again."
        )
        return ImportedFile(path.name, DUPLICATE, message, same, same, str(path))

    def _new_candidate(
        self,
        path: Path,
        doc: ExtractedDocument,
        profile: ResumeProfile,
        screening: Screening,
        person: int | None,
    ) -> ImportedFile:
        session = self.session
        name = (profile.name.value if profile.name else "").strip()[:MAX_DISPLAY_NAME] or UNNAMED
        candidate_id = session.candidates.add(name, {"source": "resume import"})
        ref: MediaRef | None = None
        try:
            ref = session.media.put_file(candidate_id, "resume", path)
            if ref.sha256 != doc.sha256:
                raise _FileChanged()
            store.insert_resume(
                session.db,
                candidate_id,
                imported_at=now_iso(),
                file_name=path.name,
                sha256=doc.sha256,
                kind=doc.kind,
                pages=doc.pages,
                media_json=ref.to_json(),
                profile=profile,
                parse={
                    "model": self.model,
                    "taxonomy_version": self.taxonomy_version,
                    "warnings": [*doc.warnings, *profile.warnings],
                },
            )
            status = PARSED if person is None else DUPLICATE
            store.add_to_role(
                session.db,
                self.role_id,
                candidate_id,
                added_at=now_iso(),
                status=status,
                duplicate_of=person,
            )
            # Audited by "candidate.created" here and one "resumes.imported" entry for the
            # batch (listing the candidates): one audit anchor write per file, not two.
            self._save(candidate_id, screening)
        except BaseException:
            if ref is not None:  # the transaction rolls back: do not leave the file behind
                session.media.delete(ref)
            raise
        if person is None:
            return ImportedFile(
                path.name, PARSED, _parsed_message(doc), candidate_id, None, str(path)
            )
        message = (
            f"Possible duplicate of candidate #{person}: same email address or phone number. "
            "Stored as a new candidate and flagged for review; nothing was merged."
        )
        return ImportedFile(path.name, DUPLICATE, message, candidate_id, person, str(path))

    def _save(self, candidate_id: int, screening: Screening) -> None:
        store.save_screening(
            self.session.db,
            self.role_id,
            candidate_id,
            screening,
            criteria_version=self.criteria_version,
            model=self.model,
            taxonomy_version=self.taxonomy_version,
            scored_at=now_iso(),
            scored_by=self.session.user.name,
        )


_CHANGED_MESSAGE = (
    "The file changed or disappeared while it was being imported, so it was not stored. "
    "Import it again once it is no longer being written."
)


class _FileChanged(Exception):
    pass


class _Progress:
    """Progress counts files finished (stored or failed); reading runs ahead unreported."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def step(self, task: Task) -> None:
        self.done += 1
        task.progress(
            self.done / max(1, self.total), f"Importing resumes: {self.done} of {self.total}"
        )


def _parsed_message(doc: ExtractedDocument) -> str:
    pages = f" ({doc.pages} page{'s' if doc.pages != 1 else ''})" if doc.pages else ""
    notes = f" Note: {'; '.join(doc.warnings)}." if doc.warnings else ""
    return f"Read and scored{pages}.{notes}"


class _Stoppable:
    """The job's task, plus a stop the consumer sets when it ends early."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self.stop = threading.Event()

    def progress(self, fraction: float, text: str = "") -> None:
        pass  # the consumer reports progress as files finish

    def cancelled(self) -> bool:
        return self.stop.is_set() or self._task.cancelled()

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled()

    def slice(self, start: float, end: float) -> Task:
        return self._task.slice(start, end)


_END = object()


def _prefetched(
    files: list[Path], task: Task, timeout_s: float
) -> Iterator[tuple[Path, ExtractedDocument]]:
    """`extract_many` run ahead on a thread, so reading overlaps parsing and storing."""
    handle = _Stoppable(task)
    items: queue.Queue[object] = queue.Queue(maxsize=4 * PARSE_BATCH)

    def produce() -> None:
        try:
            for item in extract_many(files, handle, timeout_s=timeout_s, workers=2):
                items.put(item)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            items.put(exc)
        items.put(_END)

    thread = threading.Thread(target=produce, name="candor-resume-reader", daemon=True)
    thread.start()
    try:
        while True:
            try:
                item = items.get(timeout=0.5)
            except queue.Empty:
                task.check()
                continue
            if item is _END:
                break
            if isinstance(item, BaseException):
                raise item
            yield cast(tuple[Path, ExtractedDocument], item)
    finally:
        handle.stop.set()
        while thread.is_alive():  # drain, so a producer blocked on a full queue can finish
            with contextlib.suppress(queue.Empty):
                items.get(timeout=0.1)
        thread.join()
