"""Key slots: per-user password-wrapped copies of the data key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app.keys as keys_module
from app.errors import AccountDisabled, WorkspaceCorrupt, WorkspaceTooNew, WrongCredentials
from app.keys import DEFAULT_KDF, KdfParams, KeyStore, new_data_key


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path)


def slots_json(store: KeyStore) -> dict[str, dict[str, object]]:
    data = json.loads(store.path.read_text())
    slots: dict[str, dict[str, object]] = data["slots"]
    return slots


def test_data_key_is_random_256_bits() -> None:
    first, second = new_data_key(), new_data_key()
    assert len(first) == 32
    assert first != second


def test_password_unwraps_the_data_key(store: KeyStore, fast_kdf: KdfParams) -> None:
    key = new_data_key()
    store.put("alice", "alice password", key, fast_kdf)
    assert store.unwrap("alice", "alice password") == key
    assert store.unwrap("ALICE", "alice password") == key  # names match case-insensitively
    assert key.hex() not in store.path.read_text()
    assert "alice password" not in store.path.read_text()


def test_unknown_user_wrong_and_empty_password_look_the_same(
    store: KeyStore, fast_kdf: KdfParams
) -> None:
    store.put("alice", "alice password", new_data_key(), fast_kdf)
    messages = set()
    for name, password in [("alice", "wrong password"), ("mallory", "alice password"),
                           ("alice", ""), ("", "")]:  # fmt: skip
        with pytest.raises(WrongCredentials) as caught:
            store.unwrap(name, password)
        messages.add(caught.value.user_text())
    assert len(messages) == 1


def test_slot_is_bound_to_its_user_name(store: KeyStore, fast_kdf: KdfParams) -> None:
    store.put("alice", "same password", new_data_key(), fast_kdf)
    data = json.loads(store.path.read_text())
    data["slots"]["bob"] = data["slots"]["alice"]  # copy alice's slot under another name
    store.path.write_text(json.dumps(data))
    with pytest.raises(WorkspaceCorrupt):
        store.unwrap("bob", "same password")


def test_password_change_rewraps_only_that_users_slot(store: KeyStore, fast_kdf: KdfParams) -> None:
    key = new_data_key()
    store.put("alice", "alice password", key, fast_kdf)
    store.put("bob", "bob password", key, fast_kdf)
    bob_before = slots_json(store)["bob"]
    alice_before = slots_json(store)["alice"]
    store.put("alice", "alice new password", key, fast_kdf)
    assert slots_json(store)["bob"] == bob_before
    assert slots_json(store)["alice"]["salt"] != alice_before["salt"]
    assert store.unwrap("alice", "alice new password") == key
    with pytest.raises(WrongCredentials):
        store.unwrap("alice", "alice password")


def test_disabled_slot_cannot_open_anything(store: KeyStore, fast_kdf: KdfParams) -> None:
    store.put("alice", "alice password", new_data_key(), fast_kdf)
    store.disable("alice")
    assert "wrapped" not in slots_json(store)["alice"]
    assert "nonce" not in slots_json(store)["alice"]
    assert store.is_disabled("alice")
    with pytest.raises(AccountDisabled):  # only the right password learns "disabled"
        store.unwrap("alice", "alice password")
    with pytest.raises(WrongCredentials):
        store.unwrap("alice", "a wrong password")


def test_slot_records_its_argon2id_parameters(store: KeyStore) -> None:
    params = KdfParams(time_cost=2, memory_kib=64, parallelism=2)
    store.put("alice", "alice password", new_data_key(), params)
    slot = slots_json(store)["alice"]
    assert (slot["kdf"], slot["time_cost"], slot["memory_kib"], slot["parallelism"]) == (
        "argon2id", 2, 64, 2,
    )  # fmt: skip


def test_keyslots_file_is_private_and_left_without_temp_files(
    store: KeyStore, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    for n in range(3):
        store.put(f"user{n}", "some password", new_data_key(), fast_kdf)
    assert [p.name for p in tmp_path.iterdir()] == ["keyslots.json"]
    assert store.path.stat().st_mode & 0o077 == 0


def test_damaged_keyslots_file_is_reported(store: KeyStore, fast_kdf: KdfParams) -> None:
    store.put("alice", "alice password", new_data_key(), fast_kdf)
    data = json.loads(store.path.read_text())
    data["slots"]["alice"]["salt"] = "***not base64***"
    store.path.write_text(json.dumps(data))
    with pytest.raises(WorkspaceCorrupt):
        store.unwrap("alice", "alice password")


def test_newer_keyslot_format_is_refused(store: KeyStore, fast_kdf: KdfParams) -> None:
    store.put("alice", "alice password", new_data_key(), fast_kdf)
    data = json.loads(store.path.read_text())
    data["version"] = 99
    store.path.write_text(json.dumps(data))
    with pytest.raises(WorkspaceTooNew):
        store.unwrap("alice", "alice password")


def test_default_parameters_are_memory_hard() -> None:
    assert DEFAULT_KDF.memory_kib >= 64 * 1024
    assert DEFAULT_KDF.time_cost >= 3
    with pytest.raises(ValueError):
        KdfParams(time_cost=0)


def test_unknown_user_costs_a_derivation_too(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: timing is noisy on a loaded machine, the call count is not."""
    store.put("alice", "alice password", new_data_key(), KdfParams.insecure_fast())
    calls: list[int] = []
    real = keys_module.hash_secret_raw

    def counting(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys_module, "hash_secret_raw", counting)
    for name in ("alice", "nobody"):
        calls.clear()
        with pytest.raises(WrongCredentials):
            store.unwrap(name, "wrong password")
        # without the dummy derivation "nobody" would answer at once, revealing who exists
        assert len(calls) == 1, name
