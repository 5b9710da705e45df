"""Reads of programs, eligibility, enrolments, deliveries and usulan, within the actor's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pendamping.core.scope import get_scoped, scope_of, scoped
from pendamping.registry.models import Classification, Household, Person, PpksCategory
from pendamping.registry.models import RecordStatus as RS
from pendamping.wilayah.models import Area

from . import eligibility
from .models import (
    OPEN_ENROLMENT,
    RECEIVING,
    Delivery,
    DeliveryStatus,
    Enrolment,
    EnrolmentStatus,
    Program,
    Usulan,
)


def program_list(*, active_only: bool = False) -> QuerySet[Program]:
    qs = Program.objects.prefetch_related("conditions", "target_categories")
    return qs.filter(active=True) if active_only else qs


def program_get(*, code: str) -> Program:
    return Program.objects.prefetch_related("conditions", "target_categories", "quotas").get(
        code=code
    )


def conditions_of(program: Program) -> list[dict]:
    return [
        {"field": c.field, "op": c.op, "value": c.value, "group": c.group}
        for c in program.conditions.all()
    ]


def value_labels() -> dict[str, str]:
    """Codes that appear in conditions, in words (PPKS categories, programs, choices)."""
    from pendamping.registry.models import Disability, DwellingStatus, Relationship, Sex

    labels = {c.code: f"{c.code} {c.name_id}" for c in PpksCategory.objects.all()}
    labels.update({p.code: p.name for p in Program.objects.all()})
    for choices in (Sex, Disability, DwellingStatus, Relationship, RS):
        labels.update({str(v): str(label) for v, label in choices.choices if v})
    return labels


def _region_kelurahan_ids() -> list[int]:
    return list(
        Area.objects.filter(
            code__startswith=settings.PENDAMPING_REGION_CODE + ".", level__in=("kelurahan", "desa")
        ).values_list("pk", flat=True)
    )


def eligibility_facts(
    *, kelurahan_ids: list[int] | None = None, person_ids: list[int] | None = None, today: date
) -> list[eligibility.Facts]:
    """Load what the rules look at, for everyone in these kelurahan (or these people and their
    households) in a few flat queries; no per-person query and no long IN lists (building
    those costs Django more than the queries themselves)."""
    if person_ids is not None:
        households = list(
            Person.objects.filter(pk__in=person_ids).values_list("household_id", flat=True)
        )
        people = Person.objects.filter(household_id__in=households)
        homes_qs = Household.objects.filter(pk__in=households)
        by_household = {"household_id__in": households}
        by_person = {"person__household_id__in": households}
    else:
        area = {"kelurahan_id__in": kelurahan_ids} if kelurahan_ids is not None else {}
        people = Person.objects.filter(**area)
        homes_qs = Household.objects.filter(**area)
        by_household = {f"household__{k}": v for k, v in area.items()}
        by_person = {f"person__{k}": v for k, v in area.items()}
    rows = list(
        people.values_list(
            "pk",
            "birth_date",
            "sex",
            "disability",
            "status",
            "relationship",
            "kelurahan_id",
            "household_id",
        ).order_by()
    )
    codes = dict(
        Area.objects.filter(pk__in={r[6] for r in rows}).values_list("pk", "code").order_by()
    )
    homes: dict[int, eligibility.HouseholdFacts] = {
        pk: eligibility.HouseholdFacts(decile=decile, dwelling=dwelling)
        for pk, decile, dwelling in homes_qs.values_list("pk", "decile", "dwelling_status")
        .order_by()
        .iterator(chunk_size=20000)
    }
    for _pk, birth, _sex, disability, status, _rel, _kel, hh in rows:
        home = homes.setdefault(hh, eligibility.HouseholdFacts())
        if status == RS.ACTIVE:
            home.size += 1
            if birth is not None:
                home.birth_dates.append(birth)
            if disability:
                home.disabled += 1
    category_code = dict(PpksCategory.objects.values_list("pk", "code"))
    valid = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    for household_id, category_id in (
        Classification.objects.filter(valid, person__isnull=True, **by_household)
        .values_list("household_id", "category_id")
        .order_by()
        .iterator(chunk_size=20000)
    ):
        if household_id in homes:
            homes[household_id].categories.add(category_code[category_id])
    person_cats: dict[int, set[str]] = defaultdict(set)
    for person_id, category_id in (
        Classification.objects.filter(valid, person__isnull=False, **by_person)
        .values_list("person_id", "category_id")
        .order_by()
        .iterator(chunk_size=20000)
    ):
        person_cats[person_id].add(category_code[category_id])
    program_code = dict(Program.objects.values_list("pk", "code"))
    programs: dict[int, set[str]] = defaultdict(set)
    for person_id, program_id in (
        Enrolment.objects.filter(status__in=RECEIVING, **by_person)
        .values_list("person_id", "program_id")
        .order_by()
        .iterator(chunk_size=20000)
    ):
        programs[person_id].add(program_code[program_id])
    facts = []
    empty: set[str] = set()
    for pk, birth, sex, disability, status, rel, kel, hh in rows:
        home = homes[hh]
        mine = programs.get(pk, empty)
        if mine:
            home.programs |= mine
        facts.append(
            eligibility.Facts(
                pk, birth, sex, disability, status, rel, codes.get(kel, ""), home,
                person_cats.get(pk, empty), mine,
            )
        )  # fmt: skip
    return facts


@dataclass
class ProgramEligibility:
    program: Program
    eligible: set[int]
    enrolled_open: set[int]
    receiving: set[int]

    @property
    def eligible_not_enrolled(self) -> set[int]:
        return self.eligible - self.enrolled_open

    @property
    def enrolled_not_eligible(self) -> set[int]:
        return self.receiving - self.eligible


def _scope_kelurahan(actor) -> list[int]:
    scope = scope_of(actor)
    return _region_kelurahan_ids() if scope.everything else list(scope.kelurahan_ids)


def registry_eligibility(
    *, actor, programs: list[Program] | None = None, today: date | None = None
) -> list[ProgramEligibility]:
    """Every program evaluated for everyone in the actor's areas: one load, then one pass each."""
    today = today or timezone.localdate()
    kelurahan_ids = _scope_kelurahan(actor)
    facts = eligibility_facts(kelurahan_ids=kelurahan_ids, today=today)
    programs = programs if programs is not None else list(program_list())
    open_rows = defaultdict(set)
    receiving_rows = defaultdict(set)
    for program_id, person_id, status in Enrolment.objects.filter(
        program__in=programs, status__in=OPEN_ENROLMENT, kelurahan_id__in=kelurahan_ids
    ).values_list("program_id", "person_id", "status"):
        open_rows[program_id].add(person_id)
        if status in RECEIVING:
            receiving_rows[program_id].add(person_id)
    return [
        ProgramEligibility(
            p,
            eligibility.eligible_ids(conditions_of(p), facts, today=today),
            open_rows[p.pk],
            receiving_rows[p.pk],
        )
        for p in programs
    ]


