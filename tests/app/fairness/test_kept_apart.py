"""Voluntary demographics are kept apart: only app/fairness reads the table, unseals the
values or touches their key (the permission side is in test_demographics_store.py).

Outside it, SQL may only count a candidate's rows or delete them (erasure and its
certificate): neither reads an answer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FAIRNESS = ROOT / "app" / "fairness"
SCHEMA = ROOT / "app" / "storage" / "m006_compliance.py"  # creates the table and its trigger
_SQL = re.compile(r"\b(?:from|join|into|update|table)\s+demographics\b", re.IGNORECASE)
_ALLOWED = re.compile(r"(?:count\(\*\)|delete)\s+from\s+demographics\b", re.IGNORECASE)


def _reads_the_table(source: str) -> bool:
    return len(_SQL.findall(source)) > len(_ALLOWED.findall(source))


_PRIVATE_NAMES = {"unseal", "read_for_audit", "load_people", "demographics_key"}


def _sources() -> list[Path]:
    files = [p for package in ("app", "views", "analysis") for p in (ROOT / package).rglob("*.py")]
    return [p for p in files if FAIRNESS not in p.parents and p != SCHEMA]


def test_no_module_outside_app_fairness_queries_the_demographics_table() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _sources() if _reads_the_table(p.read_text())]
    assert offenders == []


def _uses(path: Path) -> set[str]:
    """Private names this module imports or reads (assigning the key is allowed)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.fairness"):
            found |= {alias.name for alias in node.names} & _PRIVATE_NAMES
            if node.module in ("app.fairness.sealing", "app.fairness.population"):
                found |= {alias.name for alias in node.names} - {"derive_key"}
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in _PRIVATE_NAMES
            and not isinstance(node.ctx, ast.Store)
        ):
            found.add(node.attr)
    return found


def test_no_module_outside_app_fairness_unseals_answers_or_uses_their_key() -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(u) for p in _sources() if (u := _uses(p))}
    assert offenders == {}


def test_the_scan_finds_a_reader_when_there_is_one(tmp_path: Path) -> None:
    reader = tmp_path / "reader.py"
    reader.write_text(
        "from app.fairness.sealing import unseal\n"
        "def peek(session):\n"
        "    key = session.demographics_key\n"
        "    return session.db.query('SELECT sealed FROM demographics')\n"
    )
    assert _uses(reader) == {"unseal", "demographics_key"}
    assert _reads_the_table(reader.read_text())
    assert not _reads_the_table("SELECT count(*) FROM demographics WHERE candidate_id = ?")
    assert _reads_the_table("SELECT count(*) FROM demographics; SELECT sealed FROM demographics")
