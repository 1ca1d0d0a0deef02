"""Quality of video observations on the shared face and video data (figures for the notes).

Usage: .venv/bin/python benchmarks/bench_faces.py [--model-dir DIR] [--deepface]

- Verification: the 300 labelled pairs of DeepFace's test set (+ obama*/biden pairs):
  ROC-AUC, EER, TAR at FAR 1 % and the operating point at IDENTITY_THRESHOLD.
  --deepface also runs DeepFace.represent(model_name="Dlib") on the same pictures
  (its own opencv detection and crop-and-resize input) for comparison.
- Detection: precision/recall at IoU 0.5 and 0.3 on the 43 hand-drawn dlib/VOC boxes
  (Haar cascade alone vs Haar confirmed and boxed by HOG), face counts on the multi-face
  and no-face pictures, and how often faces are found in the low-light and blurred sets.
- Video: face presence and identity continuity on the three clips (Hamilton: reference
  from 3-6 s, performer 2.7-7.0 s, audience after 7.0 s) and on a splice of the two HDTF
  speakers at 8 s; expression distribution and flicker (descriptive, no gold labels).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from analysis.models import ModelRegistry, configure_deepface_env
from analysis.video import (
    IDENTITY_THRESHOLD,
    ExpressionAnalyzer,
    FaceDetector,
    FaceEmbedder,
    IdentityReference,
    TimedFrame,
    VideoObservations,
    VideoObserver,
    iter_video_frames,
    load_image,
)
from analysis.video.evaluation import (
    Pair,
    add_scores,
    equal_error_rate,
    match_detections,
    operating_point,
    read_imglab_boxes,
    read_pairs,
    roc_auc,
    tar_at_far,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
FACES, VIDEOS = DATA / "faces", DATA / "video"
HDTF_A = "hdtf_WDA_AlexandriaOcasioCortez_000.mp4"
HDTF_B = "hdtf_WDA_KatieHill_000.mp4"
HAMILTON = "whitehouse_short_hamilton_clip.mp4"


def verification_pairs() -> tuple[list[Pair], dict[str, Path]]:
    folder = FACES / "verification_deepface"
    pairs = read_pairs(folder / "master.csv")
    paths = {p.name: p for p in folder.glob("*.jpg")}
    white = FACES / "face_recognition_whitehouse"
    obamas = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama-720p.jpg", "obama_small.jpg"]
    for name in [*obamas, "biden.jpg"]:
        paths[f"wh/{name}"] = white / name
    for i, first in enumerate(obamas):
        pairs += [Pair(f"wh/{first}", f"wh/{other}", True) for other in obamas[i + 1 :]]
        pairs.append(Pair(f"wh/{first}", "wh/biden.jpg", False))
    return pairs, paths


def report_verification(name: str, pairs: list[Pair], distance: dict[Pair, float]) -> None:
    same = [distance[p] for p in pairs if p.same and p in distance]
    different = [distance[p] for p in pairs if not p.same and p in distance]
    eer, eer_threshold = equal_error_rate(same, different)
    point = operating_point(same, different, IDENTITY_THRESHOLD)
    print(
        f"  {name}: {len(same)} same / {len(different)} different pairs "
        f"({len(pairs) - len(distance)} without a face)\n"
        f"    ROC-AUC {roc_auc(same, different):.4f}  EER {eer:.3f} at {eer_threshold:.3f}  "
        f"TAR@FAR1% {tar_at_far(same, different, 0.01):.3f}\n"
        f"    at {IDENTITY_THRESHOLD}: TAR {point.true_accept_rate:.3f}  "
        f"FAR {point.false_accept_rate:.4f}  accuracy {point.accuracy:.4f}\n"
        f"    same: max {max(same):.3f}  different: min {min(different):.3f}"
    )


def verification(detector: FaceDetector, embedder: FaceEmbedder, deepface: bool) -> None:
    print("Verification (DeepFace test pairs + White House obama/biden)")
    pairs, paths = verification_pairs()
    embeddings: dict[str, np.ndarray] = {}
    spent = 0.0
    for name, path in paths.items():
        image = load_image(path, max_side=1024)
        faces = detector.detect(image, max_side=320)
        if faces:
            started = time.perf_counter()
            embeddings[name] = embedder.embed(image, faces[:1])[0]
            spent += time.perf_counter() - started
    distance = {
        p: float(np.linalg.norm(embeddings[p.first] - embeddings[p.second]))
        for p in pairs
        if p.first in embeddings and p.second in embeddings
    }
    report_verification("Candor (Haar+HOG box, dlib 5-point chip, dlib ResNet)", pairs, distance)
    print(f"    embedding: {1000 * spent / max(1, len(embeddings)):.0f} ms per face (align+net)")
    if deepface:
        from deepface import DeepFace

        theirs: dict[str, np.ndarray] = {}
        started = time.perf_counter()
        for name, path in paths.items():
            image = load_image(path, max_side=1024)
            try:
                found = DeepFace.represent(image, model_name="Dlib", detector_backend="opencv")
            except ValueError:
                continue
            largest = max(found, key=lambda f: f["facial_area"]["w"] * f["facial_area"]["h"])
            theirs[name] = np.asarray(largest["embedding"])
        per_image = (time.perf_counter() - started) / len(paths)
        distance = {
            p: float(np.linalg.norm(theirs[p.first] - theirs[p.second]))
            for p in pairs
            if p.first in theirs and p.second in theirs
        }
        report_verification("DeepFace.represent(Dlib, opencv)", pairs, distance)
        print(f"    DeepFace: {1000 * per_image:.0f} ms per picture (detect+align+net)")


def detection(detector: FaceDetector) -> None:
    print("Detection")
    folder = FACES / "detection_boxes_dlib_voc"
    truth: dict = {}
    for name in ("training.xml", "testing.xml"):
        truth.update(read_imglab_boxes(folder / name))
    images = {name: load_image(folder / name) for name in truth}
    for label, confirm in (("Haar alone", False), ("Haar + HOG (Candor)", True)):
        found = {
            n: detector.detect(img, max_side=max(img.shape), confirm=confirm)
            for n, img in images.items()
        }
        for iou in (0.5, 0.3):
            score = add_scores([match_detections(truth[n], found[n], iou) for n in truth])
            print(
                f"  VOC boxes, {label}, IoU>={iou}: precision {score.precision:.3f} "
                f"recall {score.recall:.3f} ({score.true_positives} TP, "
                f"{score.false_positives} FP, {score.false_negatives} FN of 43)"
            )
    counts = {
        "multi_face_and_odd/deepface_couple_2faces.jpg": "2",
        "face_recognition_whitehouse/two_people.jpg": "2",
        "multi_face_and_odd/deepface_img11_reflection.jpg": "2 (one a mirror image)",
        "multi_face_and_odd/deepface_selfie-many-people.jpg": ">=7",
        "no_face/dlib_dogs_4-dog-faces.jpg": "0",
        "no_face/mtcnn_no-faces_cartoon.jpg": "0",
        "face_recognition_whitehouse/obama_partial_face.jpg": "1 (cut by the edge)",
        "face_recognition_whitehouse/obama_partial_face2.jpg": "1 (cut by the edge)",
        "face_recognition_whitehouse/32bit.png": "1 (RGBA)",
        "multi_face_and_odd/deepface_img47_webp-named-jpg.jpg": "1 (WebP named .jpg)",
    }
    for name, expected in counts.items():
        image = load_image(FACES / name)
        found = len(detector.detect(image, max_side=640))
        print(f"  {Path(name).name}: {found} (expected {expected})")
    for folder_name in ("low_light", "blurred"):
        pictures = sorted((FACES / folder_name).glob("*.*"))
        observed = [still(detector, p) for p in pictures]
        faces = sum(1 for o in observed if o.face_visible_ratio > 0)
        flags = [",".join(str(f.issue) for f in o.quality_flags) or "-" for o in observed]
        print(f"  {folder_name}: face found in {faces}/{len(pictures)}; flags: {'; '.join(flags)}")


def still(detector: FaceDetector, path: Path) -> VideoObservations:
    observer = VideoObserver(detector)
    observer.observe(TimedFrame(0.0, load_image(path)))
    return observer.finish()


def observe(
    frames: list[TimedFrame], detector: FaceDetector, **kwargs: object
) -> VideoObservations:
    observer = VideoObserver(detector, **kwargs)  # type: ignore[arg-type]
    for frame in frames:
        observer.observe(frame)
    return observer.finish()


def video(detector: FaceDetector, embedder: FaceEmbedder, expressions: ExpressionAnalyzer) -> None:
    print("Video")
    clips = {
        name: list(iter_video_frames(VIDEOS / name, every_s=0))
        for name in (HDTF_A, HDTF_B, HAMILTON)
    }
    for name, frames in clips.items():
        window = (2.7, 7.0) if name == HAMILTON else (0.0, 99.0)
        every = [f for f in frames if window[0] <= f.t < window[1]]
        per_frame = sum(bool(detector.detect(f.bgr)) for f in every) / len(every)
        start, end = (3.0, 6.0) if name == HAMILTON else (0.0, 0.0)
        reference = IdentityReference.from_frames(
            [f for f in frames[::15] if start <= f.t <= end] or frames[:1],
            detector=detector,
            embedder=embedder,
            consented=True,
        )
        result = observe(
            frames, detector, reference=reference, embedder=embedder, expressions=expressions
        )
        summarise(name, result, per_frame, window)
    reference = IdentityReference.from_frames(
        clips[HDTF_A][:1], detector=detector, embedder=embedder, consented=True
    )
    splice = clips[HDTF_A] + [TimedFrame(8.0 + f.t, f.bgr) for f in clips[HDTF_B]]
    summarise(
        "splice A(0-8 s) + B(8-16 s)",
        observe(splice, detector, reference=reference, embedder=embedder),
        None,
        None,
    )


def summarise(
    name: str,
    result: VideoObservations,
    per_frame: float | None,
    window: tuple[float, float] | None,
) -> None:
    print(f"  {name}")
    if per_frame is not None and window is not None:
        end = min(window[1], result.duration_s)
        print(
            f"    detection rate, every frame, full search, {window[0]}-{end:.1f} s: "
            f"{per_frame:.3f}"
        )
    inside = [s for s in result.samples if window is None or window[0] <= s.t < window[1]]
    print(
        f"    observer: face visible {result.face_visible_ratio:.3f} overall, "
        f"{sum(1 for s in inside if s.faces) / max(1, len(inside)):.3f} in the window; "
        f"cuts at {list(result.picture_changes)}; flags "
        f"{[str(f.issue) for f in result.quality_flags] or '-'}"
    )
    if result.identity is not None:
        ident = result.identity
        print(
            f"    identity {ident.status}: {len(ident.samples)} checks, distances "
            f"{[round(s.distance, 2) for s in ident.samples]}"
        )
        for moment in ident.flagged:
            print(
                f"      flagged {moment.start:.1f}-{moment.end:.1f} s, median distance "
                f"{moment.median_distance:.2f}, {len(moment.thumbnails)} pictures, "
                f"conditions {moment.conditions}"
            )
    if result.expressions is not None:
        top = sorted(result.expressions.distribution.items(), key=lambda kv: -kv[1])[:3]
        print(
            f"    expressions (descriptive): {', '.join(f'{k} {v:.2f}' for k, v in top)}; "
            f"flicker {result.expressions.flicker_rate:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--deepface", action="store_true", help="compare with DeepFace.represent")
    args = parser.parse_args()
    registry = ModelRegistry(args.model_dir or Path(tempfile.mkdtemp()), prefer_device="cpu")
    registry.provision()
    configure_deepface_env(registry)
    detector, embedder = FaceDetector.load(registry), FaceEmbedder.load(registry)
    expressions = ExpressionAnalyzer.load(registry, allowed=True)
    for model in (detector.model, embedder.model, expressions.model):
        if model is not None:
            print(f"model: {model.describe()}")
    verification(detector, embedder, args.deepface)
    detection(detector)
    video(detector, embedder, expressions)


if __name__ == "__main__":
    main()
