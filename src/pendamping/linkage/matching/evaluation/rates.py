"""The rates of each corruption, and the constants of the generated data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..prepare import CANONICAL

REFERENCE_DAY = date(2026, 11, 1)
COLUMNS = ("id", *CANONICAL)
_WILAYAH = Path(__file__).resolve().parents[3] / "wilayah" / "data" / "wilayah_pekanbaru.csv"
STREETS = (
    "Jl. Jend. Sudirman",
    "Jl. Tuanku Tambusai",
    "Jl. HR. Soebrantas",
    "Jl. Riau",
    "Jl. Garuda Sakti",
    "Jl. Kaharuddin Nasution",
    "Jl. Arifin Ahmad",
    "Jl. Paus",
    "Jl. Delima",
    "Jl. Soekarno-Hatta",
    "Jl. Yos Sudarso",
    "Jl. Imam Munandar",
    "Jl. Hangtuah",
    "Jl. Sultan Syarif Kasim",
    "Jl. Durian",
    "Jl. Cipta Karya",
    "Jl. Taskurun",
    "Jl. Srikandi",
    "Jl. Pepaya",
    "Jl. Rambutan",
    "Jl. Kartama",
    "Jl. Sekolah",
    "Jl. Bangau Sakti",
    "Jl. Lintas Timur",
    "Jl. Air Dingin",
    "Jl. Pesantren",
    "Jl. Nenas",
    "Jl. Suka Karya",
    "Jl. Uka",
    "Jl. Parit Indah",
)
MIGRANT_KECAMATAN = ("13.71.01", "13.71.03", "12.71.02", "14.01.01", "14.06.02", "33.72.01")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Rates:
    """Corruption and coverage rates (per person unless said otherwise)."""

    in_extract: float = 0.85  # a registry person is also in the extract
    extract_only_households: float = 0.12  # extra households only the extract has
    duplicate_registry: float = 0.005
    duplicate_extract: float = 0.01
    twins: float = 0.04  # households with children that have twins
    similar_sibling_names: float = 0.3
    no_nik: float = 0.04  # in the registry (mostly babies otherwise)
    nik_missing: float = 0.06  # in the extract
    nik_one_digit: float = 0.03
    nik_two_digits: float = 0.01
    nik_transposed: float = 0.01
    nik_malformed: float = 0.005  # Excel's 1.47101E+15 and the like
    upper_case: float = 0.5
    spelling: float = 0.15
    typo: float = 0.06
    honorific: float = 0.05
    shortened: float = 0.03  # only the first words of the name
    dob_missing: float = 0.02
    dob_swapped: float = 0.03
    dob_year_off: float = 0.01
    dob_digit: float = 0.01
    dob_placeholder: float = 0.01  # 1 July or 1 January of the year
    dob_malformed: float = 0.003
    sex_missing: float = 0.02
    sex_wrong: float = 0.005
    household_moved: float = 0.10  # per household: another kelurahan
    household_moved_rt: float = 0.05  # per household: another RT in the same kelurahan
    new_kk_after_move: float = 0.5
    new_kk: float = 0.03  # per person: a new card (a child married, a split family)
    address_rewritten: float = 0.3
    birth_place_missing: float = 0.1
    birth_place_other: float = 0.04  # the city of the hospital, the regency, a guess
