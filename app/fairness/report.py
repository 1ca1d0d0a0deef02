"""Writing a bias audit out: CSV, JSON or PDF, optionally as the Illinois yearly report.

`write_audit` only writes the file (atomically). `export_audit` is what people
use: administrators only, audit-logged, and recorded in the export inventory,
because small cells of an audit can point at a person.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from app.accounts import Permission
from app.errors import InvalidInput
from app.fairness.illinois import FILING_NOTE, HIRES_NOTE, STATUTE
from app.fairness.model import (
    FOUR_FIFTHS,
    MIN_SHARE,
    SMALL_SAMPLE,
    BiasAudit,
    CategoryRow,
    IllinoisRow,
)

if TYPE_CHECKING:
    from app.workspace import Session

FORMATS = ("pdf", "csv", "json")
JSON_FORMAT = "candor-bias-audit"
JSON_VERSION = 1
_COLUMNS = (
    "stage",
    "dimension",
    "category",
    "count",
    "share",
    "selected",
    "selection_rate",
    "impact_ratio",
    "above_median",
    "scoring_rate",
    "scoring_impact_ratio",
    "under_2_percent_excluded",
    "small_sample",
    "four_fifths_flag",
    "scoring_four_fifths_flag",
    "p_fisher_exact",
    "p_z_test",
    "note",
)
_ILLINOIS_COLUMNS = (
    "race_ethnicity",
    "completed_ai_interview",
    "afforded_in_person_interview",
    "not_afforded_in_person_interview",
    "no_decision_yet",
    "hired",
)


def write_audit(audit: BiasAudit, path: Path, fmt: str, *, illinois: bool = False) -> Path:
    """Write `audit` to `path` as pdf, csv or json; returns the path."""
    from app.screening.exports import write_atomic

    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown report format {fmt!r}.", "Choose pdf, csv or json.")
    path = Path(path)
    if fmt == "pdf":
        from app.fairness.report_pdf import write_pdf

        return write_pdf(audit, path, illinois=illinois)
    text = _json(audit, illinois) if fmt == "json" else _csv(audit, illinois)
    write_atomic(path, text.encode("utf-8"))
    return path


def export_audit(
    session: Session, audit: BiasAudit, path: Path, fmt: str, *, illinois: bool = False
) -> Path:
    """`write_audit` for a person: MANAGE_COMPLIANCE, audit-logged, in the export inventory."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    try:
        written = write_audit(audit, path, fmt, illinois=illinois)
    except PermissionError as exc:
        raise InvalidInput(
            f"Candor may not write to {Path(path).parent}.", "Choose a folder you can write to."
        ) from exc
    except (IsADirectoryError, NotADirectoryError, FileNotFoundError) as exc:
        raise InvalidInput(
            f"{path} cannot be written: the folder is missing or the name is a folder.",
            "Choose a file name in a folder that exists.",
        ) from exc
    kind = "illinois_ai_interview_report" if illinois else "bias_audit"
    session.audit.record(
        "fairness.report_exported",
        f"role:{audit.role_id}",
        {"format": fmt, "kind": kind, "candidates": audit.candidates},
    )
    _record_in_inventory(session, kind, written, audit)
    return written


def _record_in_inventory(session: Session, kind: str, path: Path, audit: BiasAudit) -> None:
    try:  # built beside this package (H1); looked up at run time
        inventory = importlib.import_module("app.compliance.inventory")
    except ModuleNotFoundError:
        return
    record = getattr(inventory, "record_export", None)
    if record is not None:
        record(session, kind, path, list(audit.candidate_ids), blind=True, role_id=audit.role_id)


def definitions() -> dict[str, str]:
    """What each figure means, written into every report."""
    return {
        "selection_rate": "selected / count in the category",
        "impact_ratio": "selection rate / the highest category's selection rate",
        "scoring_rate": "share scoring above the median score of the whole stage sample",
        "four_fifths_flag": f"impact ratio under {FOUR_FIFTHS}",
        "under_2_percent_excluded": (
            f"category under {MIN_SHARE:.0%} of the stage sample: shown, not in the ratios"
        ),
        "small_sample": f"fewer than {SMALL_SAMPLE} people: ratios and tests are unreliable",
        "p_fisher_exact": "Fisher's exact test, two-sided, against the highest category",
        "p_z_test": "pooled two-proportion z-test, two-sided, against the highest category",
        "unknown": "no answer recorded, or 'Prefer not to say'; not in any category",
    }


def _json(audit: BiasAudit, illinois: bool) -> str:
    data = asdict(audit)
    data.pop("candidate_ids", None)
    illinois_rows = data.pop("illinois")
    if illinois:
        body: dict[str, object] = {
            "format": JSON_FORMAT + "-illinois",
            "version": JSON_VERSION,
            "statute": STATUTE,
            "role_id": audit.role_id,
            "role_title": audit.role_title,
            "period": {"from": audit.date_from, "to": audit.date_to},
            "generated_at": audit.generated_at,
            "rows": illinois_rows,
            "hires": HIRES_NOTE,
            "filing": FILING_NOTE,
        }
    else:
        body = {"format": JSON_FORMAT, "version": JSON_VERSION, **data}
        body["definitions"] = definitions()
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _csv(audit: BiasAudit, illinois: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if illinois:
        writer.writerow(_ILLINOIS_COLUMNS)
        writer.writerows(_illinois_cells(row) for row in audit.illinois)
        return out.getvalue()
    writer.writerow(_COLUMNS)
    for stage in audit.stages:
        if not stage.enough_data:
            writer.writerow([stage.stage, *[""] * (len(_COLUMNS) - 2), stage.note])
            continue
        for dim in stage.tables:
            writer.writerows(_category_cells(stage.stage, dim.dimension, r) for r in dim.rows)
            unknown = [stage.stage, dim.dimension, "Unknown", str(dim.unknown)]
            writer.writerow([*unknown, *[""] * (len(_COLUMNS) - 4)])
    return out.getvalue()


def _category_cells(stage: str, dimension: str, r: CategoryRow) -> list[str]:
    return [
        *(stage, dimension, r.category, str(r.count), _f(r.share), str(r.selected)),
        *(_f(r.selection_rate), _f(r.impact_ratio), _i(r.above_median)),
        *(_f(r.scoring_rate), _f(r.scoring_impact_ratio), _b(r.under_min_share)),
        *(_b(r.small_sample), _b(r.four_fifths_flag), _b(r.scoring_flag)),
        *(_p(r.p_fisher), _p(r.p_z), ""),
    ]


def _illinois_cells(r: IllinoisRow) -> list[str]:
    counts = (r.interviewed, r.afforded_in_person, r.not_afforded, r.pending)
    return [r.race_ethnicity, *(str(c) for c in counts), "not recorded in Candor"]


def _f(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _p(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def _i(value: int | None) -> str:
    return "" if value is None else str(value)


def _b(value: bool) -> str:
    return "yes" if value else "no"
