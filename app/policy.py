"""Workspace policy presets: jurisdiction rules as data (resources/policies/*.yaml).

A workspace runs under exactly one preset, chosen when it is created. Later
features ask the policy, never hard-code a jurisdiction: `policy.allows(...)`
before an analysis, `policy.identity_consent` before building a face template.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from analysis.errors import CandorError
from app.paths import resources_dir

SCHEMA_VERSION = 1
ANALYSES = frozenset(
    {
        "resume_screening",
        "transcription",
        "answer_assessment",
        "face_presence",
        "face_identity",
        "facial_expression",
        "recording_quality",
    }
)
IDENTITY_CONSENT_RULES = frozenset({"none", "explicit_consent", "signed_waiver"})
RETENTION_KEYS = ("resumes", "interview_media", "analysis_results", "audit_log")
"""What `retention_days` must set (app.compliance.retention enforces them)."""
AUDIT_LOG_KEPT = "kept: the audit log is never pruned by this version"
RETENTION_REMOVES = {
    "resumes": "the candidate, erased (crypto-shredding)",
    "interview_media": "interview recordings",
    "analysis_results": "analysis results (runs with their transcripts and scores)",
    "audit_log": AUDIT_LOG_KEPT,
}
"""What the sweep removes when a period has passed (the audit log: nothing; it holds
no candidate data and is hash-chained)."""
RETENTION_COUNTS_FROM = {
    "resumes": "the candidate's latest activity (import, role, interview, decision)",
    "interview_media": "the end of the recording",
    "analysis_results": "the end of the analysis run",
    "audit_log": "-",
}
REQUEST_KINDS = ("access", "erasure", "rectification", "objection", "withdrawal")
"""Data-subject request kinds; `request_deadlines` sets a deadline for each."""
_DEADLINE = re.compile(r"\s*([1-9][0-9]{0,3})\s+(day|days|month|months)\s*")


class PolicyError(CandorError):
    """A policy preset file is missing or malformed."""


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter
    (31 January + 1 month = 28/29 February): how GDPR periods in months are counted
    (Regulation 1182/71 Art. 3(2)(c))."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RetentionPeriod:
    """One retention period of a policy, as `app.compliance.retention` enforces it."""

    key: str
    days: int
    enforced: bool
    removes: str
    counts_from: str


@dataclass(frozen=True)
class Deadline:
    """A legal deadline counted from the day a request is received: N days or N months."""

    amount: int
    unit: str  # "days" or "months"

    @classmethod
    def parse(cls, text: str) -> Deadline:
        match = _DEADLINE.fullmatch(str(text))
        if match is None:
            raise ValueError(f"not a deadline: {text!r} (write '30 days' or '1 month')")
        unit = "months" if match[2].startswith("month") else "days"
        return cls(int(match[1]), unit)

    def due(self, received: date) -> date:
        """The last day to answer a request received on `received`."""
        if self.unit == "months":
            return add_months(received, self.amount)
        return received + timedelta(days=self.amount)

    def __str__(self) -> str:
        one = self.unit[:-1]
        return f"{self.amount} {one if self.amount == 1 else self.unit}"


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    description: str
    jurisdiction: str
    notice_version: int
    notice_text: str
    consent_text: str
    allowed_analyses: frozenset[str]
    identity_consent: str
    retention_days: Mapping[str, int]
    audit_requirements: tuple[str, ...]
    self_identification: bool = False
    """Whether the kiosk offers the voluntary sex and race/ethnicity step (bias audit)."""
    request_deadlines: Mapping[str, Deadline] = field(default_factory=lambda: MappingProxyType({}))
    """Per request kind, the time allowed to answer (app.compliance.requests)."""

    def allows(self, analysis: str) -> bool:
        if analysis not in ANALYSES:
            raise ValueError(f"unknown analysis {analysis!r}")
        return analysis in self.allowed_analyses

    def retention_periods(self) -> tuple[RetentionPeriod, ...]:
        """Each RETENTION_KEYS period with what it removes; the audit log's is not enforced."""
        return tuple(
            RetentionPeriod(
                key,
                int(self.retention_days[key]),
                key != "audit_log",
                RETENTION_REMOVES[key],
                RETENTION_COUNTS_FROM[key],
            )
            for key in RETENTION_KEYS
        )

    def request_deadline(self, kind: str) -> Deadline:
        """The deadline for answering a request of `kind` (one of REQUEST_KINDS)."""
        if kind not in REQUEST_KINDS:
            raise ValueError(f"unknown request kind {kind!r}")
        deadline = self.request_deadlines.get(kind)
        if deadline is None:
            raise PolicyError(
                f"The policy {self.id!r} sets no deadline for {kind} requests.",
                f"Add '{kind}' to its request_deadlines.",
            )
        return deadline

    def notice_values(self) -> dict[str, int]:
        """What a notice may print: each retention period (`{interview_media}`) and each
        deadline counted in days (`{erasure_request_days}`); the same numbers are enforced."""
        values = dict(self.retention_days)
        for kind, deadline in self.request_deadlines.items():
            if deadline.unit == "days":
                values[f"{kind}_request_days"] = deadline.amount
        return values

    def rendered_notice(self) -> str:
        """The notice with the retention periods and deadlines filled in."""
        return self.notice_text.format_map(self.notice_values())


