"""`candor transcribe`, `assess`, `analyse` and `report`, run in-process with real models."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.keys import KdfParams
from app.workspace import Workspace
from tests.app import pipeline_support as support
from tests.app.cli_support import run

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


def test_transcribe_prints_the_documented_json_for_each_file(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provisioned_model_dir: Path,
    network_off: list[object],
) -> None:
    clips = [
        str(support.SPEECH / support.SHORT_CLIP),
        str(support.SPEECH / "jfk_inaugural_1961.flac"),
    ]
    code, out, err = run(
        monkeypatch,
        capsys,
        ["transcribe", *clips, "--format", "json", "--model-dir", str(provisioned_model_dir)],
    )
    assert code == 0, err
    records = json.loads(out)
    assert [r["file"] for r in records] == clips
    for record in records:
        assert set(record) == {"file", "language", "text", "words"}
        assert record["language"] == "en" and record["text"].strip()
        assert set(record["words"][0]) == {"word", "start", "end", "probability"}
        starts = [w["start"] for w in record["words"]]
        assert starts == sorted(starts)
    assert "ask not what your country can do for you" in records[1]["text"].lower()
    assert network_off == []


def test_assess_writes_one_line_per_answer_and_reports_a_bad_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provisioned_model_dir: Path,
) -> None:
    good = {
        "question": "How do you handle an angry customer?",
        "key_points": ["listen", "apologise", "solve the problem"],
        "text": "I listen first and let them finish. Then I apologise for the trouble and "
        "fix the problem, or find someone who can, and follow up the next day.",
    }
    off_topic = {**good, "text": "My favourite food is pizza with olives and I like hiking."}
    no_points = {"question": "Why this role?", "text": "I enjoy helping people every day."}
    lines = [json.dumps(good), "{not json", json.dumps(off_topic), json.dumps(no_points)]
    code, out, err = run(
        monkeypatch,
        capsys,
        ["assess", "--model-dir", str(provisioned_model_dir)],
        "\n".join(lines) + "\n",
    )
    assert code == 1  # a bad line is an error, and the others are still assessed
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4
    assert records[1] == {"line": 2, "error": records[1]["error"]}
    assert "line 2" in err and "JSON" in err
    answers = [records[0], records[2], records[3]]
    for record in answers:
        assert {"relevance", "coverage", "coherence", "overall"} <= set(record)
        assert {"covered_key_points", "evidence"} <= set(record)
        for name in ("relevance", "coherence", "overall"):
            assert 0.0 <= record[name] <= 1.0
    assert records[0]["overall"] > records[2]["overall"]
    assert records[0]["covered_key_points"]
    assert records[3]["coverage"] is None  # no key points given: coverage not scored


def test_analyse_then_report_from_the_command_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provisioned_model_dir: Path,
) -> None:
    workspace = tmp_path / "ws"
    with Workspace.create(workspace, "admin", PASSWORD, kdf=KdfParams.insecure_fast()) as s:
        candidate = s.candidates.add("Ada Lovelace", {})
    questions = tmp_path / "questions.yaml"
    questions.write_text(
        "questions:\n"
        "  - text: Tell us about a time you moved somewhere new.\n"
        "    key_points: [leaving home, the reasons]\n",
        encoding="utf-8",
    )
    base = ["--workspace", str(workspace), "--user", "admin", "--password-stdin"]
    code, out, err = run(
        monkeypatch,
        capsys,
        [
            "analyse",
            *base,
            "--model-dir",
            str(provisioned_model_dir),
            "--candidate",
            str(candidate),
            "--questions",
            str(questions),
            str(support.SPEECH / support.CLIP),
        ],
        PASSWORD + "\n",
    )
    assert code == 0, err
    assert "Analysis run 1 complete." in out
    assert "q01: transcribe ok, assess ok, video no_video" in out
    assert "identity: not_consented" in out

    pdf = tmp_path / "report.pdf"
    code, out, err = run(
        monkeypatch, capsys, ["report", str(candidate), "--out", str(pdf), *base], PASSWORD + "\n"
    )
    assert code == 0, err
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    assert "Ada Lovelace" in text and "Interview score" in text

    code, _, err = run(
        monkeypatch,
        capsys,
        ["analyse", *base, "--candidate", str(candidate), str(support.SPEECH / support.CLIP)],
        PASSWORD + "\n",
    )
    assert code == 1 and "questions file" in err
