"""Rules across the rows of one file, as pure Python: each NIK once, one household per KK.

The first accepted row of a KK places the household (kelurahan); each household field
(address, RT/RW, dwelling status) comes from the first accepted row of that KK that fills
it in. Later rows that disagree get a warning (or an error for another kelurahan). Because
the rules depend only on the file's order, an import re-run after a crash decides exactly
as an uninterrupted one. A journal undoes a batch whose transaction failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .values import Record, RowError

HOUSEHOLD_FIELDS = ("address", "dwelling_status", "rt")


@dataclass(slots=True)
class KkState:
    row: int
    kelurahan_code: str
    address: str = ""
    address_row: int = 0
    dwelling_status: str = ""
    dwelling_status_row: int = 0
    rt: tuple[int, int] | None = None  # (rw, rt)
    rt_row: int = 0
    head_row: int = 0


class FileState:
    """What earlier rows of this file decided; `accept` checks a row against it."""

    def __init__(self) -> None:
        self.niks: dict[int, int] = {}  # NIK as int (smaller) -> row
        self.kks: dict[str, KkState] = {}
        self._new_niks: list[int] = []
        self._new_kks: list[str] = []
        self._saved: dict[int, tuple[KkState, tuple]] = {}

    # -- transactions: a batch whose transaction failed is forgotten ---------

    def begin(self) -> None:
        self._new_niks, self._new_kks, self._saved = [], [], {}

    def commit(self) -> None:
        self.begin()

    def rollback(self) -> None:
        for key in self._new_niks:
            del self.niks[key]
        for kk in self._new_kks:
            del self.kks[kk]
        for state, values in self._saved.values():
            for name, value in zip(KkState.__slots__, values, strict=True):
                setattr(state, name, value)
        self.begin()

    def _save(self, state: KkState) -> None:
        if id(state) not in self._saved:
            self._saved[id(state)] = (state, tuple(getattr(state, n) for n in KkState.__slots__))

    # -- rules --------------------------------------------------------------

    def household(self, kk: str) -> KkState | None:
        return self.kks.get(kk)

    def accept(self, rec: Record) -> tuple[list[RowError], list[RowError], dict]:
        """(errors, warnings, household fields this row defines). With errors, nothing of
        the row is remembered."""
        key = int(rec.nik)
        first = self.niks.get(key)
        if first is not None:
            return (
                [
                    RowError(
                        rec.row,
                        "nik",
                        rec.nik,
                        f"NIK ini sudah ada di baris {first} berkas ini; baris ini dilewati.",
                        f"This NIK already appears in row {first} of this file; row skipped.",
                    )
                ],
                [],
                {},
            )
        rt = (rec.rw, rec.rt) if rec.rt is not None and rec.rw is not None else None
        state = self.kks.get(rec.kk)
        if state is None:  # the first row of this KK defines its household
            row = rec.row
            self.kks[rec.kk] = KkState(
                row=row,
                kelurahan_code=rec.kelurahan_code,
                address=rec.address,
                address_row=row if rec.address else 0,
                dwelling_status=rec.dwelling_status,
                dwelling_status_row=row if rec.dwelling_status else 0,
                rt=rt,
                rt_row=row if rt else 0,
                head_row=row if rec.relationship == "head" else 0,
            )
            self._new_kks.append(rec.kk)
            self.niks[key] = row
            self._new_niks.append(key)
            defined: dict = {"kelurahan_code": rec.kelurahan_code}
            if rec.address:
                defined["address"] = rec.address
            if rec.dwelling_status:
                defined["dwelling_status"] = rec.dwelling_status
            if rt:
                defined["rt"] = rt
            return [], [], defined

        errors: list[RowError] = []
        if state.kelurahan_code != rec.kelurahan_code:
            errors.append(
                RowError(
                    rec.row,
                    "kelurahan_code",
                    rec.kelurahan_code,
                    f"KK ini sudah tercatat di kelurahan {state.kelurahan_code} (baris "
                    f"{state.row}); satu KK hanya satu alamat.",
                    f"This KK is already in kelurahan {state.kelurahan_code} (row {state.row}); "
                    "one KK has one address.",
                )
            )
        if rec.relationship == "head" and state.head_row:
            errors.append(
                RowError(
                    rec.row,
                    "relationship",
                    "kepala keluarga",
                    f"KK ini sudah punya kepala keluarga di baris {state.head_row}.",
                    f"This KK already has a head of family in row {state.head_row}.",
                )
            )
        if errors:
            return errors, [], {}

        self.niks[key] = rec.row
        self._new_niks.append(key)
        defined = {}
        warnings: list[RowError] = []
        for name, value in (
            ("address", rec.address),
            ("dwelling_status", rec.dwelling_status),
            ("rt", rt),
        ):
            if not value:
                continue
            current = getattr(state, name)
            if not current:
                self._save(state)
                setattr(state, name, value)
                setattr(state, f"{name}_row", rec.row)
                defined[name] = value
            elif current != value:
                warnings.append(
                    _conflict(rec.row, name, value, current, getattr(state, f"{name}_row"))
                )
        if rec.relationship == "head":
            self._save(state)
            state.head_row = rec.row
        return [], warnings, defined


def _conflict(row: int, name: str, value, current, first_row: int) -> RowError:
    def show(v) -> str:
        return f"RT {v[1]:03d}/RW {v[0]:03d}" if isinstance(v, tuple) else str(v)

    column = "rt" if name == "rt" else name
    return RowError(
        row,
        column,
        show(value),
        f"Rumah tangga KK ini sudah diisi '{show(current)}' di baris {first_row}; "
        "nilai baris ini tidak dipakai.",
        f"This KK's household already has '{show(current)}' from row {first_row}; "
        "this row's value is not used.",
        warning=True,
    )
