"""`nik check NIK [NIK ...]`: validate and decode NIK (or KK) numbers from the shell.

Meant for staff who get a number over the phone or from a spreadsheet and want to know
what it says and what is wrong with it, without opening the registry.
"""

from __future__ import annotations

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pendamping.registry.nik import (
    AreaCodes,
    KkResult,
    NikResult,
    Problem,
    default_codes,
    mask,
    validate_kk,
    validate_nik,
)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal harus berformat YYYY-MM-DD, bukan {text!r}"
        ) from None


def _sex(text: str) -> str:
    value = text.strip().upper()
    if value not in {"L", "P"}:
        raise argparse.ArgumentTypeError("jenis kelamin harus L atau P")
    return value


def _problems_text(problems: tuple[Problem, ...]) -> str:
    return "; ".join(f"{p.code}: {p.message_id.rstrip('.')}" for p in problems)


def format_line(
    result: NikResult | KkResult, *, masked: bool = False, codes: AreaCodes | None = None
) -> str:
    """One line per number, so the output can be grepped or pasted into a chat."""
    shown = mask(result.value) if masked else result.value
    parts = [shown or "(kosong)"]
    if result.valid:
        parts.append("OK")
        code = result.kecamatan_code or ""
        name = (codes or default_codes()).name(code)
        parts.append(f"kecamatan {code} ({name})" if name else f"kecamatan {code}")
        if isinstance(result, NikResult):
            parts.append(f"lahir {result.birth_date.isoformat() if result.birth_date else '?'}")
            parts.append(result.sex or "?")
        else:
            parts.append(f"terbit {result.issued_on.isoformat() if result.issued_on else '?'}")
        parts.append(f"serial {result.serial}")
    else:
        parts.append("INVALID")
        parts.append(_problems_text(result.errors))
    if result.warnings:
        parts.append("PERINGATAN " + _problems_text(result.warnings))
    return "  ".join(parts)


class Command(BaseCommand):
    help = "Periksa dan uraikan NIK atau nomor KK: `nik check NIK [NIK ...]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{check}")
        check = sub.add_parser("check", help="Periksa satu atau lebih NIK (atau KK dengan --kk).")
        check.add_argument("numbers", nargs="+", metavar="NIK")
        check.add_argument(
            "--birth-date",
            type=_parse_date,
            metavar="YYYY-MM-DD",
            help="Tanggal lahir tercatat, untuk semua NIK (menentukan abad, cek kecocokan).",
        )
        check.add_argument(
            "--sex", type=_sex, metavar="L|P", help="Jenis kelamin tercatat, untuk semua NIK."
        )
        check.add_argument(
            "--address",
            metavar="KODE",
            help="Kode kecamatan alamat sekarang, mis. 14.71.08 (hanya untuk peringatan).",
        )
        check.add_argument(
            "--today", type=_parse_date, metavar="YYYY-MM-DD", help="Tanggal acuan (uji)."
        )
        check.add_argument("--kk", action="store_true", help="Periksa sebagai nomor KK.")
        check.add_argument("--mask", action="store_true", help="Samarkan nomor di keluaran.")

    def handle(self, *args, **options):
        if options.get("subcommand") != "check":
            raise CommandError("Subperintah yang tersedia: check")
        codes = default_codes()
        invalid = 0
        numbers = options["numbers"]
        for number in numbers:
            if options["kk"]:
                result: NikResult | KkResult = validate_kk(
                    number,
                    address_kecamatan_code=options.get("address"),
                    today=options.get("today"),
                    codes=codes,
                )
            else:
                result = validate_nik(
                    number,
                    birth_date=options.get("birth_date"),
                    sex=options.get("sex"),
                    address_kecamatan_code=options.get("address"),
                    today=options.get("today"),
                    codes=codes,
                )
            invalid += not result.valid
            self.stdout.write(format_line(result, masked=options["mask"], codes=codes))
        if invalid:
            raise CommandError(f"{invalid} dari {len(numbers)} nomor tidak valid.", returncode=1)
