"""Demo reconciliation: a small DTSEN extract derived from the registry of two kelurahan with
the differences real extracts have (moves, a new RT, deaths, spelling, missing NIKs, new and
missing people), imported as a snapshot and reconciled, so the lists, the review queue and
the field checks have something to show.

Called by the main demo after the registry is built:
    from pendamping.linkage.demo import build_linkage_demo
    build_linkage_demo(rng=rng, scale=scale)
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from pendamping.accounts.models import Role, User
from pendamping.registry.demo_names import NameGenerator, spelling_variant
from pendamping.registry.models import Person, RecordStatus

HEADER = (
    "ID_DTSEN",
    "NIK",
    "NO_KK",
    "NAMA",
    "TEMPAT_LAHIR",
    "TGL_LAHIR",
    "JENIS_KELAMIN",
    "HUB_KRT",
    "ALAMAT",
    "RT",
    "RW",
    "KODE_DESA",
    "DESIL",
    "PKH",
    "BPNT",
    "KETERANGAN",
)
SHDK = {"head": "1", "spouse": "3", "child": "4", "parent": "7", "grandchild": "6"}
STREETS = ("Jl. Kaharuddin Nasution", "Jl. Paus", "Jl. Durian", "Jl. Soekarno-Hatta", "Jl. Garuda")


def _rt_rw(code: str | None) -> tuple[str, str]:
    if not code or code.count(".") < 5:
        return "", ""
    parts = code.split(".")
    return parts[-1], parts[-2]


def extract_rows(people: list[Person], rng: random.Random, *, other_kelurahan: str) -> list[list]:
    """Rows of a DTSEN-like extract for these registry people (grouped by household), with
    realistic differences drawn from ``rng``."""
    by_household: dict[int, list[Person]] = defaultdict(list)
    for p in people:
        by_household[p.household_id].append(p)
    rows: list[list] = []
    serial = 0
    names = NameGenerator(rng)
    for index, members in enumerate(by_household.values()):
        household = members[0].household
        rt, rw = _rt_rw(household.rt.code if household.rt_id else None)
        address, kel = household.address, household.kelurahan.code
        r = rng.random()
        if index == 1:
            r = 0.0  # at least one household has moved, whatever the draws

        if r < 0.10:  # moved: a new address, sometimes in the other kelurahan
            address = f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}"
            rt, rw = f"{rng.randint(1, 5):03d}", f"{rng.randint(1, 6):03d}"
            if rng.random() < 0.5:
                kel = other_kelurahan
        elif r < 0.15:  # the same street, a new RT
            rt = f"{rng.randint(1, 9):03d}"
        decile = rng.randint(1, 10)
        for person in members:
            dropped = rng.random() < 0.05
            if dropped or (index == 2 and person is members[-1] and len(members) > 1):
                continue  # not in the national data: an exclusion error to check
            serial += 1
            name = person.name
            if rng.random() < 0.3:
                name = name.upper()
            if rng.random() < 0.1:
                name = spelling_variant(name, rng)
            if rng.random() < 0.05 and person.relationship == "head":
                name = ("H. " if person.sex == "L" else "Hj. ") + name
            dob = person.birth_date
            dob_text = dob.strftime("%d-%m-%Y") if dob else ""
            if dob and dob.day <= 12 and rng.random() < 0.03:
                dob_text = f"{dob.month:02d}-{dob.day:02d}-{dob.year}"
            status = ""
            if person.status == RecordStatus.ACTIVE and rng.random() < 0.03:
                status = "MENINGGAL"
            rows.append(
                [
                    f"DTSEN{household.pk:07d}{serial:04d}",
                    "" if rng.random() < 0.04 else (person.nik or ""),
                    household.kk,
                    name,
                    person.birth_place,
                    dob_text,
                    "Laki-laki" if person.sex == "L" else "Perempuan",
                    SHDK.get(person.relationship, "8"),
                    address,
                    rt,
                    rw,
                    kel.replace(".", ""),
                    str(decile),
                    "1" if decile <= 4 and rng.random() < 0.7 else "0",
                    "1" if decile <= 5 and rng.random() < 0.8 else "0",
                    status,
                ]
            )
        if rng.random() < 0.04:  # a newborn the registry does not know yet
            serial += 1
            family = names.family()
            born = date(2024, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                [
                    f"DTSEN{household.pk:07d}{serial:04d}",
                    "",
                    household.kk,
                    family.person_name(sex="P", relationship="child", birth_year=2024),
                    "Pekanbaru",
                    born.strftime("%d-%m-%Y"),
                    "Perempuan",
                    "4",
                    address,
                    rt,
                    rw,
                    kel.replace(".", ""),
                    str(decile),
                    "0",
                    "0",
                    "",
                ]
            )
    return rows


def write_extract(path: Path, rows: list[list], header: tuple[str, ...] = HEADER) -> Path:
    """A CSV as the national exports look: semicolons, upper-case headers, DD-MM-YYYY."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def demo_people(*, limit: int) -> tuple[list[Person], str]:
    """Registry people of the kelurahan with the most people (at least two kelurahan, about
    ``limit`` people), and the code of the second one (where some families moved)."""
    from django.db.models import Count

    counts = (
        Person.objects.values("household__kelurahan__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "household__kelurahan__code")
    )
    codes: list[str] = []
    total = 0
    for row in counts:
        codes.append(row["household__kelurahan__code"])
        total += row["n"]
        if len(codes) >= 2 and total >= limit:
            break
    if not codes:
        return [], ""
    people = list(
        Person.objects.filter(household__kelurahan__code__in=codes)
        .select_related("household__rt", "household__kelurahan")
        .order_by("household_id", "pk")[:limit]
    )
    return people, codes[min(1, len(codes) - 1)]


def build_linkage_demo(*, rng: random.Random, scale: int) -> dict:
    """A snapshot of a few hundred rows, one finished reconciliation with its field checks."""
    from . import reconciliation, services

    supervisor = User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk").first()
    if supervisor is None:
        return {}
    people, other = demo_people(limit=max(60, min(400, scale // 50)))
    if not people:
        return {}
    rows = extract_rows(people, rng, other_kelurahan=other)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_extract(Path(tmp) / "dtsen-pekanbaru-demo.csv", rows)
        snapshot = services.snapshot_import(
            actor=supervisor,
            path=path,
            source="dtsen",
            as_of=date(2025, 6, 30),
            label="DTSEN Juni 2025 (demo)",
        )
    from .models import ReconciliationRun

    run = ReconciliationRun.objects.create(
        snapshot=snapshot, started_by=supervisor, backend=reconciliation.backend()
    )
    run = reconciliation.execute(run.pk)
    return {"national_records": snapshot.row_count, "run": run.pk, **run.counts}
