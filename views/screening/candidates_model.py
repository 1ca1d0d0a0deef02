"""The candidates table: a Qt model over precomputed rows, sorted and filtered in Python.

Why it looks like this: a table of 10 000 candidates must load, sort and filter
in well under a second. `data()` is called for every visible cell on every
repaint, so each row's display strings and sort keys are computed once, when the
rows arrive, and `data()` is a tuple lookup. Sorting a Python list by a
precomputed key is far faster than letting `QSortFilterProxyModel` call back
into Python for every comparison, so the proxy hands sorting to the source
model and only filters (one pass over a precomputed lower-case haystack).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

COLUMNS = ("Rank", "Candidate", "Score", "Label", "Years", "Education", "Status")
RANK, CANDIDATE, SCORE, LABEL, YEARS, EDUCATION, STATUS = range(len(COLUMNS))

MISSING_BRUSH = QBrush(QColor("#a35200"))

#: `data(index, CANDIDATE_ID_ROLE)` gives the row's candidate id (any column).
CANDIDATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex

EDUCATION_NAMES = {
    "high_school": "High school",
    "associate": "Associate",
    "bachelor": "Bachelor's",
    "master": "Master's",
    "doctorate": "Doctorate",
}
EDUCATION_ORDER = {name: rank for rank, name in enumerate(EDUCATION_NAMES, 1)}


class ScreeningRow(Protocol):
    """What the table reads from `app.screening`'s candidate rows."""

    @property
    def candidate_id(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def meets_must_haves(self) -> bool: ...
    @property
    def label(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def years(self) -> float | None: ...
    @property
    def education(self) -> str | None: ...
    @property
    def duplicate_of(self) -> int | None: ...


def blind_name(candidate_id: int) -> str:
    return f"Candidate #{candidate_id}"


@dataclass(frozen=True, slots=True)
class _Prepared:
    candidate_id: int
    meets_must_haves: bool
    texts: tuple[str, ...]  # one display string per column
    keys: tuple[Any, ...]  # one sort key per column
    named_haystack: str  # lower-case text the filter searches, with the name
    blind_haystack: str  # the same without the name


def _education_text(level: str | None) -> str:
    if not level:
        return "—"
    return EDUCATION_NAMES.get(level, level.replace("_", " ").capitalize())


def _status_text(status: str, duplicate_of: int | None) -> str:
    if status == "duplicate":
        return f"Possible duplicate of #{duplicate_of}" if duplicate_of else "Possible duplicate"
    return "Scored" if status == "parsed" else status.replace("_", " ").capitalize()


def _prepare(rank: int, row: ScreeningRow, blind: bool) -> _Prepared:
    score = row.score
    years = row.years
    name = blind_name(row.candidate_id) if blind else row.display_name
    texts = (
        str(rank),
        name,
        "—" if score is None else f"{score:.1f}",
        row.label,
        "—" if years is None else f"{years:.1f}",
        _education_text(row.education),
        _status_text(row.status, row.duplicate_of),
    )
    keys = (
        rank,
        name.casefold(),
        -1.0 if score is None else score,
        (not row.meets_must_haves, row.label.casefold()),
        -1.0 if years is None else years,
        EDUCATION_ORDER.get(row.education or "", 0),
        row.status,
    )
    common = " ".join((row.label, texts[EDUCATION], texts[STATUS], blind_name(row.candidate_id)))
    return _Prepared(
        row.candidate_id,
        row.meets_must_haves,
        texts,
        keys,
        f"{row.display_name} {common}".casefold(),
        common.casefold(),
    )


def ranked(rows: Sequence[ScreeningRow]) -> list[ScreeningRow]:
    """Best score first; unscored rows last; ties by candidate id (stable, repeatable)."""
    return sorted(rows, key=lambda r: (r.score is None, -(r.score or 0.0), r.candidate_id))


class CandidatesModel(QAbstractTableModel):
    """Rows of one role's screening; rank 1 is the best score."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: list[ScreeningRow] = []
        self._rows: list[_Prepared] = []
        self._blind = True

    # -- content ----------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ScreeningRow]) -> None:
        self.beginResetModel()
        self._source = ranked(rows)
        self._prepare_all()
        self.endResetModel()

    def set_blind(self, blind: bool) -> None:
        if blind == self._blind:
            return
        self.beginResetModel()
        self._blind = blind
        order = {p.candidate_id: i for i, p in enumerate(self._rows)}
        self._prepare_all()
        # keep the user's current sort order across the switch
        self._rows.sort(key=lambda p: order.get(p.candidate_id, 0))
        self.endResetModel()

    def is_blind(self) -> bool:
        return self._blind

    def _prepare_all(self) -> None:
        self._rows = [_prepare(rank, row, self._blind) for rank, row in enumerate(self._source, 1)]

    def candidate_id(self, row: int) -> int:
        return self._rows[row].candidate_id

    def row_of(self, candidate_id: int) -> int:
        for number, prepared in enumerate(self._rows):
            if prepared.candidate_id == candidate_id:
                return number
        return -1

    def text(self, row: int, column: int) -> str:
        return self._rows[row].texts[column]

    def meets_must_haves(self, row: int) -> bool:
        return self._rows[row].meets_must_haves

    def haystack(self, row: int) -> str:
        prepared = self._rows[row]
        return prepared.blind_haystack if self._blind else prepared.named_haystack

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()].texts[index.column()]
        if role == CANDIDATE_ID_ROLE:
            return self._rows[index.row()].candidate_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (RANK, SCORE, YEARS):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if index.column() == LABEL:
            if (
                role == Qt.ItemDataRole.ForegroundRole
                and not self._rows[index.row()].meets_must_haves
            ):
                return MISSING_BRUSH
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._rows[index.row()].texts[LABEL]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._rows.sort(key=lambda p: p.keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._move_persistent_indexes(before)
        self.layoutChanged.emit()

    def _move_persistent_indexes(self, before: list[_Prepared]) -> None:
        # Selections and the current index are persistent indexes: move them with their rows.
        persistent = self.persistentIndexList()
        if not persistent:
            return
        new_row = {id(p): number for number, p in enumerate(self._rows)}
        old = []
        new = []
        for index in persistent:
            old.append(index)
            new.append(self.index(new_row[id(before[index.row()])], index.column()))
        self.changePersistentIndexList(old, new)


class CandidatesFilter(QSortFilterProxyModel):
    """Filters by text and "meets all must-haves"; sorting is the source model's.

    The accepted rows are decided in one pass and kept as candidate ids, so they
    stay right when the source model re-sorts its rows.
    """

    def __init__(self, source: CandidatesModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._must_haves_only = False
        self._accepted: frozenset[int] = frozenset()
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self._source = source
        # names become searchable (or not) when blind mode changes: decide again
        source.modelReset.connect(self.refilter)

    def candidates(self) -> CandidatesModel:
        return self._source

    def is_filtering(self) -> bool:
        return bool(self._words) or self._must_haves_only

    def set_filter(self, text: str, must_haves_only: bool) -> None:
        words = tuple(text.casefold().split())
        if words == self._words and must_haves_only == self._must_haves_only:
            return
        self.beginFilterChange()
        self._words = words
        self._must_haves_only = must_haves_only
        self._decide()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        """Decide again (the rows or what the filter can see changed)."""
        self.beginFilterChange()
        self._decide()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _decide(self) -> None:
        model = self._source
        words = self._words
        only = self._must_haves_only
        self._accepted = frozenset(
            model.candidate_id(row)
            for row in range(model.rowCount())
            if (not only or model.meets_must_haves(row))
            and all(word in model.haystack(row) for word in words)
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words and not self._must_haves_only:
            return True
        return self._source.candidate_id(source_row) in self._accepted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)
