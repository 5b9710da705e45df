"""Reads of users, roles and assignments."""

import csv
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import FIELD_ROLES, Assignment, Role, User

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLE2_SOURCE = "Dinas Sosial Kota Pekanbaru 2022 (Table 2 of the study)"
TABLE2_ROLE = {
    "TKSK": Role.TKSK,
    "PKH": Role.PKH,
    "PSM": Role.PSM,
    "PENYULUH": Role.PENYULUH,
    "PEKSOS": Role.PEKSOS,
}


@lru_cache(maxsize=1)
def workforce_table2() -> tuple[dict, ...]:
    """Table 2 of the study: the city's social-welfare workforce in 2022 (246 people)."""
    with (DATA_DIR / "sdm_kesos_pekanbaru_2022.csv").open(encoding="utf-8") as fh:
        return tuple(
            {
                "type": row["psks_type"],
                "abbreviation": row["abbreviation"],
                "role": TABLE2_ROLE[row["abbreviation"]],
                "count": int(row["count"]),
            }
            for row in csv.DictReader(fh)
        )


def workforce_summary() -> list[dict]:
    """Table 2 beside the accounts of each worker type in the system today."""
    counts = dict(
        User.objects.filter(is_active=True, role__in=FIELD_ROLES)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    return [{**row, "accounts": counts.get(row["role"], 0)} for row in workforce_table2()]


def current_assignments(*, user: User | None = None) -> QuerySet[Assignment]:
    today = timezone.localdate()
    qs = Assignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today
    ).select_related("area", "area__parent", "user")
    if user is not None:
        qs = qs.filter(user=user)
    return qs


def workers_of_area(area_ids: list[int]) -> QuerySet[Assignment]:
    return current_assignments().filter(area_id__in=area_ids, user__is_active=True)


def assistant_for_kelurahan(
    kelurahan, *, roles: tuple[str, ...] = (Role.PSM, Role.TKSK, Role.PKH, Role.PEKSOS)
) -> User | None:
    """Who covers a kelurahan today: a worker assigned to it directly (in the order of `roles`),
    else the TKSK of its kecamatan. Field work and complaints are routed with this."""
    if kelurahan is None:
        return None
    direct = list(workers_of_area([kelurahan.pk]).filter(user__role__in=roles))
    for role in roles:
        for assignment in sorted(direct, key=lambda a: (a.valid_from, a.pk)):
            if assignment.user.role == role:
                return assignment.user
    if kelurahan.parent_id:
        tksk = (
            workers_of_area([kelurahan.parent_id])
            .filter(user__role=Role.TKSK)
            .order_by("valid_from", "pk")
            .first()
        )
        if tksk is not None:
            return tksk.user
    return None
