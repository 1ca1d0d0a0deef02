"""After an answer is stored: remux its live WebM into a seekable one, still encrypted.

The recorder writes a *live* WebM (no duration, no cues: see `app.capture.encoder`)
so that a crash leaves a playable prefix. A player can then neither show the
length nor seek well. Once the answer is complete, `finalize_answer` copies the
packets (no re-encoding, so no quality loss and little CPU) into a WebM whose
header carries the duration and whose Cues index every keyframe.

No plaintext reaches the disk: the live file is decrypted as it is read, the
new WebM is muxed into memory (answers are a few MB a minute; above
`MAX_FINALIZE_BYTES` the live file is simply kept) and encrypted as it is written.

Crash safety: the live file stays valid until the caller has stored the new
reference (`commit`, one database transaction); only then is it deleted. A crash
before the commit leaves an unreferenced encrypted copy (harmless noise under the
candidate's key); a crash after it leaves the old file behind the same way.
Finalizing a file that already has its index returns its ref unchanged.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import av
import av.error

from analysis.errors import CandorError
from app.media import MediaIncomplete, MediaRef, MediaStore

log = logging.getLogger("candor.capture")

MAX_FINALIZE_BYTES = 256 * 1024 * 1024
"""Live recordings larger than this are kept as they are (the remux is held in memory)."""

# EBML (Matroska/WebM) element ids this module reads.
_EBML = 0x1A45DFA3
_SEGMENT = 0x18538067
_CLUSTER = 0x1F43B675
_CUES = 0x1C53BB6B
_UNKNOWN = -1


class RecordingNotFinalizable(CandorError):
    """The live recording cannot be made seekable; it was kept exactly as it was."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"The answer's recording could not be prepared for seeking: {problem}",
            "The recording was kept as it is and still plays from the start. "
            "If it was cut short, the candidate may record the answer again.",
        )


class _Seekable(Protocol):
    def read(self, size: int = -1, /) -> bytes | None: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


@dataclass(frozen=True)
class WebmLayout:
    """What the top of a WebM file says about it (read from its element headers only)."""

    clusters: int
    has_cues: bool


def finalize_answer(
    store: MediaStore,
    ref: MediaRef,
    *,
    commit: Callable[[MediaRef], object],
    max_bytes: int = MAX_FINALIZE_BYTES,
) -> MediaRef:
    """Make the answer at `ref` seekable; returns the ref to keep (new, or `ref` itself).

    `commit(new_ref)` must store the new ref in place of `ref` (one transaction);
    the live file is deleted only after it returns. If it raises, the new file
    is removed and the live one kept. `ref` is returned unchanged (and `commit`
    not called) when the file already has an index, or is larger than
    `max_bytes`. Raises RecordingNotFinalizable when the live file is cut short
    or damaged; the live file is then untouched. Runs in a fraction of a second
    per minute of answer: call it off the UI thread.
    """
    try:
        reader = store.open(ref)
    except MediaIncomplete:
        raise RecordingNotFinalizable(
            "its file ends before the recording was closed (it was interrupted)."
        ) from None
    with reader:
        if reader.size() > max_bytes:
            log.info("answer kept unindexed: %d bytes is above the finalize limit", reader.size())
            return ref
        layout = scan_webm(reader)
        if layout.has_cues:
            return ref
        if layout.clusters == 0:
            raise RecordingNotFinalizable("it holds no recorded pictures or sound.")
        reader.seek(0)
        output, packets = _remux(reader)
    try:
        _verify(output, packets)
        with store.writer(ref.candidate_id, ref.kind) as writer, output.getbuffer() as plain:
            writer.write(plain)
        new_ref = writer.close()
    finally:
        output.close()  # drop the plaintext copy as soon as it is encrypted
    try:
        commit(new_ref)
    except BaseException:
        store.delete(new_ref)
        raise
    store.delete(ref)
    log.info("answer recording indexed for seeking (%d packets)", sum(packets.values()))
    return new_ref


