"""Writes and API reads are recorded by the middleware, so apps inherit the audit log."""

import pytest
from django.test import Client

from pendamping.accounts.services import api_token_create
from pendamping.audit.models import Action, AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
JADIREJO = "14.71.01.1002"


def test_a_page_write_is_recorded_with_who_what_and_from_where(client, make_user, make_household):
    person = make_household(JADIREJO).members.first()
    user = make_user("psm", JADIREJO)
    client.force_login(user)
    client.post(f"/registry/people/{person.pk}/edit/", {"name": ""}, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action=Action.WRITE).latest("id")
    assert (event.actor_id, event.object_type, event.object_id) == (
        user.id,
        "registry.person",
        str(person.pk),
    )
    assert event.ip == "10.1.2.3"
    assert event.summary == "POST 200"


def test_api_reads_by_token_are_recorded_once(make_user, make_household):
    make_household(JADIREJO)
    user = make_user("tksk", "14.71.01")
    _, key = api_token_create(user=user, name="hp")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    before = AuditEvent.objects.count()
    assert client.get("/api/v1/casework/cases").status_code == 200
    events = list(AuditEvent.objects.filter(id__gt=0).order_by("id"))[before:]
    assert [(e.action, e.actor_id) for e in events] == [(Action.API_READ, user.id)]
    # The registry records its own reads: the middleware does not add a second event.
    before = AuditEvent.objects.count()
    client.get("/api/v1/people")
    assert AuditEvent.objects.count() == before + 1


def test_public_area_api_is_not_recorded(client):
    before = AuditEvent.objects.count()
    assert client.get("/api/v1/areas?level=kecamatan").status_code == 200
    assert AuditEvent.objects.count() == before


def test_case_page_read_is_recorded_as_a_read_of_the_case(client, make_user, make_household):
    from pendamping.casework.services import case_open
    from pendamping.registry.models import PpksCategory

    person = make_household(JADIREJO).members.first()
    tksk = make_user("tksk", "14.71.01")
    case = case_open(
        actor=tksk,
        person=person,
        category=PpksCategory.objects.get(code="PPKS24"),
        problem="Tidak ada penghasilan.",
    )
    client.force_login(tksk)
    assert client.get(f"/casework/cases/{case.pk}/").status_code == 200
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.object_id) == (
        Action.READ,
        "casework.case",
        str(case.pk),
    )


def test_anonymous_refused_writes_are_not_recorded_but_failed_logins_are(client):
    before = AuditEvent.objects.count()
    client.post("/casework/cases/new/", {"x": "1"})
    assert AuditEvent.objects.count() == before
    client.post("/accounts/login/", {"username": "nobody", "password": "x" * 12})
    event = AuditEvent.objects.latest("id")
    assert event.action == Action.LOGIN_FAILED
    assert "nobody" in event.summary


def test_who_looked_panel_for_supervisor_and_the_persons_assistant(make_user, make_household):
    person = make_household(JADIREJO).members.first()
    reader = make_user("psm", JADIREJO, username="pembaca")
    Client().force_login(reader)
    client = Client()
    client.login(username=reader.username, password=TEST_PASSWORD)
    client.get(f"/registry/people/{person.pk}/")
    for viewer in (make_user("supervisor"), make_user("pkh", JADIREJO)):
        c = Client()
        c.force_login(viewer)
        page = c.get(f"/registry/people/{person.pk}/").content.decode()
        assert "Siapa yang membuka data ini" in page
        assert "pembaca" in page