def person_eligibility(*, person: Person, today: date | None = None) -> list[dict]:
    """For one person (scope already checked): each program with each condition met or not."""
    today = today or timezone.localdate()
    facts = next(
        f
        for f in eligibility_facts(person_ids=[person.pk], today=today)
        if f.person_id == person.pk
    )
    labels = value_labels()
    out = []
    for program in program_list(active_only=True):
        checks = eligibility.explain(conditions_of(program), facts, today=today, labels=labels)
        out.append({"program": program, "checks": checks, "eligible": eligibility.verdict(checks)})
    return out


def people_rows(*, actor, ids: set[int], limit: int = 200) -> list[Person]:
    """The first `limit` of these people in registry order, shown by area and name (a bounded
    IN list: SQLite refuses very long ones)."""
    return list(
        scoped(Person.objects.filter(pk__in=sorted(ids)[:limit]), actor)
        .select_related("kelurahan", "household")
        .order_by("kelurahan__code", "name_key", "pk")[:limit]
    )


def enrolment_list(
    *, actor, program: Program | None = None, status: str = "", person: Person | None = None
) -> QuerySet[Enrolment]:
    qs = scoped(Enrolment.objects.all(), actor).select_related(
        "program", "person", "kelurahan", "proposed_by", "approved_by", "assistant"
    )
    if program is not None:
        qs = qs.filter(program=program)
    if status == "open":
        qs = qs.filter(status__in=OPEN_ENROLMENT)
    elif status:
        qs = qs.filter(status=status)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def enrolment_get(*, actor, pk: int) -> Enrolment:
    return get_scoped(
        Enrolment.objects.select_related("program", "person", "kelurahan", "proposed_by"),
        actor,
        pk=pk,
    )


def person_enrolments(*, person: Person) -> list[Enrolment]:
    """A person's programs, newest first (scope of the person already checked)."""
    return list(
        Enrolment.objects.filter(person=person)
        .select_related("program")
        .order_by("-created_at", "-pk")
    )


def enrolment_counts(*, actor) -> dict[int, dict[str, int]]:
    rows = (
        scoped(Enrolment.objects.all(), actor)
        .values("program_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for r in rows:
        out[r["program_id"]][r["status"]] = r["n"]
    return out


def delivery_missed(*, actor, program: Program, period: str) -> list[dict]:
    """Active enrolments of a period with no 'received' record: reported not received, or absent."""
    records = {
        d.enrolment_id: d
        for d in scoped(Delivery.objects.filter(enrolment__program=program, period=period), actor)
    }
    missed = []
    for enrolment in enrolment_list(actor=actor, program=program).filter(
        status=EnrolmentStatus.ACTIVE
    ):
        record = records.get(enrolment.pk)
        if record is None or record.status != DeliveryStatus.RECEIVED:
            missed.append({"enrolment": enrolment, "record": record})
    return missed


def delivery_summary(*, actor, program: Program) -> list[dict]:
    rows = (
        scoped(Delivery.objects.filter(enrolment__program=program), actor)
        .values("period", "status")
        .annotate(n=Count("pk"))
        .order_by("-period")
    )
    by_period: dict[str, dict[str, int]] = {}
    for r in rows:
        by_period.setdefault(r["period"], {})[r["status"]] = r["n"]
    return [{"period": p, **counts} for p, counts in by_period.items()]


def usulan_list(
    *, actor, kelurahan_id: int | None = None, kind: str = "", status: str = ""
) -> QuerySet[Usulan]:
    qs = scoped(Usulan.objects.all(), actor).select_related(
        "person", "person__household", "kelurahan", "program", "proposed_by"
    )
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("kelurahan__code", "kind", "person__name_key", "pk")
