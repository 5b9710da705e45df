"""Demo mobility: a few more Ketua RT accounts, and a realistic flow of reports (more moves
among renters, many reported late, some contradicting each other), most confirmed by the
assistants through the real services (so registry history and handovers are real), some
rejected, some still waiting; tracing with attempts; not-seen thresholds per category.

Called by the main demo after casework:
    from pendamping.mobility.demo import build_mobility_demo
    build_mobility_demo(rng=rng, scale=scale)
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from pendamping.accounts.models import Assignment, Role, User
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.core.exceptions import DomainError
from pendamping.registry.models import (
    DwellingStatus,
    Household,
    Person,
    PpksCategory,
    RecordStatus,
)
from pendamping.wilayah.models import Area, Level

from . import services, tracing
from .models import (
    AttemptMethod,
    AttemptOutcome,
    Destination,
    MoveReport,
    NotSeenThreshold,
    ReportKind,
)

RENTING = (DwellingStatus.RENT, DwellingStatus.CONTRACT, DwellingStatus.LODGING)
THRESHOLDS = {"PPKS04": 30, "PPKS11": 30, "PPKS08": 60, "PPKS09": 90, "PPKS01": 60}
CHILD_NAMES = ("Aisyah", "Rizky", "Nabila", "Fajar", "Zahra", "Raka", "Putri", "Dimas")
PLACES = ("Kabupaten Kampar", "Kota Dumai", "Kabupaten Siak", "Kota Padang", "Kota Medan")
REASONS = (
    "Keluarga masih tinggal di alamat, hanya pulang kampung sementara.",
    "Salah orang: yang pindah adalah penyewa sebelah.",
)


def build_mobility_demo(*, rng: random.Random, scale: int) -> dict:
    from pendamping.core.demo import DEMO_PASSWORD

    wanted = min(300, max(24, scale // 60))
    for code, days in THRESHOLDS.items():
        category = PpksCategory.objects.filter(code=code).first()
        if category is not None:
            NotSeenThreshold.objects.update_or_create(category=category, defaults={"days": days})
    _spread_registration_dates()
    households = list(
        Household.objects.filter(status=RecordStatus.ACTIVE, rt__isnull=False)
        .select_related("kelurahan__parent", "rt__parent")
        .order_by("pk")
    )
    if not households:
        return {"reports": 0}
    heads = _rt_heads(rng, households, DEMO_PASSWORD)
    weights = [4 if h.dwelling_status in RENTING else 1 for h in households]
    chosen: dict[int, Household] = {}
    while len(chosen) < min(wanted, len(households)):
        h = rng.choices(households, weights)[0]
        chosen.setdefault(h.pk, h)
    kelurahan = list(
        Area.objects.filter(
            level=Level.KELURAHAN, valid_to__isnull=True, code__startswith="14.71."
        ).select_related("parent")
    )
    rts = defaultdict(list)
    for rt in Area.objects.filter(level=Level.RT, code__startswith="14.71.").select_related(
        "parent"
    ):
        rts[rt.parent.parent_id].append(rt)
    counts: dict[str, int] = defaultdict(int)
    today = timezone.localdate()
    pending_moves = []
    for household in chosen.values():
        with transaction.atomic():
            report = _one(rng, household, heads, kelurahan, rts, today, counts)
        if (
            report is not None
            and report.kind == ReportKind.MOVED_OUT
            and MoveReport.objects.filter(pk=report.pk, status="pending").exists()
        ):
            pending_moves.append(household)
    _conflicts(pending_moves[:6], today, counts)
    return dict(counts)


def _spread_registration_dates() -> None:
    """Demo people were all created a moment ago; a real registry was filled over months.
    Registration counts as "seen", so without this nobody would be overdue in the demo."""
    now = timezone.now()
    for bucket in range(12):
        Person.objects.annotate(bucket=F("pk") % 12).filter(bucket=bucket).update(
            created_at=now - dt.timedelta(days=25 + 30 * bucket)
        )


def _rt_heads(rng, households, password: str) -> dict[int, User]:
    """Ketua RT accounts for the RTs with PPKS households (about a third of them; the others
    have no account, like most RT in the city)."""
    existing = {
        a.area_id: a.user
        for a in Assignment.objects.filter(user__role=Role.RTRW).select_related("user")
    }
    rt_areas = {h.rt_id: h.rt for h in households}
    hashed = make_password(password)
    new = []
    for rt_id, rt in sorted(rt_areas.items()):
        if rt_id in existing or rng.random() > 0.35:
            continue
        kel = rt.parent.parent
        number = rt.code.split(".")[-2:]
        username = f"rt.{slugify(kel.name)}.{number[0]}.{number[1]}"
        new.append(
            (
                User(
                    username=username,
                    role=Role.RTRW,
                    password=hashed,
                    first_name="Ketua",
                    last_name=rt.name,
                ),
                rt,
            )
        )
    users = User.objects.bulk_create([u for u, _ in new], batch_size=500)
    if users and users[0].pk is None:
        users = list(User.objects.filter(username__in=[u.username for u, _ in new]))
    by_name = {u.username: u for u in users}
    Assignment.objects.bulk_create(
        [
            Assignment(
                user=by_name[u.username], area=rt, valid_from=dt.date(2022, 1, 3), note="Ketua RT"
            )
            for u, rt in new
        ]
    )
    heads = dict(existing)
    heads.update({rt.pk: by_name[u.username] for u, rt in new})
    return heads


def _reporter(household, heads):
    head = heads.get(household.rt_id)
    if head is not None:
        return head
    return assistant_for_kelurahan(household.kelurahan, roles=(Role.PSM,))


def _one(rng, household, heads, kelurahan, rts, today, counts) -> MoveReport | None:
    reporter = _reporter(household, heads)
    if reporter is None:
        return None
    members = list(household.members.filter(status=RecordStatus.ACTIVE).order_by("pk"))
    if not members:
        return None
    renting = household.dwelling_status in RENTING
    kind = rng.choices(
        [
            ReportKind.MOVED_OUT,
            ReportKind.UNKNOWN,
            ReportKind.DECEASED,
            ReportKind.BIRTH,
            ReportKind.MOVED_IN,
        ],
        [60 if renting else 25, 10, 10, 10, 10],
    )[0]
    happened = today - dt.timedelta(days=rng.randint(0, 120))
    is_rt = reporter.role == Role.RTRW
    delay_hours = (
        rng.choice([2, 6, 12, 20])
        if rng.random() < (0.45 if is_rt else 0.7)
        else rng.randint(30, 24 * 21)
    )
    kwargs: dict = {"household": household}
    if kind == ReportKind.MOVED_OUT:
        destination = rng.choices(
            [
                Destination.OTHER_KELURAHAN,
                Destination.SAME_KELURAHAN,
                Destination.OUTSIDE_CITY,
                Destination.UNKNOWN,
            ],
            [45, 20, 25, 10],
        )[0]
        kwargs["destination"] = destination
        if destination == Destination.OTHER_KELURAHAN:
            target = rng.choice(kelurahan)
            kwargs["to_kelurahan"] = target
            kwargs["to_rt"] = rng.choice(rts[target.pk]) if rts[target.pk] else None
            kwargs["to_address"] = f"Jl. Kenanga Gg. {rng.randint(1, 20)} No. {rng.randint(1, 99)}"
        elif destination == Destination.SAME_KELURAHAN:
            own = rts[household.kelurahan_id]
            kwargs["to_rt"] = rng.choice(own) if own else None
            kwargs["to_address"] = f"Kontrakan Gg. Mawar No. {rng.randint(1, 60)}"
        elif destination == Destination.OUTSIDE_CITY:
            kwargs["to_address"] = rng.choice(PLACES)
        if len(members) > 2 and rng.random() < 0.2:
            kwargs["person"] = members[-1]
    elif kind in (ReportKind.DECEASED, ReportKind.UNKNOWN):
        kwargs["person"] = rng.choice(members)
    elif kind == ReportKind.BIRTH:
        happened = max(happened, today - dt.timedelta(days=40))
        kwargs["subject_name"] = f"{rng.choice(CHILD_NAMES)} {members[0].name.split()[-1]}"
        kwargs["subject_sex"] = rng.choice("LP")
    else:
        kwargs = {
            "kelurahan": household.kelurahan,
            "rt": household.rt,
            "subject_name": f"{rng.choice(CHILD_NAMES)} (pendatang)",
            "came_from": rng.choice(PLACES),
        }
    reported = timezone.make_aware(dt.datetime.combine(happened, dt.time(8))) + dt.timedelta(
        hours=delay_hours
    )
    if reported > timezone.now():
        reported = timezone.now()
    try:
        report, _ = services.report_submit(
            actor=reporter, kind=kind, event_on=happened, channel="demo", **kwargs
        )
    except DomainError:
        counts["skipped"] += 1
        return None
    report.reported_at = reported
    report.late = services.is_late(event_at=report.event_at, reported_at=reported)
    MoveReport.objects.filter(pk=report.pk).update(reported_at=reported, late=report.late)
    counts["reports"] += 1
    counts["late"] += report.late
    age = (today - happened).days
    if age < 5 and rng.random() < 0.7:
        counts["pending"] += 1
        return report
    assistant = assistant_for_kelurahan(
        household.kelurahan, roles=(Role.TKSK,)
    ) or assistant_for_kelurahan(household.kelurahan)
    try:
        if rng.random() < 0.08:
            services.report_reject(actor=assistant, report=report, reason=rng.choice(REASONS))
            counts["rejected"] += 1
            return report
        services.report_confirm(actor=assistant, report=report)
    except DomainError:
        counts["pending"] += 1
        return report
    counts["confirmed"] += 1
    if kind == ReportKind.UNKNOWN or kwargs.get("destination") == Destination.UNKNOWN:
        _trace(rng, assistant, kwargs.get("person") or members[0], happened, counts)
    return report


def _trace(rng, assistant, person, since, counts) -> None:
    record = person.tracing_records.filter(status__in=tracing.ACTIVE).first()
    if record is None:
        return
    for n in range(rng.randint(0, tracing.max_attempts())):
        day = min(timezone.localdate(), since + dt.timedelta(days=7 * (n + 1)))
        outcome = AttemptOutcome.FOUND if rng.random() < 0.1 else AttemptOutcome.NOT_FOUND
        tracing.tracing_attempt_add(
            actor=assistant,
            record=record,
            method=rng.choice(AttemptMethod.values),
            outcome=outcome,
            contacts_asked=rng.choice(["Ketua RT", "tetangga sebelah", "pemilik kontrakan"]),
            attempted_on=day,
        )
        counts["attempts"] += 1
        record.refresh_from_db()
        if record.status not in tracing.ACTIVE:
            break


def _conflicts(households, today, counts) -> None:
    """A PSM says "still living here" where an RT reported a move: left for the assistant."""
    for household in households:
        psm = assistant_for_kelurahan(household.kelurahan, roles=(Role.PSM,))
        if psm is None:
            continue
        try:
            services.report_submit(
                actor=psm,
                kind=ReportKind.PRESENT,
                household=household,
                event_on=today,
                notes="Dikunjungi hari ini, keluarga masih di rumah.",
                channel="demo",
            )
        except DomainError:
            continue
        counts["conflicting"] += 1
