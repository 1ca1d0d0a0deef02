"""The encrypted media store, on real files with real AES-GCM."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import textwrap
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.errors import Cancelled, CandorError
from analysis.tasks import TaskState
from app.media import (
    DEFAULT_CHUNK_SIZE,
    MediaCorrupt,
    MediaDiskFull,
    MediaError,
    MediaIncomplete,
    MediaNotFound,
    MediaRef,
    MediaStore,
)
from app.media_format import HEADER_SIZE, TAG_SIZE, ChunkCipher, Header, parse_header

REPO_ROOT = Path(__file__).resolve().parents[2]
SMALL_CHUNK = 64
CANDIDATE = 7


class KeyDestroyed(CandorError):
    pass


class MemoryKeys:
    """A key provider like the workspace's: one random key per candidate, destroyable."""

    def __init__(self) -> None:
        self._keys: dict[int, bytes | None] = {}

    def key_for(self, candidate_id: int) -> bytes:
        key = self._keys.setdefault(candidate_id, os.urandom(32))
        if key is None:
            raise KeyDestroyed("This candidate was erased.")
        return key

    def destroy(self, candidate_id: int) -> None:
        self._keys[candidate_id] = None


def random_bytes(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def keys() -> MemoryKeys:
    return MemoryKeys()


@pytest.fixture
def store(tmp_path: Path, keys: MemoryKeys) -> MediaStore:
    return MediaStore(tmp_path / "media", keys, chunk_size=SMALL_CHUNK)


def file_of(store: MediaStore, ref: MediaRef) -> Path:
    return store.root / str(ref.candidate_id) / f"{ref.file_id}.cmedia"


def pending(ref: MediaRef) -> MediaRef:
    """The ref as the database holds it while a recording is still being written."""
    return MediaRef(ref.candidate_id, ref.file_id, ref.kind)


@pytest.mark.parametrize(
    "size",
    [0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, SMALL_CHUNK + 1, 5 * SMALL_CHUNK, 5 * SMALL_CHUNK + 7],
)
def test_round_trip_returns_the_exact_bytes(store: MediaStore, size: int) -> None:
    data = random_bytes(size)
    ref = store.put_bytes(CANDIDATE, "resume", data)
    assert store.read_bytes(ref) == data
    assert ref.size == size
    assert ref.sha256 == hashlib.sha256(data).hexdigest()
    with store.open(ref) as reader:
        assert reader.size() == size
        assert reader.complete


def test_file_layout_is_header_then_fixed_size_chunks(tmp_path: Path, keys: MemoryKeys) -> None:
    store = MediaStore(tmp_path / "media", keys)
    data = random_bytes(3 * DEFAULT_CHUNK_SIZE + 100)
    ref = store.put_bytes(CANDIDATE, "video", data)
    raw = file_of(store, ref).read_bytes()
    header = parse_header(raw[:HEADER_SIZE])
    assert raw.startswith(b"CNDMEDIA")
    assert header.file_id.hex() == ref.file_id
    assert header.chunk_size == DEFAULT_CHUNK_SIZE
    # three full chunks and a final one of 100 bytes, each with its 16-byte tag
    assert len(raw) == HEADER_SIZE + 3 * (DEFAULT_CHUNK_SIZE + TAG_SIZE) + 100 + TAG_SIZE
    assert store.read_bytes(ref) == data


def test_writes_of_any_granularity_give_the_same_plaintext(store: MediaStore) -> None:
    data = random_bytes(10 * SMALL_CHUNK + 3)
    rng = random.Random(5)
    with store.writer(CANDIDATE, "audio") as writer:
        pos = 0
        while pos < len(data):
            step = rng.choice([0, 1, 7, SMALL_CHUNK - 1, SMALL_CHUNK, 3 * SMALL_CHUNK + 5])
            writer.write(memoryview(data)[pos : pos + step])
            pos += step
    assert store.read_bytes(writer.close()) == data


def test_20_mb_file_is_streamed_in_and_out_in_constant_memory(
    tmp_path: Path, keys: MemoryKeys
) -> None:
    store = MediaStore(tmp_path / "media", keys)
    source = tmp_path / "interview.webm"
    expected = hashlib.sha256()
    with source.open("wb") as out:
        for block_index in range(20):
            block = random_bytes(1024 * 1024, seed=block_index)
            expected.update(block)
            out.write(block)

    tracemalloc.start()
    try:
        ref = store.put_file(CANDIDATE, "video", source)
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        actual = hashlib.sha256()
        with store.open(ref) as reader:
            while block := reader.read(256 * 1024):
                actual.update(block)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert ref.size == 20 * 1024 * 1024
    assert ref.sha256 == expected.hexdigest() == actual.hexdigest()
    # a 1 MiB copy block and a chunk or two, never the 20 MB
    assert write_peak < 4 * 1024 * 1024
    assert read_peak < 2 * 1024 * 1024


def test_seek_and_read_behave_like_a_file_of_the_plaintext(store: MediaStore) -> None:
    data = random_bytes(20 * SMALL_CHUNK + 13)
    ref = store.put_bytes(CANDIDATE, "video", data)
    model = io.BytesIO(data)
    rng = random.Random(42)
    with store.open(ref) as reader:
        for _ in range(500):
            whence = rng.choice([io.SEEK_SET, io.SEEK_CUR, io.SEEK_END])
            offset = {
                io.SEEK_SET: rng.randrange(len(data) + 50),
                io.SEEK_CUR: rng.randrange(-model.tell(), 100),
                io.SEEK_END: rng.randrange(-len(data), 20),
            }[whence]
            assert reader.seek(offset, whence) == model.seek(offset, whence)
            count = rng.choice([-1, 0, 1, 5, SMALL_CHUNK, 3 * SMALL_CHUNK + 1, 10_000])
            assert reader.read(count) == model.read(count)
            assert reader.tell() == model.tell()


def test_a_read_decrypts_only_the_chunks_it_touches(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = random_bytes(100 * SMALL_CHUNK)
    ref = store.put_bytes(CANDIDATE, "video", data)
    opened: list[int] = []
    real_open = ChunkCipher.open

    def counting_open(self: ChunkCipher, index: int, sealed: bytes, final: bool) -> bytes | None:
        opened.append(index)
        return real_open(self, index, sealed, final)

    monkeypatch.setattr(ChunkCipher, "open", counting_open)
    with store.open(ref) as reader:
        assert opened == [100]  # the final chunk, which proves the size
        reader.seek(50 * SMALL_CHUNK + 3)
        for i in range(10):
            assert reader.read(1) == data[50 * SMALL_CHUNK + 3 + i : 50 * SMALL_CHUNK + 4 + i]
        assert opened == [100, 50]


def test_flipping_any_byte_fails_and_never_yields_wrong_bytes(store: MediaStore) -> None:
    data = random_bytes(3 * SMALL_CHUNK + 10)
    ref = store.put_bytes(CANDIDATE, "resume", data)
    path = file_of(store, ref)
    original = path.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        path.write_bytes(damaged)
        expected_error = MediaCorrupt if position >= HEADER_SIZE else MediaError
        with pytest.raises(expected_error):
            store.read_bytes(ref)
        # the recovery path may drop damaged chunks but must not return altered ones
        try:
            with store.open(ref, allow_incomplete=True) as reader:
                recovered = reader.read()
        except MediaError:
            continue
        assert not reader.complete
        assert data.startswith(recovered)
        assert len(recovered) % SMALL_CHUNK == 0


def test_swapped_chunks_are_detected(store: MediaStore) -> None:
    data = random_bytes(4 * SMALL_CHUNK + 10)
    ref = store.put_bytes(CANDIDATE, "video", data)
    path = file_of(store, ref)
    raw = path.read_bytes()
    stride = SMALL_CHUNK + TAG_SIZE
    first = raw[HEADER_SIZE : HEADER_SIZE + stride]
    second = raw[HEADER_SIZE + stride : HEADER_SIZE + 2 * stride]
    path.write_bytes(raw[:HEADER_SIZE] + second + first + raw[HEADER_SIZE + 2 * stride :])

    with store.open(ref) as reader:  # the final chunk is intact, so the size is known
        with pytest.raises(MediaCorrupt):
            reader.read(10)
        assert reader.tell() == 0
        reader.seek(2 * SMALL_CHUNK)
        assert reader.read() == data[2 * SMALL_CHUNK :]  # untouched chunks still read


def test_a_sealed_chunk_opens_only_at_its_index_finality_and_header() -> None:
    key = os.urandom(32)
    file_id = os.urandom(16)
    cipher = ChunkCipher(key, Header(file_id, SMALL_CHUNK))
    sealed = cipher.seal(3, b"x" * SMALL_CHUNK, final=False)
    assert cipher.open(3, sealed, final=False) == b"x" * SMALL_CHUNK
    assert cipher.open(3, sealed, final=True) is None
    assert cipher.open(4, sealed, final=False) is None
    # same key (same file id), other header: the header is authenticated too
    assert ChunkCipher(key, Header(file_id, SMALL_CHUNK + 1)).open(3, sealed, False) is None


def test_a_chunk_from_another_file_of_the_same_candidate_is_rejected(store: MediaStore) -> None:
    data = random_bytes(2 * SMALL_CHUNK + 1, seed=1)
    ref_a = store.put_bytes(CANDIDATE, "video", data)
    ref_b = store.put_bytes(CANDIDATE, "video", random_bytes(2 * SMALL_CHUNK + 1, seed=2))
    raw_a = bytearray(file_of(store, ref_a).read_bytes())
    raw_b = file_of(store, ref_b).read_bytes()
    raw_a[HEADER_SIZE : HEADER_SIZE + SMALL_CHUNK + TAG_SIZE] = raw_b[
        HEADER_SIZE : HEADER_SIZE + SMALL_CHUNK + TAG_SIZE
    ]
    file_of(store, ref_a).write_bytes(raw_a)
    with pytest.raises(MediaCorrupt):
        store.read_bytes(ref_a)


def test_a_file_copied_over_another_record_is_rejected(store: MediaStore) -> None:
    ref_a = store.put_bytes(CANDIDATE, "resume", b"resume of A")
    ref_b = store.put_bytes(CANDIDATE, "resume", b"resume of B")
    file_of(store, ref_a).write_bytes(file_of(store, ref_b).read_bytes())
    with pytest.raises(MediaCorrupt, match="another record"):
        store.read_bytes(ref_a)


def test_a_record_that_disagrees_with_its_file_is_refused(store: MediaStore) -> None:
    data = random_bytes(2 * SMALL_CHUNK + 5)
    ref = store.put_bytes(CANDIDATE, "resume", data)
    assert ref.size is not None
    with pytest.raises(MediaCorrupt, match="size"):
        store.open(replace(ref, size=ref.size - 1))
    with pytest.raises(MediaCorrupt, match="content"):
        store.read_bytes(replace(ref, sha256=hashlib.sha256(b"other").hexdigest()))


def test_truncation_anywhere_is_detected_and_recovery_keeps_exactly_the_full_chunks(
    store: MediaStore,
) -> None:
    full_chunks = 4
    data = random_bytes(full_chunks * SMALL_CHUNK + 20)
    ref = store.put_bytes(CANDIDATE, "video", data)
    path = file_of(store, ref)
    original = path.read_bytes()
    stride = SMALL_CHUNK + TAG_SIZE
    for length in range(len(original)):  # every cut: mid-chunk, on a boundary, no final chunk
        path.write_bytes(original[:length])
        for as_recorded in (ref, pending(ref)):
            with pytest.raises(MediaIncomplete):
                store.open(as_recorded)
        with store.open(pending(ref), allow_incomplete=True) as reader:
            kept = max(length - HEADER_SIZE, 0) // stride
            assert not reader.complete
            assert reader.size() == kept * SMALL_CHUNK
            assert reader.read() == data[: kept * SMALL_CHUNK]


def test_recover_turns_an_interrupted_file_into_a_complete_one(store: MediaStore) -> None:
    data = random_bytes(6 * SMALL_CHUNK + 5)
    ref = store.put_bytes(CANDIDATE, "audio", data)
    path = file_of(store, ref)
    path.write_bytes(path.read_bytes()[: HEADER_SIZE + 3 * (SMALL_CHUNK + TAG_SIZE) + 30])

    recovered = store.recover(pending(ref))

    assert recovered.file_id != ref.file_id
    assert recovered.size == 3 * SMALL_CHUNK
    assert store.read_bytes(recovered) == data[: 3 * SMALL_CHUNK]
    assert store.file_ids(CANDIDATE) == [recovered.file_id]
    assert store.recover(recovered) == recovered  # a complete file is left as it is


def test_wrong_key_is_detected(store: MediaStore) -> None:
    ref = store.put_bytes(CANDIDATE, "resume", random_bytes(3 * SMALL_CHUNK))
    other_keys = MediaStore(store.root, MemoryKeys(), chunk_size=SMALL_CHUNK)
    with pytest.raises(MediaCorrupt):
        other_keys.read_bytes(ref)
    with pytest.raises(MediaCorrupt):  # recovery does not mistake a wrong key for truncation
        other_keys.open(ref, allow_incomplete=True)


def test_a_file_moved_to_another_candidate_does_not_decrypt(store: MediaStore) -> None:
    ref = store.put_bytes(CANDIDATE, "resume", b"resume text")
    moved = MediaRef(CANDIDATE + 1, ref.file_id, ref.kind, ref.size, ref.sha256)
    file_of(store, moved).parent.mkdir(parents=True)
    file_of(store, ref).rename(file_of(store, moved))
    with pytest.raises(MediaCorrupt):
        store.read_bytes(moved)


def test_plaintext_never_reaches_disk(store: MediaStore) -> None:
    canary = b"CANARY-Jane-Doe-jane.doe@example.com"
    ref = store.put_bytes(CANDIDATE, "resume", canary * 500)
    with store.writer(CANDIDATE, "video") as writer:
        for _ in range(100):
            writer.write(canary)
    scratch_ref = store.scratch.put_bytes(CANDIDATE, "scratch", canary * 50)

    files = [p for p in store.root.rglob("*") if p.is_file()]
    assert len(files) == 3
    assert file_of(store.scratch, scratch_ref).is_relative_to(store.root)
    for path in files:
        assert canary not in path.read_bytes()
        assert b"CANARY" not in path.read_bytes()
        assert "CANARY" not in str(path) and "Jane" not in str(path)
    assert store.read_bytes(ref) == canary * 500


def test_scratch_files_use_a_session_key_and_are_cleared_when_the_store_opens(
    tmp_path: Path, keys: MemoryKeys, store: MediaStore
) -> None:
    scratch_ref = store.scratch.put_bytes(CANDIDATE, "scratch", b"extracted audio")
    assert store.scratch.read_bytes(scratch_ref) == b"extracted audio"
    # the same file placed in the main store does not open: not the candidate's key
    file_of(store, scratch_ref).parent.mkdir(parents=True)
    file_of(store, scratch_ref).write_bytes(file_of(store.scratch, scratch_ref).read_bytes())
    with pytest.raises(MediaCorrupt):
        store.read_bytes(scratch_ref)

    reopened = MediaStore(store.root, keys, chunk_size=SMALL_CHUNK)

    assert not (store.root / ".scratch").exists()
    with pytest.raises(MediaNotFound):
        reopened.scratch.read_bytes(scratch_ref)


def test_destroyed_key_makes_media_unreadable_with_the_providers_error(
    store: MediaStore, keys: MemoryKeys
) -> None:
    ref = store.put_bytes(CANDIDATE, "video", random_bytes(1000))
    kept = store.put_bytes(CANDIDATE + 1, "video", b"another candidate")
    store.scratch.put_bytes(CANDIDATE, "scratch", b"derived")

    keys.destroy(CANDIDATE)
    with pytest.raises(KeyDestroyed):
        store.open(ref)
    with pytest.raises(KeyDestroyed):
        store.writer(CANDIDATE, "video")
    store.delete_candidate(CANDIDATE)

    assert store.file_ids(CANDIDATE) == []
    assert store.scratch.file_ids(CANDIDATE) == []
    assert store.read_bytes(kept) == b"another candidate"


def test_disk_full_is_a_clear_error_and_earlier_files_stay_readable(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = store.put_bytes(CANDIDATE, "video", random_bytes(5 * SMALL_CHUNK))
    writer = store.writer(CANDIDATE, "video")
    writer.write(random_bytes(3 * SMALL_CHUNK))

    def disk_full(data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer._file, "write", disk_full)
    with pytest.raises(MediaDiskFull) as caught:
        writer.write(random_bytes(2 * SMALL_CHUNK))

    assert "disk is full" in caught.value.user_text()
    assert "Free some disk space" in caught.value.hint
    assert store.file_ids(CANDIDATE) == [earlier.file_id]  # the partial file is gone
    assert store.read_bytes(earlier) == random_bytes(5 * SMALL_CHUNK)
    with pytest.raises(ValueError):
        writer.write(b"more")


def test_disk_full_while_closing_removes_the_file(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = store.writer(CANDIDATE, "audio")
    writer.write(b"a short answer")  # buffered: the failure comes with the final chunk

    def disk_full(data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer._file, "write", disk_full)
    with pytest.raises(MediaDiskFull):
        writer.close()
    assert store.file_ids(CANDIDATE) == []


def test_an_exception_inside_the_writer_block_removes_the_file(store: MediaStore) -> None:
    with pytest.raises(RuntimeError), store.writer(CANDIDATE, "video") as writer:
        writer.write(random_bytes(5 * SMALL_CHUNK))
        raise RuntimeError("camera unplugged")
    assert store.file_ids(CANDIDATE) == []


def test_put_file_reports_progress_and_cancels_cleanly(tmp_path: Path, store: MediaStore) -> None:
    source = tmp_path / "answer.webm"
    source.write_bytes(random_bytes(3 * 1024 * 1024))
    fractions: list[float] = []
    ref = store.put_file(CANDIDATE, "video", source, TaskState(lambda f, _t: fractions.append(f)))
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert store.read_bytes(ref) == source.read_bytes()

    cancelled = TaskState()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        store.put_file(CANDIDATE, "video", source, cancelled)
    assert store.file_ids(CANDIDATE) == [ref.file_id]


def test_missing_file_and_unreadable_source_are_expected_errors(
    tmp_path: Path, store: MediaStore
) -> None:
    ref = store.put_bytes(CANDIDATE, "resume", b"x")
    store.delete(ref)
    with pytest.raises(MediaNotFound):
        store.open(ref)
    with pytest.raises(MediaError) as caught:
        store.put_file(CANDIDATE, "resume", tmp_path / "Jane_Doe_CV.pdf")
    assert "Jane" not in caught.value.user_text()  # file names can be candidate data


def test_ref_survives_a_json_round_trip_and_garbage_is_refused(store: MediaStore) -> None:
    ref = store.put_bytes(CANDIDATE, "resume", b"text")
    assert MediaRef.from_json(ref.to_json()) == ref
    assert MediaRef.from_json(pending(ref).to_json()) == pending(ref)
    for garbage in ["[]", "{}", '{"v": 1}', ref.to_json().replace(ref.file_id, "../../etc")]:
        with pytest.raises(ValueError):
            MediaRef.from_json(garbage)


CHILD = """
import sys
from pathlib import Path
from app.media import MediaStore

class Keys:
    def key_for(self, candidate_id):
        return bytes.fromhex(sys.argv[2])

store = MediaStore(Path(sys.argv[1]), Keys(), chunk_size=int(sys.argv[3]))
writer = store.writer(7, "video")
data = Path(sys.argv[4]).read_bytes()
for start in range(0, len(data), 100):  # a camera handing over frames
    writer.write(data[start:start + 100])
print(writer.pending_ref.to_json(), flush=True)
sys.stdin.read()  # recording goes on until the process is killed
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_recording_killed_midway_keeps_every_complete_chunk(tmp_path: Path) -> None:
    key = os.urandom(32)
    chunk = 1024
    frames = tmp_path / "frames.bin"
    data = random_bytes(7 * chunk + chunk // 2)
    frames.write_bytes(data)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(CHILD),
            str(tmp_path / "media"),
            key.hex(),
            str(chunk),
            str(frames),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO_ROOT,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    ref = MediaRef.from_json(line)

    class Keys:
        def key_for(self, candidate_id: int) -> bytes:
            return key

    store = MediaStore(tmp_path / "media", Keys(), chunk_size=chunk)
    with pytest.raises(MediaIncomplete):
        store.open(ref)
    with store.open(ref, allow_incomplete=True) as reader:
        assert not reader.complete
        assert reader.read() == data[: 7 * chunk]
    assert store.read_bytes(store.recover(ref)) == data[: 7 * chunk]
