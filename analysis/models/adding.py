"""`candor models add PATH`: an administrator puts a model Candor can use into the model folder.

Recognised, each checked before anything is copied:
- a CTranslate2 Whisper folder (model.bin, config.json, tokenizer.json, vocabulary.*), e.g.
  faster-whisper-small: speech, and multilingual speech when its vocabulary is multilingual;
- a spaCy pipeline folder (meta.json + config.cfg): resume language analysis;
- a sentence-embedding folder (model.onnx taking input_ids/attention_mask + tokenizer.json);
- DeepFace weights files by their DeepFace names (SFace, ArcFace, YuNet, Emotion ...), one
  file or a folder of them: they go to the DeepFace home in the model folder.
Anything else is refused with `InvalidModel`. A folder model is copied into a hidden temp
folder and renamed into place; files are written through temp files: never half a model.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analysis.models.capabilities import Capability, InvalidModel
from analysis.models.catalogue import BUILT_IN_FOR, DEEPFACE_FILES, DEEPFACE_WEIGHTS
from analysis.models.hashing import BLOCK, HashCache
from analysis.models.manifest import ADDED, PARTIAL_SUFFIX, ManifestEntry, atomic_writer

WHISPER_MULTILINGUAL_VOCABULARY = 51865  # English-only Whisper models have 51864 tokens
ACCEPTED = (
    "Candor accepts a CTranslate2 Whisper folder (e.g. faster-whisper-small), a spaCy pipeline "
    "folder, a folder with model.onnx and tokenizer.json for sentence embeddings, or DeepFace "
    "weights files under their DeepFace names (e.g. face_recognition_sface_2021dec.onnx)."
)


@dataclass(frozen=True)
class AddPlan:
    entry: ManifestEntry  # files hold "" until copied
    sources: dict[str, Path]  # file name in entry.folder -> file to copy


def _today() -> str:
    return f"added {datetime.date.today().isoformat()}"


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")
    if not cleaned:
        raise InvalidModel(f"{name!r} cannot be used as a model name.", ACCEPTED)
    return cleaned


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidModel(
            f"{path.parent.name}/{path.name} cannot be read as JSON ({exc}).",
            "Add a complete copy of the model folder.",
        ) from exc


def _entry(key: str, capabilities: tuple[Capability, ...], **fields: Any) -> ManifestEntry:
    if key in {b.key for b in BUILT_IN_FOR.values()}:
        key += "-added"  # never the folder provisioning owns
    fields.setdefault("folder", key)
    fields.setdefault("licence", "unknown (added by an administrator)")
    fields.setdefault("version", _today())
    return ManifestEntry(
        key=key, capabilities=tuple(str(c) for c in capabilities), origin=ADDED, **fields
    )


def _whisper(folder: Path) -> AddPlan | None:
    if not ((folder / "model.bin").is_file() and (folder / "config.json").is_file()):
        return None
    with (folder / "model.bin").open("rb") as stream:
        header = stream.read(64)
    spec_length = int.from_bytes(header[4:6], "little")
    if header[6 : 6 + spec_length].rstrip(b"\0") != b"WhisperSpec":
        raise InvalidModel(
            f"{folder.name}/model.bin is not a CTranslate2 Whisper model.",
            "Convert Whisper with ct2-transformers-converter, or add a faster-whisper folder.",
        )
    _read_json(folder / "config.json")
    vocabulary = next(
        (folder / n for n in ("vocabulary.txt", "vocabulary.json") if (folder / n).is_file()), None
    )
    missing = [n for n in ("tokenizer.json",) if not (folder / n).is_file()]
    if vocabulary is None:
        missing.append("vocabulary.txt")
    if missing:
        raise InvalidModel(
            f"The Whisper folder {folder.name} has no {' or '.join(missing)}.",
            "Add the complete folder as converted by CTranslate2 (faster-whisper's layout).",
        )
    assert vocabulary is not None
    _read_json(folder / "tokenizer.json")
    if vocabulary.suffix == ".json":
        size = len(_read_json(vocabulary))
    else:
        with vocabulary.open(encoding="utf-8") as lines:
            size = sum(1 for _ in lines)
    multilingual = size >= WHISPER_MULTILINGUAL_VOCABULARY
    base = _safe_name(folder.name.lower().removeprefix("faster-").removeprefix("whisper-"))
    names = ["model.bin", "config.json", "tokenizer.json", vocabulary.name]
    names += [n for n in ("preprocessor_config.json",) if (folder / n).is_file()]
    capabilities = (Capability.SPEECH,) + (
        (Capability.SPEECH_MULTILINGUAL,) if multilingual else ()
    )
    entry = _entry(
        f"whisper-{base}",
        capabilities,
        name=f"whisper-{base}",
        main="model.bin",
        files=dict.fromkeys(names, ""),
        runtime="ctranslate2",
        library_name=base,
        roles={
            "model": "model.bin",
            "config": "config.json",
            "tokenizer": "tokenizer.json",
            "vocabulary": vocabulary.name,
        },
        rank=(folder / "model.bin").stat().st_size // 1024**2,  # bigger Whisper, better words
        multilingual=multilingual,
    )
    return AddPlan(entry, {name: folder / name for name in names})


def _spacy(folder: Path) -> AddPlan | None:
    if not ((folder / "meta.json").is_file() and (folder / "config.cfg").is_file()):
        # an installed pipeline package: the pipeline is its one versioned subfolder
        inner = [
            p
            for p in folder.iterdir()
            if p.is_dir() and (p / "meta.json").is_file() and (p / "config.cfg").is_file()
        ]
        if len(inner) != 1:
            return None
        folder = inner[0]
    meta = _read_json(folder / "meta.json")
    try:
        lang, name, version = str(meta["lang"]), str(meta["name"]), str(meta["version"])
    except (KeyError, TypeError) as exc:
        raise InvalidModel(
            f"{folder.name}/meta.json does not name the pipeline's lang, name and version.",
            "Add the pipeline folder as spaCy saved it (nlp.to_disk).",
        ) from exc
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    library_name = _safe_name(f"{lang}_{name}")
    entry = _entry(
        f"spacy-{library_name}-{_safe_name(version)}",
        (Capability.RESUME_NLP,),
        name=library_name,
        version=version,
        licence=str(meta.get("license", "unknown")),
        main="",
        files=dict.fromkeys(files, ""),
        runtime="spacy",
        library_name=library_name,
        rank=1,
    )
    return AddPlan(entry, {name: folder / name for name in files})


def _embeddings(folder: Path) -> AddPlan | None:
    model, tokenizer = folder / "model.onnx", folder / "tokenizer.json"
    if not (model.is_file() and tokenizer.is_file()):
        return None
    import onnx  # heavy, and only an administrator's add needs it

    try:
        graph = onnx.load(str(model), load_external_data=False).graph
    except Exception as exc:  # onnx raises DecodeError and friends for damaged files
        raise InvalidModel(
            f"{folder.name}/model.onnx is not a readable ONNX model.", str(exc)
        ) from exc
    inputs = {i.name for i in graph.input}
    if not {"input_ids", "attention_mask"} <= inputs:
        raise InvalidModel(
            f"{folder.name}/model.onnx does not take input_ids and attention_mask.",
            "Add a sentence-transformer exported to ONNX with its tokenizer.json.",
        )
    _read_json(tokenizer)
    name = _safe_name(folder.name)
    entry = _entry(
        f"embeddings-{name}",
        (Capability.SENTENCE_EMBEDDINGS,),
        name=name,
        main="model.onnx",
        files={"model.onnx": "", "tokenizer.json": ""},
        runtime="onnxruntime",
        library_name=name,
        roles={"model": "model.onnx", "tokenizer": "tokenizer.json"},
        rank=1,
    )
    return AddPlan(entry, {"model.onnx": model, "tokenizer.json": tokenizer})


def _check_deepface_file(path: Path) -> None:
    if path.stat().st_size == 0:
        raise InvalidModel(f"{path.name} is empty.", "Add a complete copy of the file.")
    try:
        if path.suffix == ".onnx":
            import onnx

            onnx.checker.check_model(str(path))
        elif path.name == "dlib_face_recognition_resnet_model_v1.dat":
            import dlib

            dlib.face_recognition_model_v1(str(path))
        elif path.name == "shape_predictor_5_face_landmarks.dat":
            import dlib

            dlib.shape_predictor(str(path))
    except ImportError:
        return  # the runtime is missing: the capability will say so
    except Exception as exc:  # onnx/dlib raise their own types for damaged files
        raise InvalidModel(
            f"{path.name} is damaged or not the model DeepFace expects ({exc}).",
            "Add an intact copy of the file.",
        ) from exc


def _deepface(paths: list[Path]) -> list[AddPlan]:
    plans = []
    for path in paths:
        known = DEEPFACE_FILES[path.name]
        _check_deepface_file(path)
        capabilities = (known.capability,) if known.capability else ()
        entry = _entry(
            f"deepface-{path.name}",
            capabilities,
            folder=DEEPFACE_WEIGHTS,
            name=f"DeepFace {known.library_name}",
            main=path.name,
            files={path.name: ""},
            runtime=known.runtime,
            library_name=known.library_name,
            roles={"model": path.name},
            rank=known.rank,
        )
        plans.append(AddPlan(entry, {path.name: path}))
    return plans


def plan(path: Path) -> list[AddPlan]:
    """What adding `path` would do; raises InvalidModel for anything not recognised."""
    path = path.expanduser()
    if not path.exists():
        raise InvalidModel(f"{path} does not exist.", "Give the path of a model file or folder.")
    if path.is_file():
        if path.name in DEEPFACE_FILES:
            return _deepface([path])
        raise InvalidModel(f"Candor does not recognise {path.name} as a model.", ACCEPTED)
    for recognise in (_whisper, _spacy, _embeddings):
        found = recognise(path)
        if found is not None:
            return [found]
    weights = sorted(p for p in path.iterdir() if p.is_file() and p.name in DEEPFACE_FILES)
    if weights:
        return _deepface(weights)
    raise InvalidModel(f"Candor does not recognise the folder {path.name} as a model.", ACCEPTED)


def execute(model_dir: Path, item: AddPlan, hashes: HashCache) -> ManifestEntry:
    """Copy a planned model into the model folder; returns its entry with the checksums."""
    target = model_dir / item.entry.folder
    if item.entry.folder == DEEPFACE_WEIGHTS:
        files = {}
        for name, source in item.sources.items():
            files[name] = _copy(source, target / name)
            hashes.remember(target / name, files[name])
        return replace(item.entry, files=files)
    model_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(dir=model_dir, prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX)
    )
    try:
        files = {name: _copy(source, staging / name) for name, source in item.sources.items()}
        if target.exists():
            retired = staging.with_name(f".{target.name}.old{PARTIAL_SUFFIX}")
            shutil.rmtree(retired, ignore_errors=True)
            target.replace(retired)
            staging.replace(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for name, sha in files.items():
        hashes.remember(target / name, sha)
    return replace(item.entry, files=files)


def _copy(source: Path, target: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(target) as out, source.open("rb") as stream:
        while block := stream.read(BLOCK):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()
