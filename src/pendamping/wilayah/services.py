"""The wilayah app owns the area tree, its history and population figures.

Writes here: loading the reference data (idempotent), and creating RW/RT below a kelurahan.
"""

import csv
import gzip
import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import LEVEL_DEPTH, Area, AreaVersion, Level, Population, ReferenceLoad, name_key

DATA_DIR = Path(__file__).resolve().parent / "data"
REORGANISATION_2021 = date(2020, 12, 30)  # Perda Kota Pekanbaru 2/2020 in force
REORGANISATION_SOURCE = "Perda Kota Pekanbaru 2/2020 (in force 30 December 2020)"
TABLE1_SOURCE = "Disdukcapil Kota Pekanbaru 2022 (Table 1 of the study)"
DUKCAPIL_2024_SOURCE = "Ditjen Dukcapil Kemendagri, Semester II 2024"
SNAPSHOT_END = {"2020": date(2021, 1, 1), "2022": date(2023, 1, 1), "2023": date(2025, 5, 25)}


def _parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def _checksum(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    skipped: bool = False


@transaction.atomic
def reference_areas_load(*, force: bool = False, only: str | None = None) -> LoadReport:
    """Load the national code list, retired codes and Pekanbaru's history. Safe to repeat.

    `only` restricts the load to one province code (tests use it to stay fast).
    """
    files = [
        DATA_DIR / "wilayah_indonesia.csv.gz",
        DATA_DIR / "wilayah_retired_codes.csv",
        DATA_DIR / "wilayah_retired_codes_successors.csv",
        DATA_DIR / "wilayah_pekanbaru.csv",
        DATA_DIR / "pekanbaru_population_2021.csv",
        DATA_DIR / "penduduk_pekanbaru_2024.csv",
        DATA_DIR / "geo" / "pekanbaru_kelurahan.geojson",
        DATA_DIR / "geo" / "pekanbaru_kecamatan_from_kelurahan.geojson",
    ]
    checksum = _checksum(*files)
    marker_name = f"wilayah:{only}" if only else "wilayah"
    marker = ReferenceLoad.objects.filter(name=marker_name).first()
    if marker and marker.checksum == checksum and not force:
        return LoadReport(skipped=True)

    report = LoadReport()
    rows: dict[str, dict] = {}
    with gzip.open(files[0], "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if only and row["code"].split(".")[0] != only:
                continue
            rows[row["code"]] = {"name": row["name"], "level": row["level"], "valid_to": None}

    pekanbaru = list(csv.DictReader(files[3].open(encoding="utf-8")))
    lineage_codes = {r["former_code"] for r in pekanbaru if r["level"] == "kelurahan"}
    with files[1].open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code"] in lineage_codes or (only and row["code"].split(".")[0] != only):
                continue  # a former code of a current Pekanbaru kelurahan: kept as its version
            rows[row["code"]] = {
                "name": row["name"],
                "level": row["level"],
                "valid_to": SNAPSHOT_END[row["last_seen_snapshot"]],
                "note": (
                    f"Retired code, last seen in the {row['last_seen_snapshot']} Kemendagri "
                    "snapshot; the end date is the next snapshot's, not an official date."
                ),
            }
    for row in pekanbaru:
        entry = rows[row["code"]]
        entry["alt_name"] = row["alt_name"]
        entry["note"] = row["note"]

    existing = {a.code: a for a in Area.objects.all()}
    by_depth = sorted(rows.items(), key=lambda kv: (kv[0].count("."), kv[0]))
    for depth in sorted({code.count(".") for code in rows}):
        batch_new, batch_changed = [], []
        for code, entry in by_depth:
            if code.count(".") != depth:
                continue
            parent = existing.get(_parent_code(code))
            fields = {
                "name": entry["name"],
                "name_key": name_key(entry["name"]),
                "alt_name": entry.get("alt_name", ""),
                "alt_name_key": name_key(entry.get("alt_name", "")),
                "level": entry["level"],
                "parent_id": parent.pk if parent else None,
                "valid_to": entry["valid_to"],
                "note": entry.get("note", ""),
            }
            area = existing.get(code)
            if area is None:
                batch_new.append(Area(code=code, **fields))
            elif any(getattr(area, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(area, k, v)
                batch_changed.append(area)
        for area in Area.objects.bulk_create(batch_new, batch_size=2000):
            existing[area.code] = area
        # bulk_create on some backends returns objects without pk; re-read them.
        if batch_new and batch_new[0].pk is None:
            for area in Area.objects.filter(code__in=[a.code for a in batch_new]):
                existing[area.code] = area
        Area.objects.bulk_update(batch_changed, list(fields), batch_size=2000)
        report.created += len(batch_new)
        report.updated += len(batch_changed)

    _link_successors(files[2], existing)
    _load_pekanbaru_history(pekanbaru, existing)
    _load_geometry(files[6], files[7], existing)
    _load_population(files[4], files[5], existing)
    ReferenceLoad.objects.update_or_create(name=marker_name, defaults={"checksum": checksum})
    return report


def _link_successors(path: Path, existing: dict[str, Area]) -> None:
    changed = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            old, new = existing.get(row["old_code"]), existing.get(row["current_code"])
            if old and new and old.successor_id != new.pk:
                old.successor_id = new.pk
                changed.append(old)
    Area.objects.bulk_update(changed, ["successor"], batch_size=2000)


def _load_pekanbaru_history(rows: list[dict], existing: dict[str, Area]) -> None:
    """The 2021 reorganisation: new kecamatan, renamed ones, kelurahan that changed parent."""
    old_names = {"14.71.06": "Rumbai", "14.71.08": "Tampan", "14.71.12": "Rumbai Pesisir"}
    for row in rows:
        area = existing[row["code"]]
        if row["level"] == "kecamatan" and row["former_code"]:
            Area.objects.filter(pk=area.pk).update(valid_from=REORGANISATION_2021)
        if row["code"] in old_names:
            AreaVersion.objects.update_or_create(
                area=area,
                valid_from=None,
                defaults={
                    "code": row["code"],
                    "name": old_names[row["code"]],
                    "parent_code": row["parent_code"],
                    "valid_to": REORGANISATION_2021,
                    "source": REORGANISATION_SOURCE,
                },
            )
        if row["level"] == "kelurahan" and row["former_code"]:
            AreaVersion.objects.update_or_create(
                area=area,
                valid_from=None,
                defaults={
                    "code": row["former_code"],
                    "name": row["name"],
                    "parent_code": row["former_parent_code"],
                    "valid_to": REORGANISATION_2021,
                    "source": REORGANISATION_SOURCE,
                },
            )


def _ring_area_km2(ring: list[list[float]]) -> tuple[float, float, float]:
    """Area (km²) and centroid of a lon/lat ring, on a local equirectangular projection."""
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    kx, ky = 111.320 * math.cos(lat0), 110.574
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    a /= 2
    return abs(a) * kx * ky, cx / (6 * a), cy / (6 * a)


def _load_geometry(kelurahan_path: Path, kecamatan_path: Path, existing: dict[str, Area]) -> None:
    changed = []
    for path in (kelurahan_path, kecamatan_path):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            area = existing.get(feature["properties"]["code"])
            if area is None:
                continue
            km2, lon, lat = _ring_area_km2(feature["geometry"]["coordinates"][0])
            area.area_km2, area.centroid_lon, area.centroid_lat = round(km2, 3), lon, lat
            changed.append(area)
    Area.objects.bulk_update(changed, ["area_km2", "centroid_lon", "centroid_lat"])


def _load_population(table1: Path, dukcapil: Path, existing: dict[str, Area]) -> None:
    kecamatan = {
        a.name_key: a
        for a in existing.values()
        if a.code.startswith("14.71.") and a.code.count(".") == 2
    }
    kecamatan.update({a.alt_name_key: a for a in kecamatan.values() if a.alt_name_key})
    totals = [0, 0, 0]
    with table1.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            area = kecamatan[name_key(row["kecamatan"])]
            male, female, total = int(row["male"]), int(row["female"]), int(row["total"])
            totals = [totals[0] + male, totals[1] + female, totals[2] + total]
            population_record(
                area=area, year=2021, source=TABLE1_SOURCE, male=male, female=female, total=total
            )
    population_record(
        area=existing["14.71"],
        year=2021,
        source=TABLE1_SOURCE,
        male=totals[0],
        female=totals[1],
        total=totals[2],
        note="Sum of the 15 kecamatan",
    )
    with dukcapil.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            population_record(
                area=existing[row["code"]],
                year=2024,
                source=DUKCAPIL_2024_SOURCE,
                male=int(row["male"]),
                female=int(row["female"]),
                total=int(row["total"]),
                note=row["period"],
            )


def population_record(
    *,
    area: Area,
    year: int,
    source: str,
    total: int,
    male: int | None = None,
    female: int | None = None,
    note: str = "",
) -> Population:
    """Store one source's figure for an area and year, replacing that source's earlier figure."""
    population, _ = Population.objects.update_or_create(
        area=area,
        year=year,
        source=source,
        defaults={"male": male, "female": female, "total": total, "note": note},
    )
    return population


def area_ensure_rt(*, kelurahan: Area, rw: int, rt: int) -> Area:
    """Return the RT `rt` of RW `rw` in a kelurahan, creating both when missing.

    RW and RT have no Kemendagri codes; ours extend the kelurahan code: 14.71.01.1002.003.005.
    """
    rw_code = f"{kelurahan.code}.{rw:03d}"
    rw_area, _ = Area.objects.get_or_create(
        code=rw_code,
        defaults={"name": f"RW {rw:03d}", "level": Level.RW, "parent": kelurahan},
    )
    rt_area, _ = Area.objects.get_or_create(
        code=f"{rw_code}.{rt:03d}",
        defaults={"name": f"RT {rt:03d} / RW {rw:03d}", "level": Level.RT, "parent": rw_area},
    )
    return rt_area


def level_depth(level: str) -> int:
    return LEVEL_DEPTH[Level(level)]
