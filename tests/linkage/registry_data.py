"""A small registry with realistic names for reconciliation tests, and its extract."""

import random
from datetime import date

from pendamping.linkage.demo import write_extract
from pendamping.registry.demo_names import NameGenerator
from pendamping.registry.nik import make_kk, make_nik
from pendamping.wilayah.models import Area
from pendamping.wilayah.services import area_ensure_rt
from tests.factories import HouseholdFactory, PersonFactory, make_user

KEL_A = "14.71.01.1002"
KEL_B = "14.71.01.1003"


def build_registry(households: int = 24, *, seed: int = 5):
    """Households of 3-4 people in two kelurahan of Sukajadi, names from the demo generator."""
    rng = random.Random(seed)
    names = NameGenerator(rng)
    made = []
    serial = 0
    for i in range(households):
        code = KEL_A if i % 2 == 0 else KEL_B
        kel = Area.objects.get(code=code)
        rt = area_ensure_rt(kelurahan=kel, rw=1 + i % 3, rt=1 + i % 4)
        hh = HouseholdFactory(
            kelurahan_code=code,
            rt=rt,
            kk=make_kk("14.71.01", date(2016, 1 + i % 12, 5), 100 + i),
            address=f"Jl. Melati No. {i + 1}",
        )
        family = names.family()
        roles = [("head", "L", 1970 + i % 15), ("spouse", "P", 1973 + i % 15)]
        roles += [
            ("child", rng.choice("LP"), 2000 + (i + k) % 15) for k in range(rng.randint(1, 2))
        ]
        for rel, sex, year in roles:
            serial += 1
            born = date(year, 1 + serial % 12, 1 + serial % 28)
            PersonFactory(
                household=hh,
                name=family.person_name(sex=sex, relationship=rel, birth_year=year),
                sex=sex,
                birth_date=born,
                relationship=rel,
                birth_place="Pekanbaru",
                nik=make_nik("14.71.01", born, sex, serial),
            )
        made.append(hh)
    return made


def _rows(households):
    """The extract as DTSEN would send it, with one difference of each kind."""
    rows = []
    for n, hh in enumerate(households):
        members = list(hh.members.order_by("pk"))
        rt_code = hh.rt.code.split(".")
        for m, p in enumerate(members):
            rows.append(
                {
                    "ID_DTSEN": f"D{n:03d}{m}",
                    "NIK": p.nik,
                    "NO_KK": hh.kk,
                    "NAMA": p.name.upper(),
                    "TGL_LAHIR": p.birth_date.strftime("%d-%m-%Y"),
                    "JENIS_KELAMIN": p.sex,
                    "ALAMAT": hh.address.replace("Jl.", "JALAN"),
                    "RT": rt_code[-1],
                    "RW": rt_code[-2],
                    "KODE_DESA": hh.kelurahan.code.replace(".", ""),
                    "DESIL": str(1 + n % 10),
                    "KETERANGAN": "",
                }
            )
    return rows


def _write(tmp_path, rows):
    header = list(rows[0])
    return write_extract(tmp_path / "x.csv", [[r[h] for h in header] for r in rows], header)


def make_world(tmp_path):
    households = build_registry(24)
    rows = _rows(households)
    moved = households[0]  # the whole household moved to another street
    for r in rows:
        if r["NO_KK"] == moved.kk:
            r["ALAMAT"] = "Jl. Paus No. 88"
    dead = households[1].members.order_by("pk").first()
    for r in rows:
        if r["NIK"] == dead.nik:
            r["KETERANGAN"] = "Meninggal Dunia"
    missing = households[2].members.order_by("pk").last()
    rows = [r for r in rows if r["NIK"] != missing.nik]
    rows.append(
        {
            **rows[-1],
            "ID_DTSEN": "NEW1",
            "NIK": "",
            "NAMA": "Ahmad Fauzan Harahap",
            "TGL_LAHIR": "03-03-1999",
            "JENIS_KELAMIN": "L",
        }
    )
    path = _write(tmp_path, rows)
    supervisor = make_user("supervisor")
    psm = make_user("psm", KEL_A)
    tksk = make_user("tksk", "14.71.01")
    return {
        "households": households,
        "path": path,
        "moved": moved,
        "dead": dead,
        "missing": missing,
        "supervisor": supervisor,
        "psm": psm,
        "tksk": tksk,
    }
