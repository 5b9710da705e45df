"""Demo workforce: a worker profile for each of the 246 accounts of Table 2, volunteers
without a login, some history (a PSM who moved, a PKH assistant who left), and field checks
due for the TKSK and PSM so that "today" has visits to plan."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from pendamping.accounts.models import FIELD_ROLES, Assignment, Role, User
from pendamping.wilayah.models import Area, Level

from .models import EmploymentBasis, Worker, WorkerType

BASIS = {
    Role.TKSK: (EmploymentBasis.CONTRACT, "Kementerian Sosial"),
    Role.PSM: (EmploymentBasis.VOLUNTEER, "Dinas Sosial Kota Pekanbaru"),
    Role.PKH: (EmploymentBasis.CONTRACT, "Kementerian Sosial"),
    Role.PENYULUH: (EmploymentBasis.CIVIL_SERVANT, "Dinas Sosial Kota Pekanbaru"),
    Role.PEKSOS: (EmploymentBasis.PPPK, "Dinas Sosial Kota Pekanbaru"),
}
VOLUNTEERS = (
    ("Relawan Tagana Rumbai", "14.71.06"),
    ("Relawan Tagana Tenayan Raya", "14.71.10"),
    ("Karang Taruna Binawidya", "14.71.08"),
    ("Karang Taruna Tuahmadani", "14.71.13"),
)
VERVAL_REASONS = (
    "Alamat di DTKS tidak cocok dengan KK",
    "Laporan RT: keluarga pindah",
    "Cek kelayakan bantuan (desil berubah)",
    "Anggota keluarga dilaporkan meninggal",
)


def build_planning_demo(*, rng: random.Random, scale: int) -> dict[str, int]:
    with transaction.atomic():
        counts = {"workers": _profiles(rng)}
        counts["volunteers"] = _volunteers(rng)
        counts["history"] = _history(rng)
    counts["verval_tasks"] = _due_checks(rng, scale)
    return counts


def _profiles(rng: random.Random) -> int:
    users = User.objects.filter(role__in=FIELD_ROLES, is_active=True, worker__isnull=True)
    first = {
        a.user_id: a.valid_from
        for a in Assignment.objects.filter(user__in=users).order_by("-valid_from")
    }
    rows = []
    for user in users.order_by("username"):
        basis, employer = BASIS[user.role]
        if user.role == Role.PKH and rng.random() < 0.3:
            basis = EmploymentBasis.PPPK
        since = first.get(user.pk, dt.date(2022, 1, 3))
        rows.append(
            Worker(
                user=user,
                name=user.get_full_name() or user.username,
                worker_type=user.role,
                basis=basis,
                employer=employer,
                started_on=since - dt.timedelta(days=rng.randint(0, 6 * 365)),
                phone=f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}",
            )
        )
    Worker.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _volunteers(rng: random.Random) -> int:
    made = 0
    for name, code in VOLUNTEERS:
        area = Area.objects.filter(code=code, valid_to__isnull=True).first()
        username = f"volunteer.{code.replace('.', '')}"
        if area is None or User.objects.filter(username=username).exists():
            continue
        user = User.objects.create(
            username=username,
            first_name=name,
            role=Role.PSM,
            is_active=False,
            password=make_password(None),
        )
        Worker.objects.create(
            user=user,
            name=name,
            worker_type=WorkerType.VOLUNTEER,
            basis=EmploymentBasis.VOLUNTEER,
            employer="Dinas Sosial Kota Pekanbaru",
            started_on=dt.date(2023, 3, 1),
            note="Tanpa akun (tidak login)",
        )
        Assignment.objects.create(user=user, area=area, valid_from=dt.date(2023, 3, 1))
        made += 1
    return made


def _history(rng: random.Random) -> int:
    """A PSM who covered another kelurahan before, and a PKH assistant who left in 2025."""
    made = 0
    psm = User.objects.filter(username__startswith="psm.", is_active=True).order_by("username")
    mover = psm[len(psm) // 2] if psm.exists() else None
    if mover is not None:
        current = mover.assignments.order_by("valid_from").first()
        other = (
            Area.objects.filter(
                parent=current.area.parent, level=Level.KELURAHAN, valid_to__isnull=True
            )
            .exclude(pk=current.area_id)
            .first()
        )
        if other is not None and current.valid_from > dt.date(2020, 1, 1):
            Assignment.objects.create(
                user=mover,
                area=other,
                valid_from=dt.date(2020, 1, 1),
                valid_to=current.valid_from,
                note="Sebelum dipindah",
            )
            made += 1
    region_kel = Area.objects.filter(code="14.71.01.1002").first()
    if region_kel is not None and not User.objects.filter(username="pkh.lama").exists():
        user = User.objects.create(
            username="pkh.lama",
            first_name="Pendamping",
            last_name="Purnatugas",
            role=Role.PKH,
            is_active=False,
            password=make_password(None),
        )
        Worker.objects.create(
            user=user,
            name="Pendamping Purnatugas",
            worker_type=WorkerType.PKH,
            basis=EmploymentBasis.CONTRACT,
            employer="Kementerian Sosial",
            started_on=dt.date(2017, 1, 2),
            ended_on=dt.date(2025, 6, 30),
            note="Mengundurkan diri",
        )
        Assignment.objects.create(
            user=user,
            area=region_kel,
            valid_from=dt.date(2017, 1, 2),
            valid_to=dt.date(2025, 6, 30),
        )
        made += 1
    return made


def _due_checks(rng: random.Random, scale: int) -> int:
    """Open field checks for every TKSK (12 each) and PSM (3 each), due around today."""
    from pendamping.linkage.services import verval_task_create
    from pendamping.registry.models import Person, RecordStatus

    today = timezone.localdate()
    admin = User.objects.filter(role=Role.SUPERVISOR).first()
    made = 0
    workers = User.objects.filter(role__in=(Role.TKSK, Role.PSM), is_active=True)
    for user in workers.order_by("username"):
        from pendamping.core.scope import scope_of

        kels = sorted(scope_of(user).kelurahan_ids)
        people = list(
            Person.objects.filter(
                kelurahan_id__in=kels,
                status=RecordStatus.ACTIVE,
                household__latitude__isnull=False,
            ).values_list("pk", flat=True)[:400]
        )
        if not people:
            continue
        n = min(len(people), 12 if user.role == Role.TKSK else 3)
        for pk in rng.sample(people, n):
            person = Person.objects.get(pk=pk)
            verval_task_create(
                actor=admin,
                reason=rng.choice(VERVAL_REASONS),
                source="manual",
                person=person,
                due_on=today + dt.timedelta(days=rng.randint(-5, 10)),
                assignee=user,
                source_ref=f"demo-{pk}",
            )
            made += 1
    return made