def scan_webm(stream: _Seekable) -> WebmLayout:
    """Walk a WebM's top-level elements by their headers (seeking past their bodies).

    Raises RecordingNotFinalizable when an element reaches past the end of the
    data: the file was cut short (a truncated last cluster is otherwise dropped
    silently by demuxers, which would make a shorter copy look complete).
    """
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    element, length = _element_header(stream, size)
    if element != _EBML or length == _UNKNOWN:
        raise RecordingNotFinalizable("it is not a WebM recording.")
    stream.seek(length, io.SEEK_CUR)
    element, length = _element_header(stream, size)
    if element != _SEGMENT:
        raise RecordingNotFinalizable("it is not a WebM recording.")
    end = size if length == _UNKNOWN else stream.tell() + length
    if end > size:
        raise RecordingNotFinalizable("it is cut short (its last part is missing).")
    clusters, cues = 0, False
    while stream.tell() < end:
        element, length = _element_header(stream, end)
        if length == _UNKNOWN:  # only a live Segment may be open-ended; not our muxer's clusters
            raise RecordingNotFinalizable("its structure could not be checked.")
        if stream.tell() + length > end:
            raise RecordingNotFinalizable("it is cut short (its last part is missing).")
        clusters += element == _CLUSTER
        cues = cues or element == _CUES
        stream.seek(length, io.SEEK_CUR)
    return WebmLayout(clusters, cues)


def _element_header(stream: _Seekable, end: int) -> tuple[int, int]:
    """(element id, body length or _UNKNOWN) at the stream's position."""
    element = _vint(stream, end, keep_marker=True)
    length = _vint(stream, end, keep_marker=False)
    return element, length


def _vint(stream: _Seekable, end: int, *, keep_marker: bool) -> int:
    first = stream.read(1)
    if not first:
        raise RecordingNotFinalizable("it is cut short (its last part is missing).")
    lead = first[0]
    width = 8 - lead.bit_length() + 1 if lead else 9
    if width > 8:
        raise RecordingNotFinalizable("it is damaged (an element header is invalid).")
    rest = stream.read(width - 1) or b""
    if len(rest) != width - 1 or stream.tell() > end:
        raise RecordingNotFinalizable("it is cut short (its last part is missing).")
    value = int.from_bytes(first + rest, "big")
    if keep_marker:
        return value
    value &= (1 << (7 * width)) - 1
    return _UNKNOWN if value == (1 << (7 * width)) - 1 else value


def _remux(reader: _Seekable) -> tuple[io.BytesIO, dict[int, int]]:
    """Copy every packet into a new WebM in memory (a seekable target: the muxer then
    writes the duration and the cues). Returns it with the packet count per stream."""
    output = io.BytesIO()
    packets: dict[int, int] = {}
    try:
        with av.open(reader, mode="r") as source, av.open(output, mode="w", format="webm") as out:
            targets = {s.index: out.add_stream_from_template(s) for s in source.streams}
            for packet in source.demux():
                if packet.dts is None:  # the flush marker at the end of each stream
                    continue
                index = packet.stream.index
                packets[index] = packets.get(index, 0) + 1
                packet.stream = targets[index]
                out.mux(packet)
    except (av.error.FFmpegError, EOFError, ValueError) as exc:
        output.close()
        raise RecordingNotFinalizable("its data could not be read.") from exc
    output.seek(0)
    return output, packets


def _verify(output: io.BytesIO, packets: dict[int, int]) -> None:
    """The copy must have a duration, an index and every packet of the original."""
    layout = scan_webm(output)
    output.seek(0)
    found: dict[int, int] = {}
    try:
        with av.open(output, mode="r") as check:
            duration = check.duration
            for packet in check.demux():
                if packet.dts is not None:
                    found[packet.stream.index] = found.get(packet.stream.index, 0) + 1
    except (av.error.FFmpegError, EOFError) as exc:
        raise RecordingNotFinalizable("the indexed copy could not be read back.") from exc
    if not layout.has_cues or not duration or found != packets:
        raise RecordingNotFinalizable("the indexed copy did not match the recording.")
    output.seek(0)
