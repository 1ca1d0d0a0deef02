"""Which device each runtime can use: CUDA when that runtime sees a GPU, else the CPU.

Each runtime has its own CUDA build (CTranslate2 for Whisper, onnxruntime's CUDA
execution provider, dlib compiled with CUDA, spaCy through CuPy); a GPU in the box
is not enough, the runtime must be able to use it. Probing is cheap and never
fails: a broken CUDA install means CPU, with a debug log line.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading

log = logging.getLogger("candor.models")

CPU = "cpu"
CUDA = "cuda"
RUNTIMES = ("ctranslate2", "onnxruntime", "dlib", "opencv", "spacy")


def _ctranslate2_has_cuda() -> bool:
    ctranslate2 = importlib.import_module("ctranslate2")
    return int(ctranslate2.get_cuda_device_count()) > 0


def _onnxruntime_has_cuda() -> bool:
    ort = importlib.import_module("onnxruntime")
    return "CUDAExecutionProvider" in ort.get_available_providers()


def _dlib_has_cuda() -> bool:
    dlib = importlib.import_module("dlib")
    return bool(dlib.DLIB_USE_CUDA) and int(dlib.cuda.get_num_devices()) > 0


def _spacy_has_cuda() -> bool:
    # spaCy runs on a GPU only through CuPy; without it there is nothing to probe
    if importlib.util.find_spec("cupy") is None:
        return False
    cupy = importlib.import_module("cupy")
    return int(cupy.cuda.runtime.getDeviceCount()) > 0


_PROBES = {
    "ctranslate2": _ctranslate2_has_cuda,
    "onnxruntime": _onnxruntime_has_cuda,
    "dlib": _dlib_has_cuda,
    "spacy": _spacy_has_cuda,
}


class DeviceProbe:
    """Memoised CUDA probe per runtime, honouring a forced device."""

    def __init__(self, prefer_device: str | None = None) -> None:
        if prefer_device not in (None, CPU, CUDA):
            raise ValueError(f"prefer_device must be None, 'cpu' or 'cuda', not {prefer_device!r}")
        self._prefer = prefer_device
        self._lock = threading.Lock()
        self._known: dict[str, bool] = {}

    def device(self, runtime: str) -> str:
        if self._prefer == CPU:
            return CPU
        return CUDA if self._has_cuda(runtime) else CPU

    def _has_cuda(self, runtime: str) -> bool:
        with self._lock:
            if runtime in self._known:
                return self._known[runtime]
        probe = _PROBES.get(runtime)
        found = False
        if probe is not None:
            try:
                found = probe()
            except Exception as exc:  # a missing or broken CUDA build means CPU
                log.debug("no CUDA for %s: %s", runtime, exc)
        with self._lock:
            self._known[runtime] = found
        return found
