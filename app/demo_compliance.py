"""The demo's compliance samples: a bias audit on synthetic demographics, and an erasure.

So that a new user sees, in the demo's `reports/`, what the audit and a deletion
certificate look like. Everything here is fictional and labelled so:

- the demo candidates' demographic answers are generated (source 'synthetic'), and the
  audit report says so on its first page;
- a fictional person ("Erin Example") is added, asks for erasure, and is erased through
  the same use case as `candor candidate erase`, request and certificate included.

Idempotent: a second demo run keeps the erasure it made (its certificate is written
again from the workspace) and re-records the same synthetic answers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.compliance.certificate import export_certificate
from app.compliance.erasure import erase_candidate, stored_certificate
from app.compliance.requests import RequestKind, RequestRegister
from app.fairness.audit import build_audit
from app.fairness.demographics import DemographicsStore
from app.fairness.report import export_audit
from app.workspace import Session

log = logging.getLogger("candor.demo")

ERASED_SETTING = "demo_erased_candidate"
ERASED_NAME = "Erin Example"
# Answers given to the demo candidates in turn (EEO-1 wording); generated, never real.
SYNTHETIC_ANSWERS = (
    ("Female", "Black or African American"),
    ("Male", "Asian"),
    ("Female", "White"),
    ("Male", "Hispanic or Latino"),
)


def write_bias_audit_sample(session: Session, role_id: int, reports: Path) -> Path:
    """Synthetic demographics for the demo candidates, then the role's audit as a PDF."""
    store = DemographicsStore(session)
    for index, candidate_id in enumerate(session.candidates.ids()):
        sex, race = SYNTHETIC_ANSWERS[index % len(SYNTHETIC_ANSWERS)]
        store.record(candidate_id, sex=sex, race_ethnicity=race, source="synthetic")
    audit = build_audit(session, role_id)
    return export_audit(session, audit, reports / "bias-audit-synthetic.pdf", "pdf")


def write_erasure_sample(session: Session, reports: Path) -> list[Path]:
    """Erase a fictional candidate on their request; the certificate's PDF and JSON."""
    erased = session.get_setting(ERASED_SETTING)
    certificate = stored_certificate(session, int(erased)) if erased else None
    if certificate is None:
        candidate_id = session.candidates.add(
            ERASED_NAME, {"email": "erin@example.com", "note": "fictional demo person"}
        )
        request = RequestRegister(session).add(
            candidate_id, RequestKind.ERASURE, note="Asked by email to erase everything."
        )
        certificate = erase_candidate(session, candidate_id, request_id=request.id)
        session.set_setting(ERASED_SETTING, str(candidate_id))
        log.info("demo: erased candidate %d on request %d", candidate_id, request.id)
    pdf, json_path = export_certificate(session, certificate, reports)
    return [pdf, json_path]
