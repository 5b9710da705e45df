"""Parsed batches of rows, from this process or from a parser process beside it.

Checking a row (NIK, KK, dates, names) costs about as much as writing it, so for a large CSV
a second process parses while this one writes: on two cores the import takes the time of the
slower half instead of the sum. Pure Python, no ORM: the parser process never touches the
database, and only whole batches travel between the processes (through a pipe).
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pendamping.registry.nik import default_codes

from .parsing import FileError, Table
from .values import Record, RowError, derive, from_wire, parse_row, to_wire

Batch = list[tuple[Record | None, list[RowError]]]
PARALLEL_FROM_ROWS = 20_000


def batches(table: Table, *, batch_size: int, today: date) -> Iterator[Batch]:
    codes = default_codes()
    width = len(table.headers)
    columns = table.columns
    batch: Batch = []
    for number, cells in table.rows():
        rec, problems = parse_row(number, cells, columns, width=width, today=today, codes=codes)
        batch.append((derive(rec) if rec is not None else None, problems))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def use_parallel(table: Table) -> bool:
    return (
        table.kind == "csv"
        and table.total_rows >= PARALLEL_FROM_ROWS
        and (os.cpu_count() or 1) > 1
        and os.environ.get("PENDAMPING_IMPORT_PARALLEL", "1") != "0"
    )


# -- the parser process: `python -m pendamping.registry.importer.pipeline SPEC` -------------
# It writes length-prefixed pickles of ("batch", rows) ... ("done", None) to stdout; the pipe's
# buffer bounds memory, and a killed parent ends it with a broken pipe.

_LENGTH = struct.Struct("!Q")


def _child_main(spec: dict) -> None:
    table = Table(
        path=Path(spec["path"]),
        kind="csv",
        headers=spec["headers"],
        columns=spec["columns"],
        ignored=[],
        total_rows=0,
        encoding=spec["encoding"],
        delimiter=spec["delimiter"],
        header_row=spec["header_row"],
    )
    out = sys.stdout.buffer

    def send(item) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(data)))
        out.write(data)
        out.flush()

    today = date.fromisoformat(spec["today"])
    try:
        try:
            for batch in batches(table, batch_size=spec["batch_size"], today=today):
                send(("batch", [to_wire(item) for item in batch]))
        except FileError as exc:
            send(("file_error", (exc.code, exc.message_id, exc.message_en)))
            return
        send(("done", None))
    except BrokenPipeError:  # the importing process is gone
        return


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise RuntimeError("The import's parser process stopped unexpectedly")
    return data


def parallel_batches(table: Table, *, batch_size: int, today: date) -> Iterator[Batch]:
    spec = {
        "path": str(table.path),
        "headers": [str(h) for h in table.headers],
        "columns": table.columns,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "header_row": table.header_row,
        "batch_size": batch_size,
        "today": today.isoformat(),
    }
    child = subprocess.Popen(  # noqa: S603 - this interpreter, our module, our own spec
        [sys.executable, "-m", __name__, json.dumps(spec)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        while True:
            (size,) = _LENGTH.unpack(_read_exactly(child.stdout, _LENGTH.size))
            # Our own child process wrote this, from the file we opened: trusted data.
            kind, payload = pickle.loads(_read_exactly(child.stdout, size))  # noqa: S301
            if kind == "batch":
                yield [from_wire(item) for item in payload]
            elif kind == "file_error":
                raise FileError(*payload)
            else:
                return
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.wait()


if __name__ == "__main__":
    gc.disable()  # short-lived objects without cycles: reference counting frees them
    _child_main(json.loads(sys.argv[1]))
