"""Erasing from the Reports page: typed confirmation, then the certificate and the copies."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from views.reports.erase_dialog import ErasedDialog, EraseDialog


def test_erase_stays_disabled_until_the_candidate_number_is_typed_exactly(qtbot):
    dialog = EraseDialog(12, [(3, "Request #3: erasure received 2026-11-02")])
    qtbot.addWidget(dialog)
    confirmed: list[tuple[int, object]] = []
    dialog.confirmed.connect(lambda cid, rid: confirmed.append((cid, rid)))
    dialog.show()
    for wrong in ("", "1", "121", "13", "twelve"):
        dialog.typed.setText(wrong)
        assert not dialog.erase_button.isEnabled()
    dialog.erase_button.click()  # disabled: nothing happens
    assert confirmed == []
    dialog.typed.setText(" 12 ")
    assert dialog.erase_button.isEnabled()
    dialog.erase_button.click()
    assert confirmed == [(12, 3)]  # linked to the candidate's open erasure request


def test_erase_can_go_without_a_request(qtbot):
    dialog = EraseDialog(5)
    qtbot.addWidget(dialog)
    confirmed: list[tuple[int, object]] = []
    dialog.confirmed.connect(lambda cid, rid: confirmed.append((cid, rid)))
    dialog.typed.setText("5")
    dialog.erase_button.click()
    assert confirmed == [(5, None)]


def test_the_result_names_the_certificate_and_the_copies_to_delete_by_hand(qtbot, tmp_path):
    pdf, data = tmp_path / "erasure-5.pdf", tmp_path / "erasure-5.json"
    dialog = ErasedDialog(5, [pdf, data], ["/srv/exports/candidate-5.pdf"])
    qtbot.addWidget(dialog)
    dialog.show()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(pdf) in text and str(data) in text
    assert "1 exported file" in text
    assert dialog.copies.toPlainText() == "/srv/exports/candidate-5.pdf"
    assert QApplication.activeModalWidget() is None  # never blocks the window
