"""Extraction over the shared third-party corpora: broken files, real resume layouts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analysis.documents import DocumentStatus, extract_many, extract_text
from analysis.tasks import NullTask
from tests.analysis.documents_support import LAYOUTS, MALFORMED, position, word_similarity, words

pytestmark = pytest.mark.skipif(not MALFORMED.is_dir(), reason="shared evaluation data absent")

S = DocumentStatus
# file -> (status, a fragment the text (or the message, when not parsed) must contain,
#          a fragment some warning must contain, or "" for none expected)
EXPECTED: dict[str, tuple[DocumentStatus, str, str]] = {
    # pdf/
    "pdfminer_aes-256-r6_pw-usersecret.pdf": (S.PASSWORD_PROTECTED, "password", ""),
    "pdfminer_issue-1113_circular-xobjects.pdf": (S.PARSED, "Hello world", ""),
    "pdfminer_issue-449_vertical-text.pdf": (S.PARSED, "Vertical", ""),
    "pdfminer_issue-791_non-unicode-cmap.pdf": (S.PARSED, "", "no character map"),
    "pdfminer_issue-886_xref-stream-widths.pdf": (S.PARSED, "Hello", ""),
    "pdfminer_rc4-40_pw-foo.pdf": (S.PASSWORD_PROTECTED, "password", ""),
    "pdfminer_simple1_minimal.pdf": (S.PARSED, "Hello World", ""),
    "pdfminer_zen_of_python_corrupted-zlib.pdf": (S.PARSED, "Beautiful is better than ugly", ""),
    "pypdf_Seige_of_Vicksburg_scanned-with-OCR-layer.pdf": (S.PARSED, "Vicksburg", "OCR layer"),
    "pypdf_crazyones-encrypted-256_pw-password.pdf": (S.PASSWORD_PROTECTED, "password", ""),
    "pypdf_crazyones.pdf": (S.PARSED, "The Crazy Ones", ""),
    "pypdf_indirect-rotation.pdf": (S.PARSED, "", "OCR layer"),
    "pypdf_issue-297_broken-xref.pdf": (S.PARSED, "test example", ""),
    "pypdf_issue-301_invalid-stream-length.pdf": (S.PARSED, "", "garbled"),
    "pypdf_jpeg_image-only.pdf": (S.IMAGE_ONLY, "needs OCR", ""),
    "pypdf_r2-owner-password-only.pdf": (S.PARSED, "pdf encryption test", ""),
    "pypdf_r6-empty-password.pdf": (S.PARSED, "pdf encryption test", ""),
    "pypdf_r6-user-password_pw-asdfzxcv.pdf": (S.PASSWORD_PROTECTED, "password", ""),
    "textract_ocr_text_scanned-no-text-layer.pdf": (S.IMAGE_ONLY, "needs OCR", ""),
    "textract_two_column.pdf": (S.PARSED, "The role of mentorship", ""),
    # docx/
    "docx2python_comments.docx": (S.PARSED, "Par5 Lorem ipsum", "not in English"),
    "docx2python_created-in-pages-paragraphs-only.docx": (S.PARSED, "", ""),
    "docx2python_invalid_tag_name.docx": (S.PARSED, "", ""),
    "docx2python_libreoffice_conversion.docx": (S.PARSED, "竞争性谈判", "non-Latin"),
    "docx2python_merged_cells.docx": (S.PARSED, "1-1 | 1-2 | 1-3", ""),
    "docx2python_nested_paragraphs.docx": (S.PARSED, "aaa aab aac", ""),
    "docx2python_renamed_document_xml.docx": (S.PARSED, "This is a link to my website.", ""),
    "docx2python_strict.docx": (S.PARSED, "Cellaa | Cellab", ""),
    "docx2python_test-docx2python-conversion-google_docs.docx": (S.PARSED, "Pop-up lomo", ""),
    "textract_docx_without_extension": (S.PARSED, "Row 1, Column 1", ""),
    "textract_legacy_word97.doc": (S.UNSUPPORTED, "Word 97-2003", ""),
}


def _corpus_files() -> list[Path]:
    if not MALFORMED.is_dir():
        return []
    files = sorted(p for p in MALFORMED.glob("*/*") if not p.name.endswith((".txt", ".md")))
    return files


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_every_malformed_file_gets_its_specific_status(path: Path) -> None:
    assert path.name in EXPECTED, "new corpus file: add its expected status to the table"
    status, fragment, warning = EXPECTED[path.name]
    result = extract_text(path)
    assert result.status is status, result.message
    assert result.message and result.sha256
    if status is S.PARSED:
        assert fragment in result.text.replace("\n", " ")
        # The Chinese text is vertical in places, so compare it without line breaks.
    else:
        assert result.text == ""
        assert fragment.lower() in result.message.lower()
    if warning:
        assert any(warning in w for w in result.warnings), result.warnings
    elif status is S.PARSED and path.name != "docx2python_merged_cells.docx":
        assert not [w for w in result.warnings if "garbled" in w or "OCR" in w], result.warnings


def test_the_corpus_table_lists_no_file_that_is_gone() -> None:
    assert {p.name for p in _corpus_files()} == set(EXPECTED)


def test_kind_comes_from_content_not_extension() -> None:
    assert extract_text(MALFORMED / "docx" / "textract_docx_without_extension").kind == "docx"
    assert extract_text(MALFORMED / "docx" / "textract_legacy_word97.doc").kind == "doc"


def test_text_without_a_unicode_map_is_flagged_as_probably_garbled() -> None:
    result = extract_text(MALFORMED / "pdf" / "pdfminer_issue-791_non-unicode-cmap.pdf")
    # pdfium cannot decode this font ("Peněžní prostředky na účtech" comes out shifted):
    # the warning is the honest outcome until Candor has OCR.
    assert "Peněžní" not in result.text
    assert any("no character map" in w for w in result.warnings)


def test_crazyones_text_matches_the_reference() -> None:
    result = extract_text(MALFORMED / "pdf" / "pypdf_crazyones.pdf")
    reference = (MALFORMED / "pdf" / "pypdf_crazyones.expected.txt").read_text("utf-8")
    assert word_similarity(result.text, reference) > 0.97


def test_two_column_article_is_read_column_by_column() -> None:
    """The reference text is laid out with columns side by side; split it at the gutter."""
    result = extract_text(MALFORMED / "pdf" / "textract_two_column.pdf")
    reference = (MALFORMED / "pdf" / "textract_two_column.expected.txt").read_text("utf-8")
    first_page = reference.split("\f")[0].splitlines()
    left, right = [], []
    for line in first_page:
        halves = [h for h in line.split("   ") if h.strip()]
        if len(halves) == 2 and len(halves[0]) > 40:  # a body line with both columns
            left.append(halves[0].strip())
            right.append(halves[1].strip())
    assert len(left) > 30
    column_order = " ".join(left + right)
    interleaved = " ".join(f"{a} {b}" for a, b in zip(left, right, strict=True))
    extracted_words = words(result.text)
    start = extracted_words.index("role")  # skip the page header
    window = " ".join(extracted_words[start : start + len(words(column_order)) + 40])
    assert word_similarity(window, column_order) > 0.85
    assert word_similarity(window, column_order) > word_similarity(window, interleaved) + 0.2


def test_two_column_article_accents_are_recombined() -> None:
    result = extract_text(MALFORMED / "pdf" / "textract_two_column.pdf")
    assert "protégé" in result.text
    assert "prote´ge´" not in result.text


def _layout(name: str) -> str:
    result = extract_text(LAYOUTS / "pdf" / name)
    assert result.status is S.PARSED, result.message
    return result.text


def _assert_blocks_not_interleaved(text: str, first: list[str], second: list[str]) -> None:
    """Every marker of one column comes before every marker of the other."""
    first_positions = [position(text, m) for m in first]
    second_positions = [position(text, m) for m in second]
    assert first_positions == sorted(first_positions)
    assert second_positions == sorted(second_positions)
    assert max(first_positions) < min(second_positions) or max(second_positions) < min(
        first_positions
    )


def test_deedy_two_column_resume_keeps_its_columns_apart() -> None:
    text = _layout("deedy_two-column.pdf")
    _assert_blocks_not_interleaved(
        text,
        ["EDUCATION", "CORNELL UNIVERSITY", "LINKS", "Github:// deedydas", "COURSEWORK", "SKILLS"],
        ["EXPERIENCE", "FACEBOOK | SOFTWARE ENGINEER", "RESEARCH", "AWARDS"],
    )
    for field in ("Debarghya Das", "deedy@fb.com", "607.379.5733", "dd367@cornell.edu"):
        assert text.count(field) == 1


def test_altacv_sidebar_is_not_interleaved_with_the_main_column() -> None:
    text = _layout("altacv_mmayer_two-column.pdf")
    _assert_blocks_not_interleaved(
        text,
        [
            "EXPERIENCE",
            "President & CEO",
            "Vice President of Location & Services",
            "Product Manager & UI Lead",
        ],
        ["A DAY OF MY LIFE", "LIFE PHILOSOPHY", "MOST PROUD OF", "STRENGTHS"],
    )
    assert text.count("MARISSA MAYER") == 1


def test_altacv_sample_sidebar_is_not_interleaved() -> None:
    text = _layout("altacv_sample_two-column.pdf")
    _assert_blocks_not_interleaved(
        text,
        ["EXPERIENCE", "PROJECTS"],
        ["A DAY OF MY LIFE", "MY LIFE PHILOSOPHY", "MOST PROUD OF", "STRENGTHS"],
    )


def test_right_aligned_dates_stay_on_their_rows() -> None:
    text = _layout("awesome-cv_resume.pdf")
    lines = text.splitlines()
    assert any("Dunamu Inc." in line and "Seoul" in line for line in lines)
    assert any("DevOps Engineer" in line and "2023 - Mar. 2024" in line for line in lines)


def test_word_export_spacing_and_hyphens_are_normalised() -> None:
    text = _layout("openresume_laverne_word-export.pdf")
    assert "Leo Leopard" in text
    assert "(909) 555-5555" in text
    assert "\t" not in text and "\u00a0" not in text
    assert any(
        "University of La Verne" in line and "June 2016" in line for line in text.splitlines()
    )


def test_react_pdf_resume_has_each_header_field_once() -> None:
    text = _layout("openresume_react-pdf.pdf")
    assert text.count("John Doe") == 1
    assert position(text, "John Doe") < position(text, "EDUCATION")


def test_docx_table_text_matches_the_reference() -> None:
    result = extract_text(LAYOUTS / "docx" / "textract_paragraphs_and_tables.docx")
    reference = (LAYOUTS / "docx" / "textract_paragraphs_and_tables.expected.txt").read_text(
        "utf-8"
    )
    assert result.status is S.PARSED
    assert words(result.text) == words(reference)


def test_docx_resume_laid_out_in_tables_is_read_whole() -> None:
    result = extract_text(LAYOUTS / "docx" / "Chinmaya_Kaundanya_Resume_9tables.docx")
    assert result.status is S.PARSED
    text = result.text
    # Section headings and the project rows live in table cells.
    _assert_blocks_not_interleaved(text, ["Work Experience"], ["Projects", "Django-wordcount"])
    assert "PERSONAL PROJECT | June 2018" in text


def test_whole_corpus_through_the_batch_gets_the_same_statuses_in_time() -> None:
    paths = _corpus_files()
    started = time.monotonic()
    results = dict(extract_many(paths, NullTask(), timeout_s=10.0, workers=2))
    assert time.monotonic() - started < 60
    assert {p.name: r.status for p, r in results.items()} == {
        name: expected[0] for name, expected in EXPECTED.items()
    }
