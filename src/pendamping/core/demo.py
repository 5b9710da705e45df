"""A deterministic synthetic Pekanbaru: the real areas, the 246 workers of Table 2 as accounts,
and N PPKS people in households with structurally valid NIK/KK, RT/RW and a location point.

Everything is drawn from one `random.Random(seed)`, so the same scale and seed give the same
data. Rows are written in batches with `bulk_create`, so a million people fit in memory and time.
"""

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from pendamping.accounts.models import Assignment, Role, User
from pendamping.registry.demo_names import NameGenerator
from pendamping.registry.models import (
    Classification,
    DwellingStatus,
    Household,
    MaritalStatus,
    Person,
    PersonNameKey,
    PpksCategory,
    RecordStatus,
    Relationship,
)
from pendamping.registry.names import name_search_key
from pendamping.registry.nik import make_kk, make_nik
from pendamping.registry.services import name_key_frequencies_refresh, name_key_rows
from pendamping.wilayah.models import Area, Level, ReferenceLoad
from pendamping.wilayah.services import DATA_DIR, REORGANISATION_2021

DEMO_PASSWORD = "pendamping-demo"  # noqa: S105 - demo-only, printed in the README
REGION = "14.71"
TODAY = date(2026, 11, 1)  # fixed, so the data does not depend on the day it is generated
# The 12 TKSK work the kecamatan as they were before 2021 (the study, Table 2).
TKSK_AREAS = {
    "sukajadi": ["14.71.01"],
    "pekanbaru-kota": ["14.71.02"],
    "sail": ["14.71.03"],
    "limapuluh": ["14.71.04"],
    "senapelan": ["14.71.05"],
    "rumbai": ["14.71.06"],
    "bukit-raya": ["14.71.07"],
    "tampan": ["14.71.08", "14.71.13"],
    "marpoyan-damai": ["14.71.09"],
    "tenayan-raya": ["14.71.10", "14.71.14"],
    "payung-sekaki": ["14.71.11"],
    "rumbai-pesisir": ["14.71.12", "14.71.15"],
}
# New kecamatan whose people still carry the old kecamatan's code in NIKs issued before 2021.
NIK_CODE_BEFORE_2021 = {"14.71.13": "14.71.08", "14.71.14": "14.71.10", "14.71.15": "14.71.12"}
MIGRANT_PROVINCES = ("13", "12", "14", "33", "35", "32", "16", "15", "21", "73")
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
    "Jl. Pasir Putih",
    "Jl. Bambu Kuning",
    "Jl. Lintas Timur",
    "Jl. Umban Sari",
    "Jl. Air Dingin",
    "Jl. Kubang Raya",
    "Jl. Siak II",
    "Jl. Bukit Barisan",
    "Jl. Sembilang",
    "Jl. Nangka",
    "Jl. Kulim",
    "Jl. Dahlia",
    "Jl. Teropong",
    "Gg. Mawar",
    "Gg. Melati",
    "Gg. Kenanga",
    "Gg. Amal",
    "Gg. Ikhlas",
    "Gg. Sepakat",
    "Gg. Pinang",
)
OCCUPATIONS = (
    "Buruh harian lepas",
    "Pedagang kecil",
    "Petani",
    "Nelayan",
    "Tukang ojek",
    "Ibu rumah tangga",
    "Tidak bekerja",
    "Buruh bangunan",
    "Pemulung",
    "Asisten rumah tangga",
    "Sopir",
    "Tukang jahit",
    "Pelajar",
    "Wiraswasta",
)
EDUCATION = ("Tidak sekolah", "SD", "SMP", "SMA", "Diploma", "S1")


