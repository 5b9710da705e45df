"""Demo casework across the city: cases with plans, activities tagged by role, referrals that
come back, protection cases with hand-offs, mediations and outreach events.

Called by the main demo after the registry is built:
    from pendamping.casework.demo import build_casework_demo
    build_casework_demo(rng=rng, scale=scale)
Everything is drawn from `rng`, so the same seed gives the same casework.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from pendamping.accounts.models import Role, User
from pendamping.core.scope import scope_of
from pendamping.registry.models import Classification, Person, PpksCategory, RecordStatus
from pendamping.wilayah.models import Area, Level

from .models import (
    AccessKind,
    AccessLog,
    Activity,
    ActivityKind,
    Agency,
    AgencyKind,
    Body,
    Case,
    CaseEvent,
    CaseReview,
    CaseStatus,
    Escalation,
    EventStatus,
    Mediation,
    MediationSession,
    Outcome,
    OutreachEvent,
    PlanGoal,
    ProtectionKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from .roles import WorkRole

AGENCIES = [
    (
        "Dinas Kesehatan Kota Pekanbaru",
        AgencyKind.HEALTH,
        "Puskesmas, health checks, referral to hospital",
        "0761-23456",
        "Jl. Melati No. 1",
    ),
    (
        "RSUD Arifin Achmad",
        AgencyKind.HEALTH,
        "Hospital care for KIS holders",
        "0761-21618",
        "Jl. Diponegoro No. 2",
    ),
    (
        "BPJS Kesehatan Cabang Pekanbaru",
        AgencyKind.INSURANCE,
        "KIS/JKN membership, PBI registration",
        "165",
        "Jl. Jend. Sudirman No. 301",
    ),
    (
        "BPJS Ketenagakerjaan",
        AgencyKind.INSURANCE,
        "Work accident and old-age insurance for informal workers",
        "175",
        "",
    ),
    (
        "Disdukcapil Kota Pekanbaru",
        AgencyKind.CIVIL_REGISTRY,
        "KTP, KK, birth and death certificates",
        "0761-45678",
        "Jl. Jend. Sudirman No. 464",
    ),
    (
        "UPTD PPA Kota Pekanbaru",
        AgencyKind.PROTECTION,
        "Protection of women and children, shelter, counselling",
        "0812-7000-1234",
        "",
    ),
    (
        "Polresta Pekanbaru Unit PPA",
        AgencyKind.PROTECTION,
        "Reports of violence against women and children",
        "110",
        "Jl. Jend. Ahmad Yani No. 11",
    ),
    (
        "LKS Panti Asuhan Al-Ikhlas",
        AgencyKind.LKS,
        "Care for orphans and neglected children",
        "0813-6543-2100",
        "",
    ),
    (
        "LKS Lanjut Usia Khusnul Khotimah",
        AgencyKind.LKS,
        "Day care and home care for elderly people",
        "0812-6611-2233",
        "",
    ),
    (
        "BLK Pekanbaru (Balai Latihan Kerja)",
        AgencyKind.TRAINING,
        "Free vocational training: sewing, welding, cooking",
        "0761-61234",
        "",
    ),
    ("Dinas Tenaga Kerja", AgencyKind.GOVERNMENT, "Job fairs and placement", "0761-33221", ""),
    (
        "Baznas Kota Pekanbaru",
        AgencyKind.OTHER,
        "Zakat assistance for the poor, business capital",
        "0761-77889",
        "",
    ),
    ("CSR PT Riau Andalan", AgencyKind.CSR, "Small business grants, scholarships", "", ""),
    (
        "Dinas Pendidikan",
        AgencyKind.GOVERNMENT,
        "School enrolment, PIP scholarships",
        "0761-22110",
        "",
    ),
]

PROBLEMS = [
    (
        "Kepala keluarga kehilangan pekerjaan sejak {m}; anak-anak terancam putus sekolah.",
        "Istri bisa menjahit; tetangga membantu makan sehari-hari.",
    ),
    (
        "Lansia tinggal sendiri, sakit-sakitan, belum punya KIS.",
        "Anak tinggal di kelurahan sebelah dan mau terlibat.",
    ),
    (
        "Anak penyandang disabilitas belum bersekolah dan belum punya alat bantu.",
        "Orang tua sangat peduli; ada SLB di kecamatan.",
    ),
    (
        "Keluarga belum memiliki KK dan akta kelahiran anak, tidak bisa menerima bansos.",
        "Ketua RT bersedia memberi surat keterangan domisili.",
    ),
    (
        "Rumah tidak layak huni, atap bocor, lantai tanah.",
        "Warga siap gotong royong bila ada bahan.",
    ),
    (
        "Ibu tunggal dengan tiga anak, penghasilan tidak tetap dari berjualan.",
        "Punya pengalaman berdagang; anak sulung sudah SMA.",
    ),
    (
        "Pemuda putus sekolah, menganggur, sering di jalan.",
        "Tertarik pelatihan bengkel; ada BLK dekat rumah.",
    ),
]
PROTECTION_PROBLEMS = {
    ProtectionKind.VIOLENCE: "Tetangga melaporkan anak sering dipukul oleh ayah tirinya.",
    ProtectionKind.ABUSE: "Remaja putri diduga mengalami pelecehan oleh kerabat.",
    ProtectionKind.TRAFFICKING: "Perempuan muda ditawari kerja ke luar negeri tanpa dokumen resmi.",
    ProtectionKind.NEGLECT: "Lansia ditinggal sendirian berhari-hari tanpa makan.",
    ProtectionKind.EXPLOITATION: "Anak usia SD dipekerjakan mengemis di persimpangan.",
}
GOALS = [
    "Mengurus KIS/PBI di BPJS",
    "Mengurus KK dan akta kelahiran",
    "Daftar pelatihan di BLK",
    "Anak kembali bersekolah",
    "Usulkan ke DTSEN lewat musyawarah kelurahan",
    "Kunjungan rumah bulanan",
    "Ajukan bantuan modal usaha",
    "Pemeriksaan kesehatan di puskesmas",
]
KIND_ROLES = {
    ActivityKind.HOME_VISIT: [WorkRole.FACILITATOR, WorkRole.MOTIVATOR, WorkRole.RESEARCHER],
    ActivityKind.PHONE_CALL: [WorkRole.BROKER, WorkRole.LIAISON],
    ActivityKind.MEETING: [WorkRole.MEDIATOR, WorkRole.LIAISON, WorkRole.EVALUATOR],
    ActivityKind.ACCOMPANIMENT: [WorkRole.BROKER, WorkRole.ADVOCATE],
    ActivityKind.INFO_SESSION: [WorkRole.FACILITATOR, WorkRole.MENTOR, WorkRole.MOBILISER],
    ActivityKind.DOCUMENT_HELP: [WorkRole.ADVOCATE, WorkRole.BROKER],
}
NOTES = [
    "Keluarga menerima kunjungan dengan baik.",
    "Dokumen sudah difotokopi.",
    "Perlu tindak lanjut minggu depan.",
    "Didampingi PSM setempat.",
    "Sudah koordinasi dengan lurah.",
    "",
]
TOPICS = [
    ("Sosialisasi PKH dan graduasi mandiri", "PKH", "Keluarga penerima PKH"),
    ("Cara cek DTSEN dan mengajukan sanggahan", "DTSEN", "Warga RT"),
    ("Pencegahan kekerasan terhadap anak", "Perlindungan anak", "Orang tua dan remaja"),
    ("KIS/PBI: siapa berhak dan cara mendaftar", "JKN-KIS", "Lansia dan keluarga miskin"),
    ("Kewirausahaan untuk ibu rumah tangga", "KUBE", "Ibu rumah tangga"),
    ("Bahaya perdagangan orang", "Perlindungan", "Pemuda dan pencari kerja"),
]


def _at(day, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))


@transaction.atomic
def build_casework_demo(
    *, rng: random.Random, scale: int, people_sample: list[int] | None = None
) -> dict[str, int]:
    """Create casework for the demo's TKSK and PSM accounts. About one case per 12 PPKS
    people (at least two per assistant's area), with plans, activities, referrals,
    protection cases, mediations and events. Returns counts per kind."""
    today = timezone.localdate()
    agencies = [
        Agency.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "services": services, "contact": contact, "address": address},
        )[0]
        for name, kind, services, contact, address in AGENCIES
    ]
    by_kind = defaultdict(list)
    for agency in agencies:
        by_kind[agency.kind].append(agency)
    categories = list(PpksCategory.objects.values_list("pk", flat=True))
    admin = User.objects.filter(role=Role.SUPERVISOR).first()

    people_qs = Person.objects.filter(status=RecordStatus.ACTIVE)
    if people_sample is not None:
        people_qs = Person.objects.filter(pk__in=people_sample)
    people_by_kel: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, kel in people_qs.values_list("pk", "kelurahan_id").order_by("pk"):
        people_by_kel[kel].append((pk, 0))
    category_of = dict(
        Classification.objects.filter(person__isnull=False).values_list("person_id", "category_id")
    )
    workers = sorted(  # TKSK first: they lead most cases, PSM join and take the rest
        User.objects.filter(role__in=(Role.TKSK, Role.PSM), is_active=True),
        key=lambda u: (u.role != Role.TKSK, u.username),
    )
    psm_by_kel: dict[int, list[User]] = defaultdict(list)
    worker_kel: dict[int, list[int]] = {}
    for worker in workers:
        kels = sorted(k for k in scope_of(worker).kelurahan_ids if people_by_kel.get(k))
        worker_kel[worker.pk] = kels
        if worker.role == Role.PSM:
            for k in kels:
                psm_by_kel[k].append(worker)
    total_people = sum(len(v) for v in people_by_kel.values())
    per_worker = max(2, round(max(scale, total_people) / 12 / max(1, len(workers))))

    counts = defaultdict(int)
    used: set[int] = set()
    for worker in workers:
        kels = worker_kel[worker.pk]
        if not kels:
            continue
        n_cases = per_worker + (2 if worker.role == Role.TKSK else 0)
        for _i in range(n_cases):
            kel = rng.choice(kels)
            candidates = [p for p, _ in people_by_kel[kel] if p not in used] or [
                p for p, _ in people_by_kel[kel]
            ]
            person_id = rng.choice(candidates)
            used.add(person_id)
            _demo_case(
                rng=rng,
                today=today,
                worker=worker,
                kel=kel,
                person_id=person_id,
                category_id=category_of.get(person_id) or rng.choice(categories),
                partners=[u for u in psm_by_kel.get(kel, []) if u != worker],
                by_kind=by_kind,
                agencies=agencies,
                supervisor=admin,
                counts=counts,
            )
        # community work not tied to a case
        for _i in range(rng.randint(1, 3)):
            kind = rng.choice([ActivityKind.INFO_SESSION, ActivityKind.MEETING])
            Activity.objects.create(
                actor=worker,
                kind=kind,
                kelurahan_id=rng.choice(kels),
                date=today - timedelta(days=rng.randint(0, 60)),
                duration_minutes=rng.choice([60, 90, 120]),
                place=rng.choice(["Kantor lurah", "Masjid", "Posyandu", "Balai RW"]),
                roles=sorted({*rng.sample(KIND_ROLES[kind], 2)}, key=list(WorkRole.values).index),
                notes="Kerja komunitas bersama PSM dan tokoh masyarakat.",
            )
            counts["activities"] += 1
        if worker.role == Role.TKSK:
            _demo_mediations(
                rng=rng,
                today=today,
                worker=worker,
                kels=kels,
                counts=counts,
                people_by_kel=people_by_kel,
            )
            _demo_events(rng=rng, today=today, worker=worker, kels=kels, counts=counts)
    return dict(counts)


def _demo_case(
    *,
    rng,
    today,
    worker,
    kel,
    person_id,
    category_id,
    partners,
    by_kind,
    agencies,
    supervisor,
    counts,
) -> None:
    protection = rng.random() < 0.05
    opened = today - timedelta(days=rng.randint(3, 320))
    status = rng.choices(
        [
            CaseStatus.ASSESSMENT,
            CaseStatus.PLANNED,
            CaseStatus.IN_PROGRESS,
            CaseStatus.REVIEW,
            CaseStatus.CLOSED,
        ],
        weights=[12, 15, 40, 10, 23],
    )[0]
    if protection:
        kind = rng.choice(ProtectionKind.values)
        problem, strengths = PROTECTION_PROBLEMS[kind], "Ada tetangga dan ketua RT yang peduli."
    else:
        kind = ""
        problem, strengths = rng.choice(PROBLEMS)
        problem = problem.format(m=opened.strftime("%m/%Y"))
    case = Case.objects.create(
        person_id=person_id,
        kelurahan_id=kel,
        lead=worker,
        category_id=category_id,
        problem=problem,
        strengths=strengths,
        status=status,
        urgency=4 if protection else rng.choices([1, 2, 3], weights=[2, 6, 2])[0],
        protection=protection,
        protection_kind=kind,
        opened_at=_at(opened, rng),
    )
    counts["cases"] += 1
    counts["protection"] += protection
    if partners and (protection or rng.random() < 0.3):
        case.members.add(rng.choice(partners))
    path = [CaseStatus.ASSESSMENT, CaseStatus.PLANNED, CaseStatus.IN_PROGRESS, CaseStatus.REVIEW]
    reached = path[: path.index(status) + 1] if status in path else path[:3]
    previous = ""
    for step, st in enumerate(reached):
        CaseEvent.objects.create(
            case=case,
            actor=worker,
            at=_at(opened + timedelta(days=step * 7), rng),
            from_status=previous,
            to_status=st,
        )
        previous = st
    if status == CaseStatus.CLOSED:
        outcome = rng.choices(Outcome.values, weights=[45, 20, 12, 5, 8, 10])[0]
        closed = min(today, opened + timedelta(days=rng.randint(30, 200)))
        case.outcome, case.closed_at = outcome, _at(closed, rng)
        case.outcome_note = "Ditutup setelah evaluasi bersama keluarga."
        case.save(update_fields=["outcome", "closed_at", "outcome_note"])
        CaseEvent.objects.create(
            case=case,
            actor=worker,
            at=case.closed_at,
            from_status=previous,
            to_status=CaseStatus.CLOSED,
        )
    if status != CaseStatus.ASSESSMENT:
        for goal in rng.sample(GOALS, rng.randint(1, 3)):
            due = opened + timedelta(days=rng.randint(14, 150))
            done = (
                due - timedelta(days=rng.randint(0, 10))
                if (due < today and rng.random() < 0.6) or status == CaseStatus.CLOSED
                else None
            )
            PlanGoal.objects.create(
                case=case, text=goal, due_on=due, done_on=min(done, today) if done else None
            )
            counts["goals"] += 1
    end = case.closed_at.date() if case.closed_at else today
    for _i in range(rng.randint(1, 5)):
        kind_ = rng.choice(list(KIND_ROLES))
        roles = set(rng.sample(KIND_ROLES[kind_], rng.randint(1, 2)))
        if protection:
            roles.add(WorkRole.PROTECTOR)
        day = opened + timedelta(days=rng.randint(0, max(0, (end - opened).days)))
        activity = Activity.objects.create(
            case=case,
            actor=rng.choice([worker, *case.members.all()]),
            kind=kind_,
            kelurahan_id=kel,
            date=day,
            duration_minutes=rng.choice([10, 15, 30, 45, 60, 90]),
            place=rng.choice(
                ["Rumah warga", "Kantor lurah", "Puskesmas", "Telepon", "Kantor Dinsos"]
            ),
            roles=[r for r in WorkRole.values if r in roles],
            notes=rng.choice(NOTES),
        )
        activity.people.add(person_id)
        counts["activities"] += 1
    if case.is_open and rng.random() < 0.25:
        activity = Activity.objects.create(
            case=case,
            actor=worker,
            kind=ActivityKind.HOME_VISIT,
            kelurahan_id=kel,
            date=today,
            duration_minutes=30,
            place="Rumah warga",
            roles=[WorkRole.FACILITATOR],
            notes="Kunjungan rutin.",
        )
        counts["activities"] += 1
    if status in (CaseStatus.REVIEW, CaseStatus.CLOSED) or rng.random() < 0.2:
        CaseReview.objects.create(
            case=case,
            author=worker,
            reviewed_on=min(today, opened + timedelta(days=60)),
            progress="Sebagian langkah rencana sudah berjalan.",
            next_review_on=today + timedelta(days=rng.randint(7, 60)),
        )
    if protection:
        hand = case.opened_at
        for body in [Body.DINSOS, *rng.sample([Body.UPTD_PPA, Body.POLICE], rng.randint(0, 2))]:
            hand += timedelta(hours=rng.randint(1, 30))
            Escalation.objects.create(
                case=case,
                body=body,
                actor=worker,
                handed_over_at=hand,
                note="Diserahkan dengan laporan tertulis.",
            )
            counts["escalations"] += 1
        if supervisor and rng.random() < 0.3:
            AccessLog.objects.create(
                case=case,
                user=supervisor,
                kind=AccessKind.BREAK_GLASS,
                at=hand + timedelta(hours=2),
                reason="Permintaan polisi untuk berkas malam ini.",
            )
    elif status != CaseStatus.ASSESSMENT and rng.random() < 0.4:
        pool = by_kind.get(rng.choice(list(by_kind))) or agencies
        agency = rng.choice(pool)
        sent = opened + timedelta(days=rng.randint(1, 30))
        due = sent + timedelta(days=rng.choice([7, 14, 21]))
        st = rng.choices(ReferralStatus.values, weights=[30, 20, 35, 8, 7])[0]
        referral = Referral.objects.create(
            case=case,
            person_id=person_id,
            kelurahan_id=kel,
            agency=agency,
            need=rng.choice(agency.services.split(", ")),
            due_on=due,
            status=st,
            feedback="Layanan sudah diberikan." if st == ReferralStatus.SERVICE_GIVEN else "",
            referred_by=worker,
            sent_at=_at(sent, rng),
        )
        ReferralEvent.objects.create(
            referral=referral, actor=worker, at=referral.sent_at, to_status="sent"
        )
        if st != ReferralStatus.SENT:
            ReferralEvent.objects.create(
                referral=referral,
                actor=worker,
                at=_at(min(today, due), rng),
                from_status="sent",
                to_status=st,
                note=referral.feedback,
            )
        counts["referrals"] += 1


def _demo_mediations(*, rng, today, worker, kels, counts, people_by_kel) -> None:
    subjects = [
        "Sengketa batas tanah antar tetangga",
        "Pembagian bantuan beras di RT",
        "Perselisihan keluarga soal pengasuhan lansia",
        "Keluhan warga tentang data DTSEN",
    ]
    for _i in range(rng.randint(1, 2)):
        kel = rng.choice(kels)
        opened = today - timedelta(days=rng.randint(5, 120))
        reached = rng.choice([True, False, None])
        mediation = Mediation.objects.create(
            kelurahan_id=kel,
            subject=rng.choice(subjects),
            mediator=worker,
            opened_on=opened,
            other_parties="Ketua RT; perwakilan warga",
            agreement_reached=reached,
            agreement="Sepakat dibagi rata dan dicatat RT." if reached else "",
            follow_up_on=today + timedelta(days=rng.randint(-10, 30)),
        )
        people = [p for p, _ in people_by_kel[kel][:50]]
        if people:
            mediation.parties.set(rng.sample(people, min(2, len(people))))
        for s in range(rng.randint(1, 3)):
            MediationSession.objects.create(
                mediation=mediation,
                held_on=opened + timedelta(days=s * 7),
                notes="Para pihak hadir dan menyampaikan pendapat.",
            )
        counts["mediations"] += 1


def _demo_events(*, rng, today, worker, kels, counts) -> None:
    rts = defaultdict(list)
    for rt in (
        Area.objects.filter(level=Level.RT, parent__parent_id__in=kels)
        .select_related("parent")
        .order_by("code")
    ):
        rts[rt.parent.parent_id].append(rt)
    by_kecamatan = defaultdict(list)
    for pk, parent in (
        Area.objects.filter(pk__in=kels).order_by("code").values_list("pk", "parent_id")
    ):
        by_kecamatan[parent].append(pk)
    plan = [k for group in by_kecamatan.values() for k in rng.sample(group * 3, 3)]
    for i, kel in enumerate(plan):
        topic, program, group = rng.choice(TOPICS)
        day = today + timedelta(days=rng.randint(-90, 30))
        held = day < today and rng.random() < 0.9
        area_id = rng.choice(rts[kel]).pk if rts.get(kel) and i % 2 else kel
        male, female = (rng.randint(5, 40), rng.randint(10, 60)) if held else (0, 0)
        event = OutreachEvent.objects.create(
            topic=topic,
            program=program,
            area_id=area_id,
            kelurahan_id=kel,
            date=day,
            status=EventStatus.HELD if held else EventStatus.PLANNED,
            target_group=group,
            attendance_male=male,
            attendance_female=female,
            attendance_by_group={"lansia": rng.randint(0, 10), "disabilitas": rng.randint(0, 5)}
            if held
            else {},
            materials="Leaflet, presentasi",
            follow_ups="Pendataan peserta yang berminat." if held else "",
            created_by=worker,
        )
        event.facilitators.add(worker)
        counts["events"] += 1
