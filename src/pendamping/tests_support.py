"""Builders for tests and benchmarks (kept in the package so bench/ scripts can use them too)."""

import itertools
from datetime import date

from pendamping.accounts.models import Assignment, User
from pendamping.registry.models import Household, Person
from pendamping.registry.nik import make_kk, make_nik
from pendamping.wilayah.models import Area

_counter = itertools.count(1)


def make_user(
    role: str,
    *areas: str,
    username: str | None = None,
    password: str = "s3cret-pass-123",  # noqa: S107
) -> User:
    """A user of a role, assigned to the areas with the given codes."""
    user = User.objects.create_user(
        username=username or f"{role}{next(_counter)}",
        password=password,
        role=role,
        is_staff=role == "admin",
        is_superuser=role == "admin",
    )
    for code in areas:
        Assignment.objects.create(
            user=user, area=Area.objects.get(code=code), valid_from=date(2022, 1, 1)
        )
    return user


def make_household(
    kelurahan_code: str, *, members: int = 2, name: str = "Budi Santoso", rt: Area | None = None
) -> Household:
    """A household in a kelurahan with structurally valid KK and NIKs."""
    kelurahan = Area.objects.get(code=kelurahan_code)
    n = next(_counter)
    kecamatan = kelurahan.parent.code
    household = Household.objects.create(
        kk=make_kk(kecamatan, date(2015, 3, 1), n % 9999 + 1),
        address=f"Jl. Uji No. {n}",
        kelurahan=kelurahan,
        rt=rt,
        dwelling_status="rent",
    )
    for i in range(members):
        sex = "L" if i == 0 else "P"
        birth = date(1980 + i, 5, 17)
        Person.objects.create(
            nik=make_nik(kecamatan, birth, sex, (n * 10 + i) % 9999 + 1),
            household=household,
            kelurahan=kelurahan,
            rt=rt,
            name=name if i == 0 else f"Siti {name.split()[-1]}",
            sex=sex,
            birth_date=birth,
            relationship="head" if i == 0 else "spouse",
        )
    return household
