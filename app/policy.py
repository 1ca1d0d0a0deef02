"""Workspace policy presets: jurisdiction rules as data (resources/policies/*.yaml).

A workspace runs under exactly one preset, chosen when it is created. Later
features ask the policy, never hard-code a jurisdiction: `policy.allows(...)`
before an analysis, `policy.identity_consent` before building a face template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


class PolicyError(CandorError):
    """A policy preset file is missing or malformed."""


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

    def allows(self, analysis: str) -> bool:
        if analysis not in ANALYSES:
            raise ValueError(f"unknown analysis {analysis!r}")
        return analysis in self.allowed_analyses

    def rendered_notice(self) -> str:
        """The notice with the retention periods filled in."""
        return self.notice_text.format_map(dict(self.retention_days))


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
        retention = {str(k): int(v) for k, v in data["retention_days"].items()}
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
        )
    except KeyError as exc:
        raise PolicyError(
            f"Policy file {source} lacks the field {exc.args[0]!r}.", "Reinstall Candor."
        ) from None


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
