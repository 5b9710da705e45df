"""Data-protection duties: restricted sensitive categories with emergency opening, the
data-subject access file, the breach helper, retention, the register of purposes."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pendamping.audit.models import Action, AuditEvent, BreachReport
from pendamping.audit.retention import retention_run
from pendamping.registry.models import Change, Person, PersonNameKey
from pendamping.registry.services import classification_add

pytestmark = pytest.mark.django_db
JADIREJO = "14.71.01.1002"
HIV = "PPKS16"
POOR = "PPKS24"


def _categories(client, person) -> str:
    """The categories shown on the person's page (without the add-a-category form)."""
    page = client.get(f"/registry/people/{person.pk}/").content.decode()
    return page.split('data-testid="categories"', 1)[1].split("<details>", 1)[0]


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def classified(make_user, make_household):
    person = make_household(JADIREJO).members.first()
    assessor = make_user("peksos", JADIREJO, username="assessor")
    for code in (HIV, POOR):
        classification_add(
            actor=assessor, person=person, category_code=code, assessed_on=date(2026, 1, 5)
        )
    return person, assessor


def test_sensitive_category_is_hidden_from_those_not_assigned(classified, make_user):
    person, assessor = classified
    colleague = make_user("psm", JADIREJO)
    page = _categories(_as(colleague), person)
    assert "ODHA" not in page
    assert "Fakir Miskin" in page
    assert "1 kategori terbatas" in page
    api = _as(colleague).get(f"/api/v1/people/{person.pk}").json()
    assert [c["code"] for c in api["categories"]] == [POOR]
    assert "ODHA" in _categories(_as(assessor), person)
    codes = [
        c["code"] for c in _as(assessor).get(f"/api/v1/people/{person.pk}").json()["categories"]
    ]
    assert HIV in codes


def test_case_assistants_see_it(classified, make_user):
    from pendamping.casework.services import case_open
    from pendamping.registry.models import PpksCategory

    person, _ = classified
    tksk = make_user("tksk", "14.71.01")
    case_open(
        actor=tksk,
        person=person,
        category=PpksCategory.objects.get(code=POOR),
        problem="Butuh pendampingan.",
    )
    assert "ODHA" in _categories(_as(tksk), person)


def test_supervisor_opens_it_in_an_emergency_with_a_logged_reason(classified, make_user):
    person, _ = classified
    kabid = make_user("supervisor", username="kabid")
    client = _as(kabid)
    page = _categories(client, person)
    assert "ODHA" not in page
    assert "Buka dalam keadaan darurat" in page
    short = client.post(f"/privacy/people/{person.pk}/break-glass/", {"reason": "perlu"})
    assert short.status_code == 200
    done = client.post(
        f"/privacy/people/{person.pk}/break-glass/",
        {"reason": "Rujukan darurat ke rumah sakit malam ini"},
    )
    assert done.status_code == 302
    assert "ODHA" in _categories(client, person)
    event = AuditEvent.objects.get(action=Action.BREAK_GLASS)
    assert (event.actor_id, event.object_id) == (kabid.id, str(person.pk))
    assert "Rujukan darurat" in event.summary
    # A field worker may not break the glass.
    psm = make_user("psm", JADIREJO)
    assert _as(psm).get(f"/privacy/people/{person.pk}/break-glass/").status_code == 404


def test_sensitive_category_is_not_a_search_filter(classified, make_user, make_household):
    other = make_household(JADIREJO, name="Ahmad Yani").members.first()
    psm = make_user("psm", JADIREJO)
    found = _as(psm).get("/api/v1/people", {"category": HIV}).json()
    assert other.pk in {p["id"] for p in found}
    poor = _as(psm).get("/api/v1/people", {"category": POOR}).json()
    assert {p["id"] for p in poor} == {classified[0].pk}


def test_subject_access_file_holds_everything_about_the_person(classified, make_user):
    person, _ = classified
    kabid = make_user("supervisor")
    _as(make_user("psm", JADIREJO)).get(f"/registry/people/{person.pk}/")
    response = _as(kabid).get(f"/privacy/people/{person.pk}/data.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["person"]["nik"] == person.nik
    codes = {c["category"] for c in data["records"]["registry.classification"]}
    assert len(codes) == 2
    assert data["access_log"]
    assert "registry.change" in data["records"]
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(person.pk)).exists()
    assert (
        _as(make_user("psm", JADIREJO)).get(f"/privacy/people/{person.pk}/data.json").status_code
        == 404
    )


def test_breach_helper_lists_the_people_an_account_touched(make_user, make_household):
    touched = make_household(JADIREJO, name="Siti Aminah").members.first()
    make_household(JADIREJO, name="Tidak Dibuka")
    leaker = make_user("psm", JADIREJO, username="bocor")
    _as(leaker).get(f"/registry/people/{touched.pk}/")
    admin = make_user("admin")
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    page = _as(admin).post(
        "/privacy/breach/",
        {
            "account": "bocor",
            "start": (now - timedelta(hours=1)).strftime(fmt),
            "end": (now + timedelta(hours=1)).strftime(fmt),
            "description": "Ponsel petugas hilang",
        },
    )
    body = page.content.decode()
    assert "Siti Aminah" in body
    assert "Tidak Dibuka" not in body
    report = BreachReport.objects.get()
    assert report.people_count == 1
    assert report.notify_by - report.discovered_at == timedelta(hours=72)
    assert _as(leaker).get("/privacy/breach/").status_code == 404


def test_retention_anonymises_closed_records_past_their_period(make_user, make_household):
    household = make_household(JADIREJO, members=1)
    person = household.members.get()
    old_nik = person.nik
    Person.objects.filter(pk=person.pk).update(
        status="moved_out", updated_at=timezone.now() - timedelta(days=6 * 365)
    )
    active = make_household(JADIREJO, name="Masih Aktif").members.first()
    assert retention_run().people == 1
    assert Person.objects.get(pk=person.pk).nik == old_nik  # a dry run changes nothing
    report = retention_run(apply=True)
    assert report.people == 1
    person.refresh_from_db()
    assert (person.name, person.nik, person.phone) == ("Anonim", None, "")
    assert not PersonNameKey.objects.filter(person=person).exists()
    assert old_nik not in json.dumps(list(Change.objects.filter(person=person).values("fields")))
    assert Person.objects.get(pk=active.pk).name == "Masih Aktif"
    assert AuditEvent.objects.filter(object_type="retention").exists()


def test_register_of_processing_purposes_is_public(client):
    page = client.get("/privacy/").content.decode()
    assert "Pelindungan Data Pribadi" in page
    assert "3x24 jam" in page
    assert "data pribadi spesifik" in page
