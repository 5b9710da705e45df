"""Lists of people in and out: CSV files and pandas frames to DuckDB tables of text."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .prepare import CANONICAL


class LinkageInputError(Exception):
    """A file that cannot be read; the message is in Indonesian and English."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en


def read_csv(con: duckdb.DuckDBPyConnection, path: str | Path, table: str) -> int:
    """Load a CSV as text columns named in lower case; returns the row count.

    Missing canonical columns are added empty, ``id`` is the row number when absent, and a
    short or long row is padded or cut rather than dropped.
    """
    path = Path(path)
    if not path.is_file():
        raise LinkageInputError(f"Berkas tidak ditemukan: {path}", f"File not found: {path}")
    if not os.access(path, os.R_OK):
        raise LinkageInputError(
            f"Berkas tidak dapat dibaca: {path}", f"File is not readable: {path}"
        )
    last_error: Exception | None = None
    with path.open("rb") as fh:
        if b"\x00" in fh.read(65536):
            raise LinkageInputError(
                f"Berkas {path} bukan teks CSV (berisi byte biner).",
                f"File {path} is not CSV text (it holds binary bytes).",
            )
    for encoding in ("utf-8", "latin-1"):
        try:
            con.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv(?, all_varchar = true,"  # noqa: S608
                " header = true, null_padding = true, strict_mode = false,"
                f" encoding = '{encoding}', sample_size = -1)",
                [str(path)],
            )
            break
        except duckdb.Error as exc:
            last_error = exc
    else:
        raise LinkageInputError(
            f"Berkas {path} bukan CSV yang dapat dibaca ({str(last_error)[:200]}).",
            f"File {path} is not a readable CSV ({str(last_error)[:200]}).",
        ) from last_error
    _normalise_headers(con, table)
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608


def _normalise_headers(con: duckdb.DuckDBPyConnection, table: str) -> None:
    seen: set[str] = set()
    for (col,) in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall():  # noqa: S608
        new = "_".join(col.strip().lower().replace("-", " ").split())
        if new in seen or new not in (*CANONICAL, "id"):
            if new not in (*CANONICAL, "id"):
                continue
            con.execute(f'ALTER TABLE {table} DROP COLUMN "{col}"')
            continue
        seen.add(new)
        if new != col:
            con.execute(f'ALTER TABLE {table} RENAME COLUMN "{col}" TO {new}')


def register_frame(con: duckdb.DuckDBPyConnection, frame, table: str) -> None:
    cols = [c for c in frame.columns if str(c).strip().lower() in (*CANONICAL, "id")]
    frame = frame[cols].rename(columns=lambda c: str(c).strip().lower())
    frame = frame.astype("string").astype(object).where(frame.notna(), None)
    con.register("_frame", frame)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _frame")  # noqa: S608
    con.unregister("_frame")