@dataclass
class DemoReport:
    users: int = 0
    households: int = 0
    people: int = 0
    classifications: int = 0
    rt: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class _Polygon:
    """A kelurahan ring for drawing random points inside it (ray casting)."""

    def __init__(self, ring: list[list[float]]) -> None:
        self.ring = ring
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))

    def contains(self, x: float, y: float) -> bool:
        inside = False
        ring = self.ring
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside

    def random_point(self, rng: random.Random) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bbox
        for _ in range(200):
            x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if self.contains(x, y):
                return round(y, 6), round(x, 6)
        return round((y0 + y1) / 2, 6), round((x0 + x1) / 2, 6)


def _load_polygons() -> dict[str, _Polygon]:
    data = json.loads(
        (DATA_DIR / "geo" / "pekanbaru_kelurahan.geojson").read_text(encoding="utf-8")
    )
    return {
        f["properties"]["code"]: _Polygon(f["geometry"]["coordinates"][0]) for f in data["features"]
    }


def demo_present() -> bool:
    return ReferenceLoad.objects.filter(name="demo").exists()


def demo_logins_text() -> str:
    if not demo_present():
        return ""
    examples = [
        ("admin", "Dinas Sosial administrator"),
        ("kabid", "Supervisor (Kabid)"),
        ("tksk.sukajadi", "TKSK Sukajadi"),
        ("tksk.tampan", "TKSK of old Tampan: Binawidya and Tuahmadani"),
        ("psm.jadirejo", "PSM Jadirejo (Sukajadi)"),
        ("pkh.01", "Pendamping PKH"),
        ("rt.jadirejo", "Ketua RT 001/RW 001 Jadirejo"),
    ]
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username:<16} {label}" for username, label in examples]
    lines.append("  ...and every worker of Table 2; see README.md")
    return "\n".join(lines)


