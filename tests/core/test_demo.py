"""The demo: deterministic, the workforce of Table 2, valid identifiers, points inside areas,
and what each app's part of it must show (casework, mobility, reconciliation). One demo is built
for the whole module (it takes seconds) and rolled back at the end; the tests only read it."""

import hashlib
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from pendamping.accounts.models import Assignment, Role, User
from pendamping.core.demo import _load_polygons, build_demo
from pendamping.registry.models import Household, Person
from pendamping.registry.nik import validate_kk, validate_nik

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("core-demo")]


def _fingerprint() -> str:
    rows = Person.objects.order_by("nik", "name").values_list(
        "nik", "name", "birth_date", "kelurahan__code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _build_and_fingerprint(seed: int) -> str:
    with transaction.atomic():
        build_demo(scale=400, seed=seed, registry_only=True)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_same_seed_gives_same_data_and_another_seed_differs():
    first = _build_and_fingerprint(3)
    assert _build_and_fingerprint(3) == first
    assert _build_and_fingerprint(4) != first


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Built once inside a transaction that the module's end rolls back; each test runs in a
    savepoint inside it (pytest-django), so no test sees another's writes."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_demo(scale=1200, seed=11)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_workforce_matches_table2(demo):
    roles = Counter(User.objects.filter(is_active=True).values_list("role", flat=True))
    assert roles[Role.TKSK] == 12
    assert roles[Role.PKH] == 69
    assert roles[Role.PSM] == 156
    assert roles[Role.PENYULUH] == 6
    assert roles[Role.PEKSOS] == 3
    assert sum(roles[r] for r in (Role.TKSK, Role.PKH, Role.PSM, Role.PENYULUH, Role.PEKSOS)) == 246


def test_twelve_tksk_cover_fifteen_kecamatan_as_before_2021(demo):
    tampan = set(
        Assignment.objects.filter(user__username="tksk.tampan", valid_to__isnull=True).values_list(
            "area__code", flat=True
        )
    )
    assert tampan == {"14.71.08", "14.71.13"}
    covered = set(
        Assignment.objects.filter(user__role=Role.TKSK, valid_to__isnull=True).values_list(
            "area__code", flat=True
        )
    )
    assert len(covered) == 15
    every_kelurahan_has_psm = (
        Assignment.objects.filter(user__role=Role.PSM, user__is_active=True, valid_to__isnull=True)
        .values("area")
        .distinct()
        .count()
    )
    assert every_kelurahan_has_psm == 83


def test_people_have_valid_nik_kk_and_scale(demo):
    assert demo.people == 1200
    # The mobility demo then registers a few births and newcomers through the services.
    assert 1200 <= Person.objects.count() <= 1260
    people = list(Person.objects.select_related("kelurahan__parent"))
    with_nik = [p for p in people if p.nik]
    assert len(with_nik) > 0.9 * len(people)
    for person in with_nik:
        result = validate_nik(person.nik, birth_date=person.birth_date, sex=person.sex)
        assert result.valid, (person.nik, result.problems)
        assert not [w for w in result.warnings if w.code in ("birth_date_mismatch", "sex_mismatch")]
    for household in Household.objects.all():
        assert validate_kk(household.kk).valid


def test_locations_fall_inside_their_kelurahan(demo):
    polygons = _load_polygons()
    households = list(Household.objects.select_related("kelurahan"))
    located = [h for h in households if h.latitude is not None]
    assert len(located) > 0.9 * len(households)  # a move without a new point clears the old one
    for household in located:
        polygon = polygons[household.kelurahan.code]
        assert polygon.contains(household.longitude, household.latitude)


def test_names_show_spelling_variety(demo):
    names = " ".join(Person.objects.values_list("name", flat=True))
    variants = [v for v in ("Muhammad", "Muhamad", "Mohammad", "M. ") if v in names]
    assert len(variants) >= 2


def test_demo_command_refuses_a_second_time_but_if_empty_is_quiet(demo):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("demo", "--scale", "10")
    before = Person.objects.count()
    call_command("demo", "--scale", "10", "--if-empty")
    assert Person.objects.count() == before


def test_the_demo_reconciliation_finished(demo):
    from pendamping.linkage.models import ReconciliationRun, RunStatus

    run = ReconciliationRun.objects.get()
    assert run.status == RunStatus.DONE, run.error


def test_demo_casework_covers_every_kecamatan_and_pages_show_it(demo, client):
    from pendamping.casework.models import Activity, Case, OutreachEvent, Referral
    from pendamping.core.demo import DEMO_PASSWORD

    assert Case.objects.count() >= 150
    assert Case.objects.filter(protection=True).exists()
    per_kecamatan = Case.objects.values("kelurahan__parent").annotate(n=Count("pk"))
    assert len(per_kecamatan) == 15
    assert OutreachEvent.objects.values("kelurahan__parent").distinct().count() == 15
    assert Referral.objects.filter(status="service_given").exists()
    assert Activity.objects.filter(case__isnull=True).exists()
    assert all(a.roles for a in Activity.objects.all()[:200])
    tksk = User.objects.get(username="tksk.sukajadi")
    assert client.login(username="tksk.sukajadi", password=DEMO_PASSWORD)
    home = client.get("/casework/").content.decode()
    case = Case.objects.filter(lead=tksk, protection=False).first()
    assert case.person.name in client.get("/casework/cases/?status=").content.decode()
    assert "casework-panel" in home
    for url in (
        "/casework/events/",
        "/casework/mediations/",
        "/casework/referrals/",
        "/casework/agencies/",
        f"/casework/cases/{case.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    assert "Belum ada kegiatan" not in client.get("/casework/events/").content.decode()
    assert "Belum ada sengketa" not in client.get("/casework/mediations/").content.decode()
    assert client.login(username="kabid", password=DEMO_PASSWORD)
    assert 'data-testid="per-assistant"' in client.get("/casework/").content.decode()


def test_demo_has_a_realistic_flow_of_moves(demo):
    from pendamping.mobility.models import MoveReport, ReportStatus
    from pendamping.registry.models import Change, ChangeSource

    reports = MoveReport.objects.all()
    assert reports.count() >= 20
    assert reports.filter(status=ReportStatus.CONFIRMED).exists()
    assert reports.filter(status=ReportStatus.PENDING).exists()
    assert reports.filter(late=True).exists()
    assert reports.filter(late=False).exists()
    assert reports.filter(reporter__role="rtrw").exists()
    moves = reports.filter(kind="moved_out").exclude(household=None)
    renters = moves.filter(household__dwelling_status__in=("rent", "contract", "lodging")).count()
    assert renters > moves.count() - renters
    assert Change.objects.filter(source=ChangeSource.MOBILITY).exists()


def test_demo_has_a_finished_reconciliation_with_every_outcome(demo):
    from pendamping.linkage.models import (
        Outcome,
        OutcomeKind,
        ReconciliationRun,
        Snapshot,
        VervalSource,
        VervalTask,
    )

    snapshot = Snapshot.objects.get()
    assert snapshot.row_count >= 40
    run = ReconciliationRun.objects.get()
    kinds = set(Outcome.objects.filter(run=run).values_list("kind", flat=True))
    assert {OutcomeKind.CONSISTENT, OutcomeKind.DIFFERENT, OutcomeKind.REGISTRY_ONLY} <= kinds
    tasks = VervalTask.objects.filter(source=VervalSource.RECONCILIATION)
    assert tasks.exists()
    assert not tasks.filter(assignee__isnull=True).exists()