def _reflow(text: str) -> str:
    """Join the YAML's wrapped lines; keep blank lines as paragraph breaks."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _policy_dir() -> Path:
    return resources_dir() / "policies"


def _parse(data: Any, source: str) -> Policy:
    if not isinstance(data, dict):
        raise PolicyError(f"Policy file {source} is not a mapping.", "Reinstall Candor.")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise PolicyError(
            f"Policy file {source} has schema version {data.get('schema_version')!r}; "
            f"this Candor reads version {SCHEMA_VERSION}.",
            "Use a policy file made for this version of Candor.",
        )
    try:
        allowed = frozenset(data["allowed_analyses"])
        unknown = allowed - ANALYSES
        if unknown:
            raise PolicyError(
                f"Policy file {source} allows unknown analyses: {', '.join(sorted(unknown))}.",
                f"Known analyses: {', '.join(sorted(ANALYSES))}.",
            )
        consent = str(data["identity_consent"])
        if consent not in IDENTITY_CONSENT_RULES:
            raise PolicyError(
                f"Policy file {source} has identity_consent {consent!r}.",
                f"Use one of: {', '.join(sorted(IDENTITY_CONSENT_RULES))}.",
            )
        retention = _retention(data["retention_days"], source)
        deadlines = _deadlines(data.get("request_deadlines") or {}, source)
        return Policy(
            id=str(data["id"]),
            name=str(data["name"]),
            description=str(data["description"]).strip(),
            jurisdiction=str(data["jurisdiction"]),
            notice_version=int(data["notice_version"]),
            notice_text=_reflow(str(data["notice_text"])),
            consent_text=_reflow(str(data["consent_text"])),
            allowed_analyses=allowed,
            identity_consent=consent,
            retention_days=MappingProxyType(retention),
            audit_requirements=tuple(str(x) for x in data["audit_requirements"]),
            self_identification=bool(data.get("self_identification", False)),
            request_deadlines=MappingProxyType(deadlines),
        )
    except KeyError as exc:
        raise PolicyError(
            f"Policy file {source} lacks the field {exc.args[0]!r}.", "Reinstall Candor."
        ) from None


def _retention(raw: Any, source: str) -> dict[str, int]:
    """Every key of RETENTION_KEYS, positive whole days; no other key (a typo would
    otherwise be a period nobody enforces)."""
    retention = {str(k): int(v) for k, v in dict(raw).items()}
    missing = [k for k in RETENTION_KEYS if k not in retention]
    unknown = sorted(set(retention) - set(RETENTION_KEYS))
    bad = [k for k, v in retention.items() if v <= 0]
    if missing or unknown or bad:
        raise PolicyError(
            f"Policy file {source} has retention_days that Candor cannot enforce "
            f"(missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'}; "
            f"not positive: {', '.join(bad) or '-'}).",
            f"Set each of {', '.join(RETENTION_KEYS)} to a number of days.",
        )
    return retention


def _deadlines(raw: Any, source: str) -> dict[str, Deadline]:
    if not isinstance(raw, dict):
        raise PolicyError(f"Policy file {source}: request_deadlines is not a mapping.")
    deadlines: dict[str, Deadline] = {}
    for kind, text in raw.items():
        if kind not in REQUEST_KINDS:
            raise PolicyError(
                f"Policy file {source} sets a deadline for unknown request kind {kind!r}.",
                f"Known kinds: {', '.join(REQUEST_KINDS)}.",
            )
        try:
            deadlines[str(kind)] = Deadline.parse(str(text))
        except ValueError as exc:
            raise PolicyError(f"Policy file {source}: {exc}.") from None
    return deadlines


@cache
def load_policy(policy_id: str) -> Policy:
    path = _policy_dir() / f"{policy_id}.yaml"
    if not path.is_file():
        known = ", ".join(p.id for p in list_policies())
        raise PolicyError(f"There is no policy preset called {policy_id!r}.", f"Known: {known}.")
    policy = _parse(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    if policy.id != policy_id:
        raise PolicyError(
            f"Policy file {path.name} declares id {policy.id!r}.", "Reinstall Candor."
        )
    return policy


def list_policies() -> list[Policy]:
    paths = sorted(_policy_dir().glob("*.yaml"))
    policies = [_parse(yaml.safe_load(p.read_text(encoding="utf-8")), p.name) for p in paths]
    order = {"general": 0, "eu": 1}
    return sorted(policies, key=lambda p: (order.get(p.id, 9), p.id))
