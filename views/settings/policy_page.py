"""Settings → Policy: the workspace's policy preset, read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.policy import ANALYSES, Policy

ANALYSIS_LABELS = {
    "resume_screening": "Resume screening",
    "transcription": "Transcription of answers",
    "answer_assessment": "Assessment of answers",
    "face_presence": "Face presence",
    "face_identity": "Face identity (same person throughout)",
    "facial_expression": "Facial expression (descriptive only)",
    "recording_quality": "Recording quality",
}

IDENTITY_CONSENT_LABELS = {
    "none": "No specific consent required beyond the notice",
    "explicit_consent": "Explicit consent required before a face template is made",
    "signed_waiver": "A signed written release required before a face template is made",
}


def _humanize(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text_box(text: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setObjectName(name)
    box.setReadOnly(True)
    box.setMinimumHeight(90)
    box.setTabChangesFocus(True)
    return box


class PolicyPage(QWidget):
    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def label(text: str, name: str) -> QLabel:
            widget = QLabel(text)
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            return widget

        form.addRow("Preset:", label(f"{policy.name} ({policy.id})", "policyName"))
        form.addRow("Jurisdiction:", label(policy.jurisdiction, "policyJurisdiction"))
        form.addRow("About:", label(policy.description, "policyDescription"))
        allowed = [
            ("✔ " if name in policy.allowed_analyses else "✘ ") + ANALYSIS_LABELS.get(name, name)
            for name in sorted(
                ANALYSES,
                key=lambda n: list(ANALYSIS_LABELS).index(n) if n in ANALYSIS_LABELS else 99,
            )
        ]
        form.addRow("Analyses:", label("\n".join(allowed), "policyAnalyses"))
        form.addRow(
            "Face templates:",
            label(
                IDENTITY_CONSENT_LABELS.get(policy.identity_consent, policy.identity_consent),
                "policyIdentityConsent",
            ),
        )
        retention = "\n".join(
            f"{_humanize(key)}: {days} days" for key, days in policy.retention_days.items()
        )
        form.addRow("Retention:", label(retention, "policyRetention"))
        form.addRow(
            "Audited:",
            label(", ".join(_humanize(x) for x in policy.audit_requirements), "policyAudit"),
        )
        form.addRow(
            f"Notice (v{policy.notice_version}):",
            _text_box(policy.rendered_notice(), "policyNotice"),
        )
        form.addRow("Consent:", _text_box(policy.consent_text, "policyConsent"))
        note = label(
            "The policy preset is chosen when the workspace is created and cannot be "
            "changed here yet.",
            "policyNote",
        )
        note.setStyleSheet("color: palette(placeholder-text)")
        form.addRow(note)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
