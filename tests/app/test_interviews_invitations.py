"""Invitations and the kiosk's way in: one-time login codes, what a kiosk session exposes,
the operator PIN, and the CLI."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from app import cli
from app.errors import InvalidInput, PermissionDenied
from app.interviews import (
    InterviewStatus,
    LoginCodeExpired,
    LoginCodeInvalid,
    PinNotSet,
    TooManyKioskAttempts,
    WrongPin,
)
from app.interviews.kiosk import KioskSession
from app.workspace import Session, Workspace

from .conftest import ADMIN, ADMIN_PASSWORD
from .interviews_support import (
    KIOSK,
    PASSWORD,
    RECRUITER,
    REVIEWER,
    new_workspace,
    sign_in,
    two_questions,
)

CODE = re.compile(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}")
DAY = 86_400.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ws(tmp_path: Path, clock: FakeClock) -> Path:
    from app.keys import KdfParams

    path = tmp_path / "ws"
    with Workspace.create(path, ADMIN, ADMIN_PASSWORD, kdf=KdfParams.insecure_fast(),
                          clock=clock) as admin:  # fmt: skip
        from .interviews_support import add_users

        add_users(admin)
    return path


def open_as(path: Path, name: str, clock: FakeClock) -> Session:
    password = ADMIN_PASSWORD if name == ADMIN else PASSWORD
    return Workspace.open(path, name, password, clock=clock)


def test_a_login_code_opens_its_interview_once(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, RECRUITER, clock) as recruiter:
        question_set = recruiter.interviews.question_sets.create(two_questions())
        candidate = recruiter.candidates.add("Ada Lovelace", {})
        invitation = recruiter.interviews.invite(candidate, question_set.id)
        assert CODE.fullmatch(invitation.code)
        stored = recruiter.db.query("SELECT * FROM interview_sessions")
        plain = invitation.code.replace("-", "")
        assert not any(plain in str(value) for row in stored for value in row)
    with open_as(ws, KIOSK, clock) as kiosk:
        typed = " " + invitation.code.lower().replace("-", " ") + " "  # as a person types it
        opened = kiosk.interviews.open_kiosk_session(typed)
        assert isinstance(opened, KioskSession)
        assert opened.session_id == invitation.session_id
        with pytest.raises(LoginCodeInvalid, match="not valid"):
            kiosk.interviews.open_kiosk_session(invitation.code)
        actions = [e.action for e in kiosk.audit.entries()]
        assert "interview.opened" in actions and "interview.code_rejected" in actions
    with open_as(ws, RECRUITER, clock) as recruiter:
        summary = recruiter.interviews.get(invitation.session_id)
        assert summary.status is InterviewStatus.IN_PROGRESS


def test_wrong_codes_are_refused_and_then_slowed_down(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, KIOSK, clock) as kiosk:
        for typed in ("", "ABCD", "ABCD-EFG1", "ABCD-EFGH", "ZZZZ-ZZZZ"):
            with pytest.raises(LoginCodeInvalid) as caught:
                kiosk.interviews.open_kiosk_session(typed)
            assert "ask the recruiter" in caught.value.hint
        with pytest.raises(TooManyKioskAttempts, match="Wait 1 second") as waiting:
            kiosk.interviews.open_kiosk_session("ABCD-EFGH")
        assert waiting.value.retry_after == 1.0
        clock.now += 1.0
        with pytest.raises(LoginCodeInvalid):
            kiosk.interviews.open_kiosk_session("ABCD-EFGH")
    # A new process does not start from zero: the count lives in the workspace.
    with (
        open_as(ws, KIOSK, clock) as kiosk,
        pytest.raises(TooManyKioskAttempts, match="Wait 2 seconds"),
    ):
        kiosk.interviews.open_kiosk_session("ABCD-EFGH")


def test_an_expired_code_is_refused_and_a_new_one_can_be_issued(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, RECRUITER, clock) as recruiter:
        question_set = recruiter.interviews.question_sets.create(two_questions())
        candidate = recruiter.candidates.add("Ada Lovelace", {})
        invitation = recruiter.interviews.invite(candidate, question_set.id, valid_days=2)
    clock.now += 2 * DAY + 1
    with open_as(ws, KIOSK, clock) as kiosk:
        with pytest.raises(LoginCodeExpired, match="expired") as caught:
            kiosk.interviews.open_kiosk_session(invitation.code)
        assert "new invitation" in caught.value.hint
        with pytest.raises(LoginCodeInvalid):  # the expired code is gone for good
            kiosk.interviews.open_kiosk_session(invitation.code)
    with open_as(ws, RECRUITER, clock) as recruiter:
        assert recruiter.interviews.get(invitation.session_id).status is InterviewStatus.EXPIRED
        fresh = recruiter.interviews.reissue_code(invitation.session_id)
        assert fresh.code != invitation.code
    with open_as(ws, KIOSK, clock) as kiosk:
        assert kiosk.interviews.open_kiosk_session(fresh.code).session_id == fresh.session_id


def test_a_kiosk_session_exposes_its_own_interview_and_nothing_else(
    ws: Path, clock: FakeClock
) -> None:
    with open_as(ws, RECRUITER, clock) as recruiter:
        sets = recruiter.interviews.question_sets
        mine = sets.create(two_questions())
        other_set = sets.import_bank("teacher")
        ada = recruiter.candidates.add("Ada Lovelace", {"email": "ada@example.org"})
        bob = recruiter.candidates.add("Bob Other", {"email": "bob@example.org"})
        invitation = recruiter.interviews.invite(ada, mine.id)
        other = recruiter.interviews.invite(bob, other_set.id)
    with open_as(ws, KIOSK, clock) as kiosk:
        opened = kiosk.interviews.open_kiosk_session(invitation.code)
        public = {name for name in dir(opened) if not name.startswith("_")}
        assert public == {
            "acknowledge_notice", "automated_analysis_declined", "begin", "candidate_id",
            "check_devices", "close", "finish_self_identification",
            "confirm_devices", "current_question", "decline_consent", "decline_identity_consent",
            "extra_time_s",
            "finish_recording", "give_consent", "give_identity_consent",
            "identity_consent_request", "kept_answers", "last_result",
            "may_create_identity_template", "next_question", "notice", "on_answer_saved",
            "on_completed", "on_frame", "practice_enabled",
            "question_count", "recording", "resume_point", "retake", "session_id",
            "skip_practice", "start_practice", "start_recording", "step",
        }  # fmt: skip
        # Nothing it exposes names or reads a candidate (their id only, for analysis),
        # and no method takes an id.
        assert opened.question_count == len(mine.questions)
        assert opened.session_id == invitation.session_id
        assert opened.candidate_id == ada
        # The kiosk account itself can do nothing else with the workspace.
        for attempt in (
            lambda: kiosk.candidates.get(bob),
            lambda: kiosk.candidates.get(ada),
            lambda: kiosk.interviews.sessions(),
            lambda: kiosk.interviews.get(other.session_id),
            lambda: kiosk.interviews.answers(other.session_id),
            lambda: kiosk.interviews.consents(invitation.session_id),
            lambda: kiosk.interviews.question_sets.get(other_set.id),
            lambda: kiosk.interviews.invite(bob, other_set.id),
            lambda: kiosk.interviews.reissue_code(other.session_id),
            lambda: kiosk.interviews.set_kiosk_pin("24681357"),
            lambda: kiosk.interviews.answer_reader(1),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
        assert "candidate.read" not in [e.action for e in kiosk.audit.entries()]


def test_invitations_check_their_inputs(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, RECRUITER, clock) as recruiter:
        service = recruiter.interviews
        question_set = service.question_sets.create(two_questions())
        empty = service.question_sets.create(two_questions())
        for question in empty.questions:
            service.question_sets.delete_question(question.id)
        ada = recruiter.candidates.add("Ada Lovelace", {})
        with pytest.raises(InvalidInput, match="no questions"):
            service.invite(ada, empty.id)
        with pytest.raises(InvalidInput, match="at most 90 days"):
            service.invite(ada, question_set.id, valid_days=365)
        with pytest.raises(InvalidInput, match="Extra time"):
            service.invite(ada, question_set.id, extra_time_s=-10)
        with open_as(ws, ADMIN, clock) as admin:  # erasing is for administrators
            admin.candidates.delete(ada)
        with pytest.raises(Exception, match="erased"):
            service.invite(ada, question_set.id)
        assert service.sessions() == []


def test_erasing_the_candidate_ends_their_open_invitation(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, RECRUITER, clock) as recruiter:
        question_set = recruiter.interviews.question_sets.create(two_questions())
        ada = recruiter.candidates.add("Ada Lovelace", {})
        invitation = recruiter.interviews.invite(ada, question_set.id)
        with open_as(ws, ADMIN, clock) as admin:  # erasing is for administrators
            admin.candidates.delete(ada)
        assert recruiter.interviews.get(invitation.session_id).status is InterviewStatus.EXPIRED
    with open_as(ws, KIOSK, clock) as kiosk, pytest.raises(LoginCodeInvalid):
        kiosk.interviews.open_kiosk_session(invitation.code)


def test_operator_pin_is_hashed_verified_and_backs_off(ws: Path, clock: FakeClock) -> None:
    with open_as(ws, KIOSK, clock) as kiosk, pytest.raises(PinNotSet):
        kiosk.interviews.verify_pin("24681357")
    with open_as(ws, RECRUITER, clock) as recruiter, pytest.raises(PermissionDenied):
        recruiter.interviews.set_kiosk_pin("24681357")
    with open_as(ws, ADMIN, clock) as admin:
        with pytest.raises(InvalidInput, match="6 to 12 digits"):
            admin.interviews.set_kiosk_pin("1234")
        with pytest.raises(InvalidInput, match="only digits"):
            admin.interviews.set_kiosk_pin("24681x57")
        admin.interviews.set_kiosk_pin("24681357")
        stored = admin.get_setting("kiosk_pin")
        assert stored is not None and "24681357" not in stored
    with open_as(ws, KIOSK, clock) as kiosk:
        assert kiosk.interviews.kiosk_pin_is_set()
        kiosk.interviews.verify_pin("24681357")
        for _ in range(3):
            with pytest.raises(WrongPin):
                kiosk.interviews.verify_pin("11111111")
        with pytest.raises(TooManyKioskAttempts, match="Wait 1 second"):
            kiosk.interviews.verify_pin("24681357")  # even the right PIN waits
        clock.now += 1
        with pytest.raises(WrongPin):
            kiosk.interviews.verify_pin("22222222")
    with open_as(ws, KIOSK, clock) as kiosk:
        with pytest.raises(TooManyKioskAttempts, match="Wait 2 seconds"):
            kiosk.interviews.verify_pin("24681357")
        clock.now += 2
        kiosk.interviews.verify_pin("24681357")  # right: the count starts again
        with pytest.raises(WrongPin):
            kiosk.interviews.verify_pin("33333333")
        actions = [e.action for e in kiosk.audit.entries()]
        assert actions.count("kiosk.pin.failed") == 5
        assert actions.count("kiosk.pin.accepted") == 2


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            argv: list[str]) -> tuple[int, str, str]:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n"))
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_imports_exports_and_invites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "ws"
    with new_workspace(path) as admin:
        candidate = admin.candidates.add("Ada Lovelace", {})
    base = ["--workspace", str(path), "--user", RECRUITER, "--password-stdin"]

    code, out, _ = run_cli(monkeypatch, capsys, ["questions", *base, "import", "teacher"])
    assert code == 0 and "Imported question set #1 (6 questions)" in out
    code, yaml_text, _ = run_cli(monkeypatch, capsys, ["questions", *base, "export", "1"])
    assert code == 0 and yaml_text.startswith("format: candor-question-set")
    exported = tmp_path / "set.yaml"
    exported.write_text(yaml_text.replace("name: Teacher", "name: Teacher 2"), encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, ["questions", *base, "import", str(exported)])
    assert code == 0 and "#2" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml_text.replace("retakes: 1", "retakes: -1", 1), encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, ["questions", *base, "import", str(bad)])
    assert code == 1 and "retakes must be between 0 and 10" in err

    invite = ["interview", *base, "invite", "--candidate", str(candidate), "--question-set", "2"]
    code, out, _ = run_cli(monkeypatch, capsys, invite)
    assert code == 0
    codes = CODE.findall(out)
    assert len(codes) == 1 and "shown only this once" in out
    code, out, _ = run_cli(monkeypatch, capsys, ["interview", *base, "list"])
    assert code == 0 and "invited" in out and "0/6" in out
    assert codes[0] not in out and "Ada" not in out
    with sign_in(path, KIOSK) as kiosk:
        assert kiosk.interviews.open_kiosk_session(codes[0]).question_count == 6
    with sign_in(path, REVIEWER) as reviewer:
        assert [s.status for s in reviewer.interviews.sessions()] == [InterviewStatus.IN_PROGRESS]


def test_cli_sets_the_operator_pin_for_administrators_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "ws"
    with new_workspace(path) as admin:
        assert not admin.interviews.kiosk_pin_is_set()
    set_pin = ["interview", "--workspace", str(path), "--password-stdin", "set-pin"]

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n482913\n"))
    assert cli.main([*set_pin[:3], "--user", RECRUITER, *set_pin[3:]]) == 1
    assert "administrator" in capsys.readouterr().err.lower()

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ADMIN_PASSWORD}\n482913\n"))
    assert cli.main([*set_pin[:3], "--user", ADMIN, *set_pin[3:]]) == 0
    assert "Operator PIN set" in capsys.readouterr().out
    with sign_in(path, ADMIN) as admin:
        assert admin.interviews.kiosk_pin_is_set()
        admin.interviews.verify_pin("482913")