def build_demo(
    *,
    scale: int = 20000,
    seed: int = 1471,
    progress: Callable[[str], None] | None = None,
    registry_only: bool = False,
) -> DemoReport:
    """Create the demo. `scale` is the number of PPKS people (about 3.6 per household).
    `registry_only` stops after the workforce and the registry (tests of the registry's part)."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    report = DemoReport()
    rng = random.Random(seed)
    names = NameGenerator(rng)
    region = Area.objects.get(code=REGION)
    kecamatan = list(
        Area.objects.filter(parent=region, level=Level.KECAMATAN, valid_to__isnull=True)
    )
    kelurahan = list(
        Area.objects.filter(parent__in=kecamatan, valid_to__isnull=True)
        .select_related("parent")
        .order_by("code")
    )
    population = {p.area_id: p.total for a in kecamatan for p in a.populations.all()[:1]}

    with transaction.atomic():
        t = time.perf_counter()
        rts = _build_rt(rng, kelurahan)
        report.rt = sum(len(v) for v in rts.values())
        report.users = _build_workforce(rng, names, kecamatan, kelurahan, population, rts)
        report.timings["areas_and_users"] = time.perf_counter() - t
        say(f"{report.users} accounts, {report.rt} RT")

    weights = [
        population.get(k.parent_id, 1) / sum(1 for x in kelurahan if x.parent_id == k.parent_id)
        for k in kelurahan
    ]
    categories = {c.code: c.pk for c in PpksCategory.objects.all()}
    polygons = _load_polygons()
    migrant_codes = list(
        Area.objects.filter(level=Level.KECAMATAN, valid_to__isnull=True)
        .filter(code__regex=r"^(" + "|".join(MIGRANT_PROVINCES) + r")\.")
        .values_list("code", flat=True)
    )
    serials: dict[str, int] = defaultdict(int)
    t = time.perf_counter()
    made = 0
    while made < scale:
        with transaction.atomic():
            batch = _build_batch(
                rng=rng,
                names=names,
                kelurahan=kelurahan,
                weights=weights,
                rts=rts,
                polygons=polygons,
                categories=categories,
                migrant_codes=migrant_codes,
                serials=serials,
                people_wanted=min(20000, scale - made),
            )
        made += batch[1]
        report.households += batch[0]
        report.people += batch[1]
        report.classifications += batch[2]
        say(f"{report.people:,} people in {report.households:,} households")
    name_key_frequencies_refresh()
    report.timings["registry"] = time.perf_counter() - t
    if registry_only:
        report.seconds = time.perf_counter() - started
        return report
    from pendamping.casework.demo import build_casework_demo

    t = time.perf_counter()
    # Casework is written case by case; beyond 20,000 people its volume stays that of 20,000.
    casework = build_casework_demo(rng=rng, scale=min(scale, 20000))
    report.timings["casework"] = time.perf_counter() - t
    say(f"{casework.get('cases', 0)} cases, {casework.get('activities', 0)} activities")
    from pendamping.mobility.demo import build_mobility_demo

    t = time.perf_counter()
    mobility = build_mobility_demo(rng=rng, scale=min(scale, 20000))
    report.timings["mobility"] = time.perf_counter() - t
    say(f"{mobility.get('reports', 0)} mobility reports, {mobility.get('confirmed', 0)} confirmed")
    from pendamping.programs.demo import build_programs_demo

    t = time.perf_counter()
    programs = build_programs_demo(rng=rng, scale=min(scale, 20000))
    report.timings["programs"] = time.perf_counter() - t
    say(f"{programs['enrolments']} enrolments, {programs['complaints']} complaints")
    from pendamping.planning.demo import build_planning_demo

    t = time.perf_counter()
    planning = build_planning_demo(rng=rng, scale=min(scale, 20000))
    report.timings["planning"] = time.perf_counter() - t
    say(f"{planning.get('workers', 0)} worker profiles, {planning.get('verval_tasks', 0)} checks")
    from pendamping.linkage.demo import build_linkage_demo

    t = time.perf_counter()
    linkage = build_linkage_demo(rng=rng, scale=min(scale, 20000))
    report.timings["linkage"] = time.perf_counter() - t
    say(f"{linkage.get('national_records', 0)} DTSEN rows reconciled")
    from pendamping.reports.demo import build_reports_demo

    t = time.perf_counter()
    reports = build_reports_demo(rng=rng, scale=scale)
    report.timings["reports"] = time.perf_counter() - t
    say(f"{reports['monthly_reports']} monthly reports, {reports['figures']} dashboard figures")
    ReferenceLoad.objects.update_or_create(name="demo", defaults={"checksum": f"{scale}:{seed}"})
    report.seconds = time.perf_counter() - started
    return report


def _build_rt(rng: random.Random, kelurahan: list[Area]) -> dict[int, list[Area]]:
    """RW and RT below each kelurahan (their numbers vary with the kelurahan's size)."""
    rw_rows, rt_rows = [], []
    plan: dict[int, list[tuple[int, int]]] = {}
    for kel in kelurahan:
        pairs = []
        for rw in range(1, rng.randint(6, 16) + 1):
            rw_rows.append(
                Area(
                    code=f"{kel.code}.{rw:03d}",
                    name=f"RW {rw:03d}",
                    name_key=f"rw{rw:03d}",
                    level=Level.RW,
                    parent=kel,
                )
            )
            pairs += [(rw, rt) for rt in range(1, rng.randint(3, 8) + 1)]
        plan[kel.pk] = pairs
    rw_by_code = {a.code: a for a in Area.objects.bulk_create(rw_rows, batch_size=2000)}
    if any(a.pk is None for a in rw_by_code.values()):
        rw_by_code = {
            a.code: a for a in Area.objects.filter(level=Level.RW, code__startswith=REGION)
        }
    for kel in kelurahan:
        for rw, rt in plan[kel.pk]:
            rt_rows.append(
                Area(
                    code=f"{kel.code}.{rw:03d}.{rt:03d}",
                    name=f"RT {rt:03d} / RW {rw:03d}",
                    name_key=f"rt{rt:03d}rw{rw:03d}",
                    level=Level.RT,
                    parent=rw_by_code[f"{kel.code}.{rw:03d}"],
                )
            )
    Area.objects.bulk_create(rt_rows, batch_size=2000)
    result: dict[int, list[Area]] = defaultdict(list)
    for area in Area.objects.filter(level=Level.RT, code__startswith=f"{REGION}.").select_related(
        "parent"
    ):
        result[area.parent.parent_id].append(area)
    return result


def _build_workforce(rng, names, kecamatan, kelurahan, population, rts) -> int:
    """The 246 workers of Table 2 as accounts with assignments, plus admin, Kabid and RT heads."""
    password = make_password(DEMO_PASSWORD)
    by_code = {a.code: a for a in [*kecamatan, *kelurahan]}
    since = date(2022, 1, 3)
    users: list[tuple[User, list[Area], str]] = []

    def person(username: str, role: str, areas: list[Area], note: str = "") -> None:
        family = names.family()
        sex = rng.choice("LP")
        full = family.person_name(sex=sex, relationship="head", birth_year=rng.randint(1965, 1998))
        first, _, last = full.partition(" ")
        user = User(
            username=username,
            role=role,
            first_name=first[:150],
            last_name=last[:150],
            password=password,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        users.append((user, areas, note))

    person("admin", Role.ADMIN, [])
    person("kabid", Role.SUPERVISOR, [])
    for slug, codes in TKSK_AREAS.items():
        note = "TKSK wilayah kecamatan lama (sebelum pemekaran 2021)" if len(codes) > 1 else ""
        person(f"tksk.{slug}", Role.TKSK, [by_code[c] for c in codes], note)
    # 156 PSM: one per kelurahan, the other 73 where people per kelurahan are most
    per_kel = {
        k.pk: population.get(k.parent_id, 1)
        / sum(1 for x in kelurahan if x.parent_id == k.parent_id)
        for k in kelurahan
    }
    extra = sorted(kelurahan, key=lambda k: -per_kel[k.pk])
    psm_counts = {k.pk: 1 for k in kelurahan}
    for i in range(156 - len(kelurahan)):
        psm_counts[extra[i % len(extra)].pk] += 1
    for kel in kelurahan:
        base = slugify(kel.name)
        for n in range(psm_counts[kel.pk]):
            person(f"psm.{base}" + (f".{n + 1}" if n else ""), Role.PSM, [kel])
    # 69 Pendamping PKH: 55 cover one kelurahan, 14 cover two neighbouring ones
    groups, i = [], 0
    while i < len(kelurahan):
        take = 2 if len(groups) < 14 else 1
        groups.append(kelurahan[i : i + take])
        i += take
    for n, group in enumerate(groups, start=1):
        person(f"pkh.{n:02d}", Role.PKH, group)
    for n in range(6):
        person(f"penyuluh.{n + 1}", Role.PENYULUH, kecamatan[n::6])
    region = kecamatan[0].parent
    for n in range(3):
        person(f"peksos.{n + 1}", Role.PEKSOS, [region], "Seluruh kota")
    for kel in kelurahan:
        person(f"rt.{slugify(kel.name)}", Role.RTRW, [rts[kel.pk][0]], "Ketua RT 001 / RW 001")

    created = User.objects.bulk_create([u for u, _, _ in users], batch_size=500)
    if created and created[0].pk is None:
        created = list(User.objects.filter(username__in=[u.username for u, _, _ in users]))
    by_username = {u.username: u for u in created}
    assignments = [
        Assignment(user=by_username[u.username], area=area, valid_from=since, note=note)
        for u, areas, note in users
        for area in areas
    ]
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    return len(created)


def _age_date(rng: random.Random, age_min: int, age_max: int) -> date:
    days = rng.randint(age_min * 365, age_max * 365 + 364)
    return TODAY - timedelta(days=days)


def _build_batch(
    *,
    rng,
    names,
    kelurahan,
    weights,
    rts,
    polygons,
    categories,
    migrant_codes,
    serials,
    people_wanted: int,
) -> tuple[int, int, int]:
    """One transaction's worth of households with their members and PPKS categories."""
    households: list[Household] = []
    members: list[list[Person]] = []
    person_categories: list[list[str]] = []
    household_categories: list[list[str]] = []
    count = 0
    chosen = rng.choices(kelurahan, weights=weights, k=max(1, people_wanted // 3 + 10))
    for kel in chosen:
        if count >= people_wanted:
            break
        people, person_cats, hh_cats = _household_members(
            rng, names, kel, migrant_codes, serials, people_wanted - count
        )
        rt = rng.choice(rts[kel.pk])
        lat, lon = polygons[kel.code].random_point(rng) if kel.code in polygons else (None, None)
        head = people[0]
        dwelling = rng.choices(
            [
                DwellingStatus.RENT,
                DwellingStatus.OWN,
                DwellingStatus.CONTRACT,
                DwellingStatus.LODGING,
                DwellingStatus.NONE,
            ],
            weights=[35, 40, 10, 12, 3],
        )[0]
        status = rng.choices(
            [RecordStatus.ACTIVE, RecordStatus.MOVED_WITHIN, RecordStatus.NOT_FOUND],
            weights=[95, 3, 2],
        )[0]
        issued = max(head.birth_date + timedelta(days=365 * 18), date(2005, 1, 1)) + timedelta(
            days=rng.randint(0, 3000)
        )
        kk_code = (
            NIK_CODE_BEFORE_2021.get(kel.parent.code, kel.parent.code)
            if issued < REORGANISATION_2021
            else kel.parent.code
        )
        issued = min(issued, TODAY)
        serials["kk" + kk_code + issued.isoformat()] += 1
        households.append(
            Household(
                kk=make_kk(kk_code, issued, serials["kk" + kk_code + issued.isoformat()]),
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
                kelurahan=kel,
                rt=rt,
                dwelling_status=dwelling,
                latitude=lat,
                longitude=lon,
                status=status,
            )
        )
        for p in people:
            p.kelurahan, p.rt, p.status = kel, rt, status
        members.append(people)
        person_categories.append(person_cats)
        household_categories.append(hh_cats)
        count += len(people)

    created = Household.objects.bulk_create(households, batch_size=2000)
    if created and created[0].pk is None:  # pragma: no cover - backends without RETURNING
        raise RuntimeError("The database must return primary keys from bulk inserts")
    flat: list[Person] = []
    for household, people in zip(created, members, strict=True):
        for p in people:
            p.household = household
            flat.append(p)
    Person.objects.bulk_create(flat, batch_size=2000)
    PersonNameKey.objects.bulk_create(
        [row for p in flat for row in name_key_rows(p)], batch_size=5000
    )
    classes: list[Classification] = []
    assessed = TODAY - timedelta(days=200)
    for household, people, p_cats, h_cats in zip(
        created, members, person_categories, household_categories, strict=True
    ):
        for code in h_cats:
            classes.append(
                Classification(
                    household=household,
                    category_id=categories[code],
                    assessed_on=assessed,
                    evidence="Demo: survey",
                )
            )
        for p, codes in zip(people, p_cats, strict=True):
            for code in codes:
                classes.append(
                    Classification(
                        person=p,
                        category_id=categories[code],
                        assessed_on=assessed,
                        evidence="Demo: home visit",
                    )
                )
    Classification.objects.bulk_create(classes, batch_size=2000)
    return len(created), len(flat), len(classes)


def _nik(
    rng, kel: Area, birth: date, sex: str, migrant_codes: list[str], serials, migrant: bool
) -> str:
    if migrant:
        code = rng.choice(migrant_codes)
    else:
        current = kel.parent.code
        code = (
            NIK_CODE_BEFORE_2021.get(current, current) if birth < REORGANISATION_2021 else current
        )
        if rng.random() < 0.15:  # moved within the city since the NIK was issued
            code = f"14.71.{rng.randint(1, 12):02d}"
    key = f"{code}{birth.isoformat()}{sex}"
    serials[key] += 1
    return make_nik(code, birth, sex, serials[key])


def _household_members(
    rng, names, kel, migrant_codes, serials, room: int
) -> tuple[list[Person], list[list[str]], list[str]]:
    family = names.family()
    migrant = rng.random() < 0.25
    shape = rng.random()
    head_sex = "P" if shape < 0.18 else "L"
    elderly_alone = shape > 0.93
    head_birth = _age_date(rng, 62, 88) if elderly_alone else _age_date(rng, 24, 70)
    specs: list[tuple[str, str, date]] = [(Relationship.HEAD, head_sex, head_birth)]
    if not elderly_alone and head_sex == "L" and rng.random() < 0.85:
        specs.append(
            (Relationship.SPOUSE, "P", head_birth + timedelta(days=rng.randint(-700, 2500)))
        )
    if not elderly_alone:
        head_age = (TODAY - head_birth).days // 365
        for _ in range(rng.choices([0, 1, 2, 3, 4, 5], weights=[10, 22, 30, 22, 10, 6])[0]):
            if head_age < 20:
                break
            age = rng.randint(0, min(head_age - 18, 30))
            specs.append((Relationship.CHILD, rng.choice("LP"), _age_date(rng, age, age)))
        if rng.random() < 0.04 and len(specs) > 2:  # twins
            rel, sex, birth = specs[-1]
            specs.append((rel, rng.choice("LP"), birth))
        if rng.random() < 0.12:
            specs.append((Relationship.PARENT, rng.choice("LP"), _age_date(rng, 62, 90)))
        if rng.random() < 0.05:
            specs.append((Relationship.OTHER_RELATIVE, rng.choice("LP"), _age_date(rng, 15, 40)))
    specs = specs[: max(1, room)]
    people: list[Person] = []
    person_cats: list[list[str]] = []
    for relationship, sex, birth in specs:
        name = family.person_name(sex=sex, relationship=relationship, birth_year=birth.year)
        age = (TODAY - birth).days // 365
        disability = ""
        cats: list[str] = []
        if rng.random() < 0.035:
            disability = rng.choice(["physical", "intellectual", "mental", "sensory", "multiple"])
            cats.append("PPKS05" if age < 18 else "PPKS09")
        if age >= 60 and (elderly_alone or rng.random() < 0.15):
            cats.append("PPKS08")
        if relationship == Relationship.HEAD and sex == "P" and rng.random() < 0.6:
            cats.append("PPKS23")
        if age < 18 and rng.random() < 0.01:
            cats.append(rng.choice(["PPKS02", "PPKS04"]))
        marital = (
            MaritalStatus.MARRIED
            if relationship in (Relationship.HEAD, Relationship.SPOUSE)
            and not (elderly_alone or (sex == "P" and relationship == Relationship.HEAD))
            else MaritalStatus.WIDOWED
            if age >= 60
            else MaritalStatus.SINGLE
        )
        has_nik = age >= 1 and rng.random() > 0.04
        people.append(
            Person(
                nik=_nik(rng, kel, birth, sex, migrant_codes, serials, migrant and age >= 17)
                if has_nik
                else None,
                name=name,
                name_key=name_search_key(name),
                sex=sex,
                birth_date=birth,
                birth_place=names.birth_place(migrant=migrant and age >= 17),
                relationship=relationship,
                marital_status=marital,
                disability=disability,
                education=rng.choice(EDUCATION[:4] if age > 40 else EDUCATION),
                occupation="Pelajar"
                if 6 <= age < 18
                else ("" if age < 6 else rng.choice(OCCUPATIONS)),
                phone=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}"
                if age >= 17 and rng.random() < 0.6
                else "",
            )
        )
        person_cats.append(cats)
    household_cats = ["PPKS24"] if rng.random() < 0.75 else []
    return people, person_cats, household_cats
