"""The readable summary (summary.pdf) of an access export.

The JSON is complete and machine-readable; this PDF is what a person reads first:
who they are to Candor, what was screened, recorded and decided, what they agreed
to, and which files the export holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table

_MAX_TEXT = 1500  # characters of a transcript quoted in the summary; the JSON has all


def write_summary(document: Mapping[str, Any], audit_count: int, path: Path) -> Path:
    candidate = document["candidate"]
    story: list[Flowable] = [
        para(f"Your data held by Candor: candidate #{candidate['id']}", TITLE),
        para(
            "This copy holds every record this Candor workspace keeps about you. The file "
            "candidate.json has all of it in a machine-readable form (JSON; the profile in the "
            "JSON Resume format); audit.json lists every recorded action about your data.",
            BODY,
        ),
        Spacer(1, 6),
        table(
            [
                ("Field", "Value"),
                ("Name", str(candidate["display_name"])),
                ("Candidate number", f"#{candidate['id']}"),
                ("Added", str(candidate["created_at"])),
                ("Copy made", f"{document['generated_at']} by {document['generated_by']}"),
            ]
        ),
    ]
    resume = document.get("resume")
    story.append(para("Resume", H2))
    if resume:
        summary = resume["candor"]["summary"]
        story.append(
            table(
                [
                    ("Field", "Value"),
                    ("File", f"{resume['file_name']} (in this copy: {resume['file']})"),
                    ("Imported", str(resume["imported_at"])),
                    ("Skills found", ", ".join(summary.get("skills", [])) or "-"),
                    ("Years of experience found", str(summary.get("years", "-"))),
                    ("Highest education found", str(summary.get("education") or "-")),
                ]
            )
        )
    else:
        story.append(para("No resume is stored.", BODY))
    story += _rows(
        "Screening scores",
        ("Role", "Score", "Label", "Must-haves met", "Scored"),
        [
            (
                f"#{s['role_id']}",
                f"{s['score']:.1f}",
                s["label"],
                _yes(s["meets_must_haves"]),
                s["scored_at"],
            )
            for s in document["screenings"]
        ],
    )
    story += _rows(
        "Interview answers",
        ("Interview", "Question", "Take", "Status", "File"),
        [
            (f"#{i['id']}", a["question"], str(a["take"]), a["status"], a["file"] or "-")
            for i in document["interviews"]
            for a in i["answers"]
        ],
    )
    story += _transcripts(document["analysis"])
    story += _rows(
        "Ratings",
        ("Answer", "Reviewer", "Stars", "Comment", "When"),
        [
            (r["answer_key"], r["reviewer"], str(r["stars"]), r["comment"], r["rated_at"])
            for r in document["ratings"]
        ],
    )
    story += _rows(
        "Decisions",
        ("Role", "Outcome", "Reason", "By", "When"),
        [
            (
                "-" if d["role_id"] is None else f"#{d['role_id']}",
                d["outcome"],
                d["reason"],
                d["decided_by"],
                d["decided_at"],
            )
            for d in document["decisions"]
        ],
    )
    story += _rows(
        "Consents",
        ("What", "Decision", "How", "Notice", "When"),
        [
            (
                c["kind"],
                c["decision"],
                c["method"],
                f"{c['policy_id']} v{c['notice_version']}",
                c["at"],
            )
            for c in document["consents"]
        ],
    )
    story += _rows(
        "Your requests",
        ("Number", "Kind", "Received", "Due", "Status"),
        [
            (f"#{r['id']}", r["kind"], r["received_on"], r["due_on"], r["status"])
            for r in document["requests"]
        ],
    )
    story.append(para("Files in this copy", H2))
    story.append(para("\n".join(document["files"]), SMALL))
    story.append(para(f"Audit log entries about you: {audit_count} (see audit.json).", BODY))
    story.append(para("Not included", H2))
    story.append(para("\n".join(document["not_included"]), SMALL))
    return build_pdf(path, f"Candidate #{candidate['id']}: access copy", story)


def _rows(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[Flowable]:
    if not rows:
        return [para(title, H2), para("None.", BODY)]
    return [para(title, H2), table([header, *[tuple(str(c) for c in r) for r in rows]])]


def _transcripts(analysis: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [para("Transcripts (latest complete analysis)", H2)]
    complete = [r for r in analysis["runs"] if r["status"] == "complete"]
    if not complete:
        return [*out, para("No complete analysis.", BODY)]
    for step in complete[-1]["steps"]:
        if step["step"] != "transcribe":
            continue
        text = str(step["result"].get("text", "")) if isinstance(step["result"], dict) else ""
        if len(text) > _MAX_TEXT:
            text = text[:_MAX_TEXT] + " [...] (the full text is in candidate.json)"
        out.append(para(f"Answer {step['answer_key']}: {text or '(no speech)'}", BODY))
    return out


def _yes(value: object) -> str:
    return "yes" if value else "no"
