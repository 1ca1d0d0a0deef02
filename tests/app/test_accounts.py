"""Accounts: roles and their rights, user administration, password rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.accounts import ROLE_PERMISSIONS, Permission, Role, User, validate_name
from app.errors import (
    AccountDisabled,
    InvalidInput,
    PermissionDenied,
    WrongCredentials,
)
from app.workspace import Session, Workspace

from .conftest import ADMIN, ADMIN_PASSWORD

PASSWORD = "a long enough password"


def sign_in(path: Path, name: str, password: str) -> Session:
    return Workspace.open(path, name, password)


def test_added_user_signs_in_with_their_own_password(session: Session) -> None:
    added = session.users.add("rita", Role.RECRUITER, PASSWORD)
    assert (added.name, added.role, added.disabled) == ("rita", Role.RECRUITER, False)
    with sign_in(session.path, "rita", PASSWORD) as rita:
        assert rita.user == added
    with pytest.raises(WrongCredentials):
        sign_in(session.path, "rita", ADMIN_PASSWORD)


def test_list_shows_every_user(session: Session) -> None:
    session.users.add("rita", "recruiter", PASSWORD)
    session.users.add("rene", Role.REVIEWER, PASSWORD)
    users = session.users.list()
    assert [(u.name, u.role) for u in users] == [
        (ADMIN, Role.ADMINISTRATOR), ("rene", Role.REVIEWER), ("rita", Role.RECRUITER),
    ]  # fmt: skip
    assert all(isinstance(u, User) for u in users)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.REVIEWER, Role.KIOSK])
def test_only_administrators_manage_users(session: Session, role: Role) -> None:
    session.users.add("someone", role, PASSWORD)
    with sign_in(session.path, "someone", PASSWORD) as other:
        for attempt in (
            lambda: other.users.list(),
            lambda: other.users.add("new", Role.KIOSK, PASSWORD),
            lambda: other.users.disable(ADMIN),
            lambda: other.users.reset_password(ADMIN, "hijacked password"),
        ):
            with pytest.raises(PermissionDenied) as caught:
                attempt()
            assert role.value in caught.value.message
    with sign_in(session.path, ADMIN, ADMIN_PASSWORD):  # nothing changed
        pass


def test_last_active_administrator_cannot_be_disabled(session: Session) -> None:
    with pytest.raises(InvalidInput, match="last active administrator"):
        session.users.disable(ADMIN)
    session.users.add("second", Role.ADMINISTRATOR, PASSWORD)
    session.users.disable("second")
    with pytest.raises(InvalidInput, match="last active administrator"):
        session.users.disable(ADMIN)
    session.users.reset_password("second", PASSWORD, enable=True)
    assert session.users.disable(ADMIN).disabled


def test_disabled_user_cannot_open_the_workspace(session: Session) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    disabled = session.users.disable("rita")
    assert disabled.disabled
    assert [u.disabled for u in session.users.list() if u.name == "rita"] == [True]
    slot = json.loads((session.path / "keyslots.json").read_text())["slots"]["rita"]
    assert "wrapped" not in slot
    with pytest.raises(AccountDisabled):
        sign_in(session.path, "rita", PASSWORD)
    with pytest.raises(WrongCredentials):
        sign_in(session.path, "rita", "not her password")


def test_reset_password_replaces_the_old_one(session: Session) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    session.users.reset_password("rita", "the new password")
    with pytest.raises(WrongCredentials):
        sign_in(session.path, "rita", PASSWORD)
    sign_in(session.path, "rita", "the new password").close()


def test_reset_password_reenables_only_when_asked(session: Session) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    session.users.disable("rita")
    assert session.users.reset_password("rita", "the new password").disabled
    with pytest.raises(AccountDisabled):
        sign_in(session.path, "rita", "the new password")
    assert not session.users.reset_password("rita", "newer password", enable=True).disabled
    with sign_in(session.path, "rita", "newer password") as rita:
        assert not rita.user.disabled


def test_change_own_password(session: Session) -> None:
    session.users.add("kiosk-1", Role.KIOSK, PASSWORD)
    admin_slot = json.loads((session.path / "keyslots.json").read_text())["slots"][ADMIN]
    with sign_in(session.path, "kiosk-1", PASSWORD) as kiosk:
        with pytest.raises(InvalidInput, match="current password"):
            kiosk.users.change_own_password("not the password", "another password")
        kiosk.users.change_own_password(PASSWORD, "another password")
    with pytest.raises(WrongCredentials):
        sign_in(session.path, "kiosk-1", PASSWORD)
    sign_in(session.path, "kiosk-1", "another password").close()
    assert json.loads((session.path / "keyslots.json").read_text())["slots"][ADMIN] == admin_slot


def test_password_rules(session: Session) -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        session.users.add("rita", Role.RECRUITER, "short")
    with pytest.raises(InvalidInput, match="at least 8"):
        session.users.change_own_password(ADMIN_PASSWORD, "1234567")
    with pytest.raises(InvalidInput, match="differ"):
        session.users.change_own_password(ADMIN_PASSWORD, ADMIN_PASSWORD)
    with pytest.raises(InvalidInput, match="at least 8"):
        session.users.reset_password(ADMIN, "")


def test_user_names_are_validated_and_unique(session: Session) -> None:
    for bad in ["", "   ", "has space", "semi;colon", "-leading", "x" * 65]:
        with pytest.raises(InvalidInput):
            session.users.add(bad, Role.REVIEWER, PASSWORD)
    session.users.add("rita", Role.REVIEWER, PASSWORD)
    with pytest.raises(InvalidInput, match="already exists"):
        session.users.add("RITA", Role.REVIEWER, PASSWORD)
    with pytest.raises(InvalidInput, match="Unknown role"):
        session.users.add("rené", "superuser", PASSWORD)
    assert validate_name("  rené.o'  ".replace("'", "")) == "rené.o"
    with pytest.raises(InvalidInput, match="no user"):
        session.users.disable("nobody")


def test_failed_add_leaves_no_key_slot(session: Session) -> None:
    session.users.add("rita", Role.REVIEWER, PASSWORD)
    with pytest.raises(InvalidInput):
        session.users.add("Rita", Role.REVIEWER, PASSWORD)
    slots = json.loads((session.path / "keyslots.json").read_text())["slots"]
    assert sorted(slots) == [ADMIN, "rita"]


def test_role_rights() -> None:
    assert ROLE_PERMISSIONS[Role.ADMINISTRATOR] == frozenset(Permission)
    assert ROLE_PERMISSIONS[Role.KIOSK] == frozenset({Permission.RUN_KIOSK})
    assert Permission.READ_CANDIDATES in ROLE_PERMISSIONS[Role.REVIEWER]
    assert Permission.ADD_CANDIDATES not in ROLE_PERMISSIONS[Role.REVIEWER]
    assert Permission.MANAGE_USERS not in ROLE_PERMISSIONS[Role.RECRUITER]
