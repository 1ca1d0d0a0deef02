"""The camera and microphone check: live preview, sound meter, hints, choice of devices.

The page asks for a check (`check_requested(DeviceChoice)`); the kiosk window runs
it in a job and hands back the result. While it runs, the page polls the
`PreviewTap` the check reads from to show the picture and the sound level live.
Continuing is possible only after a check passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QProgressBar

from app.interviews import DeviceCheck
from views.kiosk.devices import (
    DeviceChoice,
    PreviewTap,
    level_percent,
    microphones,
    to_qimage,
)
from views.kiosk.pages import KioskPage
from views.kiosk.style import KioskButton, key, label, restyle

PREVIEW_SIZE = (480, 360)
POLL_MS = 100
_BROWSE = "browse"
_FILE_SOUND = "Sound of the video file"


class PreviewLabel(QLabel):
    """Shows the latest picture of a `PreviewTap`, scaled to fit, and the sound level."""

    def __init__(self, name: str, size: tuple[int, int], meter: QProgressBar | None) -> None:
        super().__init__("No picture yet")
        self.setObjectName(name)
        self.setProperty("kiosk", "preview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(*size)
        self.setAccessibleName("Camera preview")
        self.meter = meter
        self.frames_shown = 0
        self._tap: PreviewTap | None = None
        self._seen = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def follow(self, tap: PreviewTap | None) -> None:
        """Show the pictures `tap` sees from now on (not one it saw before)."""
        self._tap = tap
        self._seen = tap.latest_image()[0] if tap is not None else 0
        self.frames_shown = 0
        if tap is None:
            self._timer.stop()
        else:
            self._timer.start()

    def stop(self) -> None:
        """Stop polling; the last picture stays."""
        self.poll()
        self._timer.stop()

    def clear_picture(self) -> None:
        self.clear()
        self.setText("No picture yet")
        if self.meter is not None:
            self.meter.setValue(0)

    def poll(self) -> None:
        if self._tap is None:
            return
        frames, image = self._tap.latest_image()
        if image is not None and frames != self._seen:
            self._seen = frames
            pixmap = QPixmap.fromImage(to_qimage(image)).scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.setPixmap(pixmap)
            self.frames_shown += 1
        if self.meter is not None:
            # The meter falls back slowly, so short peaks stay readable.
            current = level_percent(self._tap.take_level())
            self.meter.setValue(max(current, self.meter.value() - 10))


class DeviceCheckPage(KioskPage):
    check_requested = Signal(object)  # DeviceChoice
    confirmed = Signal()
    browse_requested = Signal()  # the operator wants to pick a video file

    def __init__(self) -> None:
        super().__init__(
            "kioskDevicePage",
            "Camera and microphone check",
            "Enter: continue  ·  C: check again  ·  Tab: choose the camera and the microphone",
        )
        self.meter = QProgressBar()
        self.meter.setObjectName("kioskLevel")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Microphone level")
        self.preview = PreviewLabel("kioskPreview", PREVIEW_SIZE, self.meter)
        self.camera = QComboBox()
        self.camera.setObjectName("kioskCamera")
        self.camera.setAccessibleName("Camera")
        self.microphone = QComboBox()
        self.microphone.setObjectName("kioskMicrophone")
        self.microphone.setAccessibleName("Microphone")
        self.status = label("", "", "kioskCheckStatus")
        self.problems = label("", "error", "kioskCheckProblems")
        self.hints = label("", "operator", "kioskCheckHints")
        self.hints.hide()
        self.again = KioskButton("Check again", "kioskCheckAgain", secondary=True)
        self.proceed = KioskButton("Continue", "kioskCheckContinue")
        self.again.clicked.connect(self.request_check)
        self.proceed.clicked.connect(self._confirm)
        key(self, "C", self.request_check)

        grid = QGridLayout()
        grid.setVerticalSpacing(12)
        grid.addWidget(label("Camera:"), 0, 0)
        grid.addWidget(self.camera, 0, 1)
        grid.addWidget(label("Microphone:"), 1, 0)
        grid.addWidget(self.microphone, 1, 1)
        grid.addWidget(label("Sound level:"), 2, 0)
        grid.addWidget(self.meter, 2, 1)
        grid.addWidget(self.status, 3, 0, 1, 2)
        grid.addWidget(self.problems, 4, 0, 1, 2)
        grid.addWidget(self.hints, 5, 0, 1, 2)
        grid.setRowStretch(6, 1)
        row = QHBoxLayout()
        row.setSpacing(30)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(grid, 1)
        self.body.addWidget(
            label(
                "Look at the camera and say a few words: you should see yourself and the "
                "sound level should move."
            )
        )
        self.body.addLayout(row, 1)
        self.add_buttons(self.again, self.proceed)

        self._passed = False
        self._checking = False
        self._last_camera = 0
        self.camera.currentIndexChanged.connect(self._camera_changed)
        self.microphone.currentIndexChanged.connect(self._microphone_changed)
        self._refresh()

    # -- choices --------------------------------------------------------------

    def set_choices(self, cameras: Sequence[int], stand_in: Path | None) -> None:
        self.camera.blockSignals(True)
        self.camera.clear()
        if stand_in is not None:
            self.camera.addItem(f"Video file: {stand_in.name}", str(stand_in))
        for index in cameras:
            self.camera.addItem(f"Camera {index}", index)
        self.camera.addItem("Video file… (staff)", _BROWSE)
        self.camera.setCurrentIndex(0)
        self._last_camera = 0
        self.camera.blockSignals(False)
        self._fill_microphones()

    def add_file(self, path: Path) -> None:
        """A stand-in video file the operator chose; it becomes the selected camera."""
        self.camera.blockSignals(True)
        self.camera.insertItem(0, f"Video file: {path.name}", str(path))
        self.camera.setCurrentIndex(0)
        self._last_camera = 0
        self.camera.blockSignals(False)
        self._fill_microphones()
        self.request_check()

    def choice(self) -> DeviceChoice:
        data = self.camera.currentData()
        if isinstance(data, str) and data != _BROWSE:
            return DeviceChoice(camera=None, microphone="", file=Path(data))
        microphone = self.microphone.currentData()
        return DeviceChoice(
            camera=int(data) if isinstance(data, int) else 0,
            microphone=str(microphone) if microphone else "default",
        )

    def _fill_microphones(self) -> None:
        self.microphone.blockSignals(True)
        self.microphone.clear()
        if isinstance(self.camera.currentData(), str):
            self.microphone.addItem(_FILE_SOUND, "")
            self.microphone.setEnabled(False)
        else:
            for text, device in microphones():
                self.microphone.addItem(text, device)
            self.microphone.setEnabled(not self._checking)
        self.microphone.blockSignals(False)

    def _camera_changed(self, index: int) -> None:
        if self.camera.itemData(index) == _BROWSE:
            self.camera.blockSignals(True)
            self.camera.setCurrentIndex(self._last_camera)
            self.camera.blockSignals(False)
            self.browse_requested.emit()
            return
        self._last_camera = index
        self._fill_microphones()
        self.request_check()

    def _microphone_changed(self, _index: int) -> None:
        self.request_check()

    # -- checking -------------------------------------------------------------

    def request_check(self) -> None:
        if self._checking:
            return
        self.check_requested.emit(self.choice())

    def checking(self, tap: PreviewTap | None) -> None:
        """A check has started (reading `tap`, once its devices are open)."""
        self._checking = True
        self._passed = False
        self.status.setText("Checking the camera and the microphone…")
        restyle(self.status, "")
        self.problems.clear()
        self.hints.hide()
        self.preview.follow(tap)
        self._refresh()

    def follow(self, tap: PreviewTap) -> None:
        self.preview.follow(tap)

    def show_result(self, result: DeviceCheck, hints: Sequence[str]) -> None:
        self._checking = False
        self._passed = result.ok
        self.preview.stop()
        if result.frames == 0:
            self.preview.clear_picture()
        self.meter.setValue(level_percent(result.sound_level))
        if result.ok:
            self.status.setText("✔ The camera and the microphone work.")
            restyle(self.status, "ok")
        else:
            self.status.setText("The check did not pass. Please ask the staff for help.")
            restyle(self.status, "error")
        self.problems.setText("\n".join(result.problems))
        advice = [*result.warnings, *hints]
        self.hints.setText("\n".join(advice))
        self.hints.setVisible(bool(advice))
        self._refresh()
        (self.proceed if result.ok else self.again).setFocus()

    def passed(self) -> bool:
        return self._passed

    def shown(self) -> None:
        self._refresh()
        self.again.setFocus()

    def _confirm(self) -> None:
        if self._passed and not self._checking:
            self.confirmed.emit()

    def _refresh(self) -> None:
        self.proceed.setEnabled(self._passed and not self._checking)
        self.again.setEnabled(not self._checking)
        self.camera.setEnabled(not self._checking)
        self.microphone.setEnabled(
            not self._checking and not isinstance(self.camera.currentData(), str)
        )
