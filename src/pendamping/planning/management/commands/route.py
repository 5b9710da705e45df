"""`pendamping route plan STOPS.csv --out ROUTE.csv`: plan a day of field visits from a CSV.

STOPS.csv: id,lat,lon,service_minutes,earliest,latest,priority (times HH:MM, priority 1 highest
to 3); the first row is the depot (office or home). ROUTE.csv: seq,id,arrival,departure,status
with the visits in order, then the dropped stops. Errors are given in Indonesian and English;
on any error nothing is written.
"""

import csv
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pendamping.planning.routing import Stop, plan_day

COLUMNS = ["id", "lat", "lon", "service_minutes", "earliest", "latest", "priority"]


class InputError(CommandError):
    def __init__(self, indonesian: str, english: str):
        super().__init__(f"{indonesian} / {english}")


def parse_time(text: str, where: str) -> int:
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise InputError(
            f"{where}: waktu '{text}' tidak valid (pakai JJ:MM)",
            f"{where}: time '{text}' is not valid (use HH:MM)",
        )
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise InputError(
            f"{where}: waktu '{text}' di luar 00:00-24:00",
            f"{where}: time '{text}' is outside 00:00-24:00",
        )
    return value


def hhmm(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60:02d}:{total % 60:02d}"


def _number(row: dict, column: str, where: str, kind=float):
    text = (row.get(column) or "").strip()
    try:
        return kind(text)
    except ValueError:
        raise InputError(
            f"{where}: kolom {column} '{text}' bukan angka",
            f"{where}: column {column} '{text}' is not a number",
        ) from None


def read_stops(path: Path) -> list[Stop]:
    """The rows of STOPS.csv as stops, the depot first; InputError on anything wrong."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"berkas {path} tidak ditemukan", f"file {path} not found") from None
    except UnicodeDecodeError:
        raise InputError(
            f"berkas {path} bukan UTF-8 (simpan ulang sebagai CSV UTF-8)",
            f"file {path} is not UTF-8 (save it again as CSV UTF-8)",
        ) from None
    reader = csv.DictReader(text.splitlines())
    header = [c.strip() for c in reader.fieldnames or []]
    if not header:
        raise InputError(f"berkas {path} kosong", f"file {path} is empty")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"kolom tidak ada: {', '.join(missing)} (perlu {','.join(COLUMNS)})",
            f"missing columns: {', '.join(missing)} (need {','.join(COLUMNS)})",
        )
    stops, seen = [], set()
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "") for k, v in raw.items()}
        if not any(v.strip() for v in row.values()):
            continue
        where_id, where_en = f"baris {line}", f"line {line}"
        sid = row["id"].strip()
        if not sid or sid in seen:
            raise InputError(
                f"{where_id}: id kosong atau ganda '{sid}'",
                f"{where_en}: empty or repeated id '{sid}'",
            )
        seen.add(sid)
        lat, lon = _number(row, "lat", where_en), _number(row, "lon", where_en)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(
                f"{where_id}: lat/lon di luar jangkauan ({lat}, {lon})",
                f"{where_en}: lat/lon out of range ({lat}, {lon})",
            )
        depot = not stops
        service = 0 if depot and not row["service_minutes"].strip() else None
        if service is None:
            service = _number(row, "service_minutes", where_en, int)
        if service < 0:
            raise InputError(
                f"{where_id}: lama layanan negatif", f"{where_en}: service minutes are negative"
            )
        earliest = parse_time(row["earliest"] or "00:00", where_en)
        latest = parse_time(row["latest"] or "24:00", where_en)
        if earliest > latest:
            raise InputError(
                f"{where_id}: earliest {row['earliest']} setelah latest {row['latest']}",
                f"{where_en}: earliest {row['earliest']} is after latest {row['latest']}",
            )
        priority = 3 if depot and not row["priority"].strip() else None
        if priority is None:
            priority = _number(row, "priority", where_en, int)
        if priority not in (1, 2, 3):
            raise InputError(
                f"{where_id}: prioritas harus 1, 2 atau 3",
                f"{where_en}: priority must be 1, 2 or 3",
            )
        stops.append(Stop(sid, lat, lon, service, earliest, latest, priority))
    if not stops:
        raise InputError(f"berkas {path} tidak berisi baris", f"file {path} has no rows")
    return stops


def write_route(path: Path, plan) -> None:
    """Write atomically: a temporary file in the same folder, renamed when complete."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=".route-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["seq", "id", "arrival", "departure", "status"])
            for seq, v in enumerate(plan.visits, start=1):
                out.writerow([seq, v.id, hhmm(v.arrival), hhmm(v.departure), "visit"])
            for sid in plan.dropped:
                out.writerow(["", sid, "", "", "dropped"])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Rencana rute kunjungan sehari / plan a day of field visits"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="STOPS.csv -> ROUTE.csv")
        plan.add_argument("stops", type=Path, help="CSV: " + ",".join(COLUMNS))
        plan.add_argument("--out", type=Path, required=True, help="ROUTE.csv to write")
        plan.add_argument("--start", help="leave the depot at HH:MM (default: its earliest)")
        plan.add_argument("--end", help="back at the depot by HH:MM (default: its latest)")
        plan.add_argument("--speed", type=float, default=25.0, help="km/h (default 25)")
        plan.add_argument("--detour", type=float, default=1.4, help="road/straight (default 1.4)")
        plan.add_argument("--time-limit", type=float, default=2.0, help="seconds (default 2)")

    def handle(self, *args, **options) -> None:
        if options["speed"] <= 0 or options["detour"] < 1 or options["time_limit"] <= 0:
            raise InputError(
                "--speed dan --time-limit harus positif, --detour minimal 1",
                "--speed and --time-limit must be positive, --detour at least 1",
            )
        depot, *stops = read_stops(options["stops"])
        start = parse_time(options["start"], "--start") if options["start"] else None
        end = parse_time(options["end"], "--end") if options["end"] else None
        start = start if start is not None else (depot.earliest if depot.earliest else 8 * 60)
        end = end if end is not None else (depot.latest if depot.latest < 24 * 60 else 16 * 60)
        if start >= end:
            raise InputError("jam mulai harus sebelum jam selesai", "start must be before end")
        plan = plan_day(
            depot,
            stops,
            start=start,
            end=end,
            speed_kmh=options["speed"],
            detour=options["detour"],
            time_limit_s=options["time_limit"],
        )
        write_route(options["out"], plan)
        self.stdout.write(
            f"{len(plan.visits)} kunjungan / visits, {len(plan.dropped)} ditunda / dropped\n"
            f"waktu tempuh / travel time: {plan.travel_minutes:.0f} min "
            f"({hhmm(plan.start)}-{hhmm(plan.finish)})\n"
            f"jarak / distance: {plan.distance_km:.1f} km\n"
            f"-> {options['out']}"
        )
