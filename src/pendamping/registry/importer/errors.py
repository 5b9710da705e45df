"""The downloadable error file: one line per problem, `row,column,value,reason_id,reason_en`.

Pure Python. NIK and KK values are masked (first 4 and last 2 digits), and any value that a
spreadsheet would run as a formula is prefixed with an apostrophe, so opening the file in
Excel or LibreOffice is safe.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pendamping.registry.nik import mask

from .values import RowError

HEADER = ("row", "column", "value", "reason_id", "reason_en")
WARNING_PREFIX = ("Peringatan (baris tetap diimpor): ", "Warning (row imported anyway): ")
_MASKED = frozenset({"nik", "kk"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Neutralise a value a spreadsheet would evaluate (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def error_line(error: RowError) -> tuple[str, str, str, str, str]:
    value = mask(error.value) if error.column in _MASKED else error.value
    reason_id, reason_en = error.reason_id, error.reason_en
    if error.warning:
        reason_id, reason_en = WARNING_PREFIX[0] + reason_id, WARNING_PREFIX[1] + reason_en
    return (
        str(error.row),
        error.column,
        safe_cell(value),
        safe_cell(reason_id),
        safe_cell(reason_en),
    )


class ErrorFile:
    """Written as rows are checked; created only when there is something to say."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.unlink(missing_ok=True)  # a re-run starts a fresh file
        self._fh = None
        self._writer = None
        self.lines = 0

    def write(self, errors: list[RowError]) -> None:
        if not errors:
            return
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # UTF-8 with BOM so that Excel shows Indonesian text correctly.
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(HEADER)
        self._writer.writerows(error_line(e) for e in errors)
        self.lines += len(errors)

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> ErrorFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def written(self) -> bool:
        return self.lines > 0
