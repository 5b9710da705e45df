"""Demo programs: the seeded programs, enrolments drawn from who is eligible (plus a few
inclusion errors), three months of PKH and Sembako deliveries with some missed, public and
phone complaints at every stage, and usulan lists for the musyawarah kelurahan.

Called by the main demo after casework: `build_programs_demo(rng=rng, scale=scale)`.
Everything is drawn from `rng`. Where no household has a welfare decile yet (no reconciliation
run in the demo), deciles are drawn here as a stand-in for the national data, poorer for
households classified as poor (PPKS24).
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from pendamping.accounts.models import Role, User
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.registry.models import Classification, Household, Person
from pendamping.wilayah.models import Area

from . import eligibility, selectors
from .complaints import services as complaint_services
from .complaints.models import Category, Channel, Complaint, ComplaintEvent, ComplaintStatus
from .models import (
    Delivery,
    DeliveryStatus,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Usulan,
    UsulanKind,
    UsulanStatus,
)
from .seed import programs_seed_load

PERIODS = ("2026-08", "2026-09", "2026-10")
MISSED_REASONS = (
    "KKS belum aktif",
    "Tidak hadir saat penyaluran",
    "Pindah alamat, undangan tidak sampai",
    "Data NIK tidak padan Dukcapil",
)
COMPLAINTS = (
    (
        Category.NOT_REGISTERED,
        "Saya janda dengan tiga anak, belum pernah didata sebagai penerima bantuan.",
    ),
    (
        Category.NOT_RECEIVING,
        "Sudah terdaftar PKH tapi tiga bulan terakhir bantuan tidak masuk ke KKS.",
    ),
    (Category.INCLUSION_ERROR, "Tetangga saya punya mobil dan ruko tetapi tetap menerima sembako."),
    (
        Category.NOT_SERVED,
        "Sudah dua kali datang ke kelurahan minta surat keterangan, belum dilayani.",
    ),
    (Category.DATA_WRONG, "Alamat di data bansos masih alamat lama, kami sudah pindah sejak 2024."),
    (Category.ASSISTANT_CONDUCT, "Pendamping meminta uang untuk mengurus pendaftaran bantuan."),
    (Category.OTHER, "Mohon informasi jadwal penyaluran bantuan pangan bulan depan."),
)
ANSWERS = (
    "Sudah diverifikasi ke lapangan dan diusulkan dalam musyawarah kelurahan.",
    "Data sudah diperbaiki; bantuan bulan depan disalurkan ke alamat baru.",
    "Sudah dikoordinasikan dengan pendamping PKH; KKS diaktifkan kembali.",
)


def _deciles(rng: random.Random, sample: list[int]) -> None:
    if Household.objects.filter(decile__isnull=False).exists():
        return
    poor = set(
        Classification.objects.filter(category__code="PPKS24", household_id__in=sample).values_list(
            "household_id", flat=True
        )
    )
    by_decile: dict[int, list[int]] = defaultdict(list)
    for pk in sample:
        if rng.random() < 0.1:
            continue  # not in the national data
        decile = rng.choice((1, 1, 2, 2, 3, 4, 5, 6)) if pk in poor else rng.randint(3, 10)
        by_decile[decile].append(pk)
    as_of = date(2026, 7, 1)
    for decile, ids in by_decile.items():
        for start in range(0, len(ids), 5000):
            Household.objects.filter(pk__in=ids[start : start + 5000]).update(
                decile=decile, decile_as_of=as_of
            )


@transaction.atomic
def build_programs_demo(*, rng: random.Random, scale: int) -> dict:
    programs_seed_load()
    out = {"enrolments": 0, "deliveries": 0, "complaints": 0, "usulan": 0}
    kelurahan = list(
        Area.objects.filter(code__startswith="14.71.", level="kelurahan", valid_to__isnull=True)
        .select_related("parent")
        .order_by("code")
    )
    if not kelurahan or not Person.objects.exists():
        return out
    # Large registries: the demo's programs cover a sample of kelurahan, keeping it fast.
    if Person.objects.count() > 60000:
        kelurahan = rng.sample(kelurahan, 12)
    kel_ids = [k.pk for k in kelurahan]
    _deciles(
        rng, list(Household.objects.filter(kelurahan_id__in=kel_ids).values_list("pk", flat=True))
    )
    kabid = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    helpers = {k.pk: assistant_for_kelurahan(k) for k in kelurahan}
    today = timezone.localdate()
    facts = selectors.eligibility_facts(kelurahan_ids=kel_ids, today=today)
    kel_of = dict(Person.objects.filter(kelurahan_id__in=kel_ids).values_list("pk", "kelurahan_id"))
    per_program = min(3000, max(20, scale // 15))
    enrolments, chosen = [], {}
    programs = [p for p in selectors.program_list() if p.conditions.all()]
    for program in programs:
        eligible = sorted(
            eligibility.eligible_ids(selectors.conditions_of(program), facts, today=today)
        )
        picked = rng.sample(eligible, min(len(eligible), int(len(eligible) * 0.7), per_program))
        others = [f.person_id for f in rng.sample(facts, min(len(facts), 40))]
        taken = set(eligible)
        errors = [pk for pk in others if pk not in taken][: max(1, len(picked) // 30)]
        for pk in picked + errors:
            kel = kel_of[pk]
            status = rng.choices(
                [
                    EnrolmentStatus.ACTIVE,
                    EnrolmentStatus.PROPOSED,
                    EnrolmentStatus.APPROVED,
                    EnrolmentStatus.SUSPENDED,
                    EnrolmentStatus.GRADUATED,
                ],
                weights=[80, 8, 4, 4, 4],
            )[0]
            proposer = helpers[kel] or kabid
            enrolments.append(
                Enrolment(
                    program=program,
                    person_id=pk,
                    kelurahan_id=kel,
                    status=status,
                    status_on=today - timedelta(days=rng.randint(5, 400)),
                    reason="Demo: lulus, usaha mandiri"
                    if status == EnrolmentStatus.GRADUATED
                    else (
                        "Demo: tidak hadir pertemuan kelompok"
                        if status == EnrolmentStatus.SUSPENDED
                        else ""
                    ),
                    proposed_by=proposer,
                    approved_by=None if status == EnrolmentStatus.PROPOSED else kabid,
                    assistant=helpers[kel],
                )
            )
        chosen[program.code] = picked
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    EnrolmentEvent.objects.bulk_create(
        [
            EnrolmentEvent(
                enrolment=e,
                actor=e.proposed_by,
                from_status="",
                to_status=e.status,
                on=e.status_on,
                reason=e.reason,
            )
            for e in enrolments
        ],
        batch_size=2000,
    )
    out["enrolments"] = len(enrolments)
    deliveries = []
    for e in enrolments:
        if e.program.code not in ("pkh", "sembako") or e.status != EnrolmentStatus.ACTIVE:
            continue
        for period in PERIODS:
            roll = rng.random()
            if roll < 0.03:
                continue  # absent from the program's file
            if roll < 0.10:
                deliveries.append(
                    Delivery(
                        enrolment=e,
                        period=period,
                        status=DeliveryStatus.NOT_RECEIVED,
                        reason=rng.choice(MISSED_REASONS),
                    )
                )
            else:
                deliveries.append(
                    Delivery(
                        enrolment=e,
                        period=period,
                        status=DeliveryStatus.RECEIVED,
                        amount=200000 if e.program.code == "sembako" else 750000,
                    )
                )
    Delivery.objects.bulk_create(deliveries, batch_size=5000)
    out["deliveries"] = len(deliveries)
    out["complaints"] = _complaints(rng, kelurahan, facts, scale, helpers)
    out["usulan"] = _usulan(rng, programs, facts, kel_of, helpers, kabid, chosen)
    return out


def _complaints(rng, kelurahan, facts, scale, helpers) -> int:
    now = timezone.now()
    made = 0
    niks = list(
        Person.objects.filter(
            pk__in=[f.person_id for f in rng.sample(facts, min(300, len(facts)))], nik__isnull=False
        ).values_list("nik", flat=True)
    )
    for n in range(min(150, max(14, scale // 100))):
        category, text = COMPLAINTS[n % len(COMPLAINTS)]
        kel = rng.choice(kelurahan)
        code = "".join(rng.choice(complaint_services.CODE_ALPHABET) for _ in range(8))
        channel = rng.choice([Channel.WEB, Channel.WEB, Channel.PHONE, Channel.WALK_IN])
        if helpers.get(kel.pk) is None:
            channel = Channel.WEB
        complaint, created = complaint_services.complaint_submit(
            actor=None if channel == Channel.WEB else helpers[kel.pk],
            channel=channel,
            category=category,
            kelurahan=kel,
            description=f"{text} (demo {n + 1})",
            nik=rng.choice(niks)
            if niks and category != Category.OTHER and rng.random() < 0.7
            else "",
            name=rng.choice(["Ibu Rahmah", "Pak Syamsul", "Ibu Yusnidar", "Pak Darman", ""]),
            contact=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
            code=f"{code[:4]}-{code[4:]}",
        )
        if not created:
            continue
        made += 1
        age = timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 8))
        opened = now - age
        Complaint.objects.filter(pk=complaint.pk).update(
            created_at=opened, due_at=opened + (complaint.due_at - complaint.created_at)
        )
        ComplaintEvent.objects.filter(complaint=complaint).update(at=opened)
        stage = rng.random()
        actor = complaint.assignee
        if actor is None or stage < 0.3:
            continue
        complaint.refresh_from_db()
        complaint_services.complaint_transition(
            actor=actor, complaint=complaint, to_status=ComplaintStatus.IN_PROGRESS
        )
        if stage > 0.55:
            complaint_services.complaint_transition(
                actor=actor,
                complaint=complaint,
                to_status=ComplaintStatus.RESOLVED,
                answer=rng.choice(ANSWERS),
            )
            done = opened + timedelta(days=rng.uniform(1, max(1.5, age.days)))
            Complaint.objects.filter(pk=complaint.pk).update(resolved_at=min(done, now))
    complaint_services.complaints_escalate_overdue()
    return made


def _usulan(rng, programs, facts, kel_of, helpers, kabid, chosen) -> int:
    rows = []
    unknown = [
        f.person_id
        for f in facts
        if f.household.decile is None
        and f.relationship == "head"
        and f.household.categories & {"PPKS24"}
    ]
    for pk in rng.sample(unknown, min(60, len(unknown))):
        rows.append(
            Usulan(
                person_id=pk,
                kelurahan_id=kel_of[pk],
                kind=UsulanKind.INCLUSION,
                reason="Keluarga miskin belum masuk DTSEN",
                evidence="Kunjungan rumah PSM: rumah kontrakan, kepala keluarga buruh harian.",
                proposed_by=helpers[kel_of[pk]] or kabid,
                status=rng.choice([UsulanStatus.DRAFT, UsulanStatus.DRAFT, UsulanStatus.AGREED]),
            )
        )
    rich = [
        f.person_id for f in facts if (f.household.decile or 0) >= 8 and f.relationship == "head"
    ]
    for pk in rng.sample(rich, min(25, len(rich))):
        rows.append(
            Usulan(
                person_id=pk,
                kelurahan_id=kel_of[pk],
                kind=UsulanKind.REMOVAL,
                reason="Sudah mampu: usaha berkembang",
                evidence="Verval: memiliki kendaraan roda empat dan usaha toko.",
                proposed_by=helpers[kel_of[pk]] or kabid,
                status=UsulanStatus.DRAFT,
            )
        )
    Usulan.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
