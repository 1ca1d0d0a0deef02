"""The deletion certificate: evidence that a candidate was erased, with no data about them.

It says what was destroyed (counts per kind), when, by whom, under which request,
the audit-chain head at that moment (so the erasure can be matched to the
tamper-evident log), and the exported copies outside Candor that a person must
delete by hand. Beyond the candidate's number it holds no personal data, so it can
be kept for as long as the organisation must prove the erasure.

The JSON is stored in the workspace (`erasures`) and written next to a PDF.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.workspace import Session

CERTIFICATE_FORMAT = "candor-deletion-certificate"
CERTIFICATE_VERSION = 1
METHOD = (
    "crypto-shredding: the candidate's media key and every database row about them were "
    "destroyed in one transaction (SQLite secure_delete zeroes freed pages; the write-ahead "
    "log was checkpointed and truncated); their encrypted media files were then removed."
)

#: Plain words for the kinds counted in `destroyed`.
KIND_LABELS: Mapping[str, str] = {
    "media_key": "Media encryption key",
    "profile": "Candidate record (name and data)",
    "resumes": "Imported resumes (text and parsed profile)",
    "resume_contacts": "Indexed e-mail addresses and phone numbers",
    "role_memberships": "Role memberships",
    "screenings": "Screening scores",
    "interview_answers": "Recorded interview answers (media references)",
    "invitations_closed": "Interview invitations ended",
    "consent_evidence": "Signed consent waivers (encrypted files)",
    "analysis_answers": "Answers frozen for analysis",
    "analysis_runs": "Analysis runs",
    "analysis_results": "Analysis step results (transcripts, scores)",
    "identity_results": "Face observations, identity templates and thumbnails",
    "ratings": "Reviewer ratings and comments",
    "decisions": "Decisions and their reasons",
    "demographics": "Voluntary demographics (sealed)",
    "legal_holds": "Legal hold",
    "processing_restrictions": "Human-only review choice",
    "request_notes": "Notes of data-subject requests",
    "media_files": "Encrypted media files on disk",
    "media_bytes": "Bytes of encrypted media on disk",
    "exported_copies": "Exported copies outside Candor (not deleted: see below)",
}


@dataclass(frozen=True)
class ExportedCopy:
    """A file the inventory knows of that holds the candidate; a person must delete it."""

    export_id: int
    kind: str
    path: str
    exported_by: str
    exported_at: str

    def __str__(self) -> str:
        return self.path

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "export_id": self.export_id,
            "kind": self.kind,
            "path": self.path,
            "exported_by": self.exported_by,
            "exported_at": self.exported_at,
        }


@dataclass(frozen=True)
class ErasureCertificate:
    candidate_id: int
    erased_at: str
    erased_by: str
    request_id: int | None
    destroyed: Mapping[str, int]
    audit_seq: int
    audit_hash: str
    exported_copies: tuple[ExportedCopy, ...] = ()
    method: str = METHOD
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "format": CERTIFICATE_FORMAT,
            "format_version": CERTIFICATE_VERSION,
            "candidate_id": self.candidate_id,
            "erased_at": self.erased_at,
            "erased_by": self.erased_by,
            "request_id": self.request_id,
            "method": self.method,
            "destroyed": dict(self.destroyed),
            "audit_head": {"seq": self.audit_seq, "hash": self.audit_hash},
            "exported_copies_to_delete_by_hand": [c.to_json_dict() for c in self.exported_copies],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_json_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ErasureCertificate:
        data = json.loads(text)
        head = data["audit_head"]
        return cls(
            candidate_id=int(data["candidate_id"]),
            erased_at=str(data["erased_at"]),
            erased_by=str(data["erased_by"]),
            request_id=None if data.get("request_id") is None else int(data["request_id"]),
            destroyed={str(k): int(v) for k, v in data["destroyed"].items()},
            audit_seq=int(head["seq"]),
            audit_hash=str(head["hash"]),
            exported_copies=tuple(
                ExportedCopy(
                    int(c["export_id"]),
                    str(c["kind"]),
                    str(c["path"]),
                    str(c["exported_by"]),
                    str(c["exported_at"]),
                )
                for c in data.get("exported_copies_to_delete_by_hand", [])
            ),
            method=str(data.get("method", METHOD)),
            notes=tuple(str(n) for n in data.get("notes", [])),
        )


def certificate_stem(candidate_id: int) -> str:
    return f"deletion-certificate-candidate-{candidate_id}"


def export_certificate(
    session: Session, cert: ErasureCertificate, out_dir: Path
) -> tuple[Path, Path]:
    """`write_certificate`, and both files entered in the export inventory (they live
    outside Candor's encryption, like every export)."""
    from app.compliance.inventory import record_export

    written = write_certificate(cert, out_dir)
    for path in written:
        record_export(session, "deletion_certificate", path, [cert.candidate_id], blind=True)
    return written


def write_certificate(cert: ErasureCertificate, out_dir: Path) -> tuple[Path, Path]:
    """Write the certificate as PDF and JSON into `out_dir` (atomically); returns (pdf, json).

    Raises OutputNotWritable when the folder cannot be written.
    """
    from app.errors import OutputNotWritable
    from app.screening.exports import write_atomic

    out_dir = Path(out_dir)
    stem = certificate_stem(cert.candidate_id)
    json_path, pdf_path = out_dir / f"{stem}.json", out_dir / f"{stem}.pdf"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(json_path, cert.to_json().encode("utf-8"))
        _write_pdf(cert, pdf_path)
        pdf_path.chmod(0o600)
    except OSError as exc:
        raise OutputNotWritable(str(out_dir)) from exc
    return pdf_path, json_path


def _write_pdf(cert: ErasureCertificate, path: Path) -> None:
    from reportlab.platypus import Flowable, Spacer

    from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table

    story: list[Flowable] = [
        para(f"Deletion certificate: candidate #{cert.candidate_id}", TITLE),
        table(
            [
                ("Field", "Value"),
                ("Candidate number", f"#{cert.candidate_id}"),
                ("Erased at (UTC)", cert.erased_at),
                ("Erased by", cert.erased_by),
                ("Request", "-" if cert.request_id is None else f"#{cert.request_id}"),
                ("Audit-chain head", f"entry {cert.audit_seq}, hash {cert.audit_hash}"),
            ],
        ),
        Spacer(1, 8),
        para("Method", H2),
        para(cert.method, BODY),
        para("What was destroyed", H2),
        table(
            [("What", "Count")]
            + [(KIND_LABELS.get(k, k), str(v)) for k, v in sorted(cert.destroyed.items())]
        ),
        para("Exported copies to delete by hand", H2),
    ]
    if cert.exported_copies:
        story.append(
            para(
                "Candor recorded these files as written outside its encryption with this "
                "candidate's data. It cannot delete them: whoever holds them must.",
                BODY,
            )
        )
        story.append(
            table(
                [("Path", "Kind", "Exported by", "Exported at")]
                + [(c.path, c.kind, c.exported_by, c.exported_at) for c in cert.exported_copies]
            )
        )
    else:
        story.append(para("The export inventory knows of no copy outside Candor.", BODY))
    for note in cert.notes:
        story.append(para(note, SMALL))
    story.append(Spacer(1, 8))
    story.append(
        para(
            "This certificate holds no personal data beyond the candidate's number. The JSON "
            "version is kept in the workspace and can be matched to the audit log entry above.",
            SMALL,
        )
    )
    build_pdf(path, f"Deletion certificate #{cert.candidate_id}", story)
