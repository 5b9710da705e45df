import pytest

from pendamping.casework.models import AccessLog, Activity, Agency

pytestmark = pytest.mark.django_db


def test_case_lifecycle_through_the_api(client, tksk, person, category):
    client.force_login(tksk)
    response = client.post(
        "/api/v1/casework/cases",
        {
            "person_id": person.pk,
            "category_code": category.code,
            "problem": "Lost job",
            "strengths": "Skilled tailor",
            "goals": [{"text": "Join a training", "due_on": "2026-12-31"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["allowed_transitions"] == ["planned", "closed"]
    assert body["goals"][0]["text"] == "Join a training"
    case_id = body["id"]
    bad = client.post(
        f"/api/v1/casework/cases/{case_id}/transition",
        {"to_status": "review"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "transition_not_allowed"
    closed = client.post(
        f"/api/v1/casework/cases/{case_id}/transition",
        {"to_status": "closed", "outcome": "goal_reached"},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed"
    assert [c["id"] for c in client.get("/api/v1/casework/cases?status=closed").json()] == [case_id]


def test_same_activity_sent_twice_is_stored_once(client, tksk, case):
    client.force_login(tksk)
    payload = {
        "client_id": "6f1c-0001",
        "case_id": case.pk,
        "kind": "phone_call",
        "roles": ["motivator", "broker"],
        "duration_minutes": 10,
        "latitude": 0.51,
        "longitude": 101.44,
    }
    first = client.post("/api/v1/casework/activities", payload, content_type="application/json")
    second = client.post("/api/v1/casework/activities", payload, content_type="application/json")
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Activity.objects.count() == 1
    unknown = client.post(
        "/api/v1/casework/activities",
        {**payload, "client_id": "other", "roles": ["hero"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400


def test_out_of_scope_case_is_404(client, make_user, case):
    client.force_login(make_user("tksk", "14.71.02"))
    assert client.get(f"/api/v1/casework/cases/{case.pk}").status_code == 404
    assert client.get("/api/v1/casework/cases?mine=false").json() == []


def test_protection_case_is_404_for_neighbour_and_logged(client, neighbour, protection_case):
    client.force_login(neighbour)
    assert client.get(f"/api/v1/casework/cases/{protection_case.pk}").status_code == 404
    assert client.get("/api/v1/casework/cases?mine=false").json() == []
    response = client.post(
        "/api/v1/casework/activities",
        {"case_id": protection_case.pk, "kind": "meeting", "roles": ["protector"]},
        content_type="application/json",
    )
    assert response.status_code == 404
    log = AccessLog.objects.filter(case=protection_case, user=neighbour)
    assert log.count() == 2
    assert set(log.values_list("channel", flat=True)) == {"api"}


def test_referral_loop_through_the_api(client, tksk, case):
    agency = Agency.objects.create(name="Disdukcapil", kind="civil_registry", services="KTP, KK")
    client.force_login(tksk)
    created = client.post(
        "/api/v1/casework/referrals",
        {"case_id": case.pk, "agency_id": agency.pk, "need": "New KK", "due_on": "2020-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201
    referral_id = created.json()["id"]
    assert [r["id"] for r in client.get("/api/v1/casework/referrals?overdue=true").json()] == [
        referral_id
    ]
    for status in ("accepted", "service_given"):
        response = client.post(
            f"/api/v1/casework/referrals/{referral_id}/transition",
            {"to_status": status, "feedback": "KK issued" if status == "service_given" else ""},
            content_type="application/json",
        )
        assert response.status_code == 200
    assert response.json()["feedback"] == "KK issued"


def test_roles_list_has_eleven_with_definitions(client, tksk):
    client.force_login(tksk)
    roles = client.get("/api/v1/casework/roles").json()
    assert len(roles) == 11
    assert all(r["definition"] for r in roles)


def test_events_through_the_api(client, tksk, make_user):
    client.force_login(tksk)
    created = client.post(
        "/api/v1/casework/events",
        {"topic": "Cek DTSEN", "area_code": "14.71.01.1002", "date": "2026-02-02"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    held = client.post(
        f"/api/v1/casework/events/{event_id}/held",
        {"attendance_male": 3, "attendance_female": 7, "attendance_by_group": {"lansia": 2}},
        content_type="application/json",
    )
    assert held.json()["status"] == "held"
    client.force_login(make_user("tksk", "14.71.02"))
    assert client.get(f"/api/v1/casework/events/{event_id}").status_code == 404
    outside = client.post(
        "/api/v1/casework/events",
        {"topic": "x", "area_code": "14.71.01.1002", "date": "2026-02-02"},
        content_type="application/json",
    )
    assert outside.status_code == 404
