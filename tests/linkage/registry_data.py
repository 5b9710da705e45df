"""A small registry with realistic names for reconciliation tests, and its extract."""

import random
from datetime import date

from pendamping.registry.demo_names import NameGenerator
from pendamping.registry.nik import make_kk, make_nik
from pendamping.wilayah.models import Area
from pendamping.wilayah.services import area_ensure_rt
from tests.factories import HouseholdFactory, PersonFactory

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
