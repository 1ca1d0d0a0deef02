"""Text from resume files (PDF, DOCX, ODT, TXT), each with a specific status.

`extract_text` reads one file; `extract_many` reads a batch in worker processes with a
per-file time limit, so one hostile or broken file can neither crash nor stall it.
"""

from analysis.documents.batch import extract_many
from analysis.documents.extract import extract_bytes, extract_text
from analysis.documents.result import DocumentStatus, ExtractedDocument
from analysis.documents.sniff import detect_kind

__all__ = [
    "DocumentStatus",
    "ExtractedDocument",
    "detect_kind",
    "extract_bytes",
    "extract_many",
    "extract_text",
]
