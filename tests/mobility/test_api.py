"""The mobility API over HTTP with a device token: idempotent reports, confirmation, tracing."""

import pytest

from pendamping.accounts.services import api_token_create
from pendamping.mobility.models import MoveReport


@pytest.fixture
def rt_key(reporter):
    return api_token_create(user=reporter, name="RT phone")[1]


@pytest.fixture
def tksk_key(tksk):
    return api_token_create(user=tksk, name="TKSK phone")[1]


def _auth(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_same_report_sent_twice_is_stored_once(client, rt_key, household, today):
    body = {
        "client_id": "rt-phone-7:0001",
        "kind": "moved_out",
        "event_on": today.isoformat(),
        "household_id": household.pk,
        "destination": "outside_city",
        "to_address": "Kota Dumai",
    }
    first = client.post(
        "/api/v1/mobility/reports", body, content_type="application/json", **_auth(rt_key)
    )
    again = client.post(
        "/api/v1/mobility/reports", body, content_type="application/json", **_auth(rt_key)
    )
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert MoveReport.objects.count() == 1
    assert first.json()["late"] is False


def test_bad_input_is_explained(client, rt_key, today):
    response = client.post(
        "/api/v1/mobility/reports",
        {
            "kind": "moved_in",
            "event_on": today.isoformat(),
            "subject_name": "Andi",
            "subject_nik": "12ab",
        },
        content_type="application/json",
        **_auth(rt_key),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "subject_nik"
    assert (
        client.post(
            "/api/v1/mobility/reports",
            {"kind": "x"},
            content_type="application/json",
            **_auth(rt_key),
        ).status_code
        == 422
    )


def test_confirm_over_api_and_outsiders_get_404(
    client, rt_key, tksk_key, make_user, household, today
):
    created = client.post(
        "/api/v1/mobility/reports",
        {"kind": "unknown", "event_on": today.isoformat(), "household_id": household.pk},
        content_type="application/json",
        **_auth(rt_key),
    ).json()
    outsider = api_token_create(user=make_user("tksk", "14.71.02"), name="x")[1]
    url = f"/api/v1/mobility/reports/{created['id']}"
    assert client.get(url, **_auth(outsider)).status_code == 404
    assert (
        client.post(
            f"{url}/confirm", {}, content_type="application/json", **_auth(rt_key)
        ).status_code
        == 404
    )
    confirmed = client.post(
        f"{url}/confirm", {"note": "checked"}, content_type="application/json", **_auth(tksk_key)
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    again = client.post(f"{url}/confirm", {}, content_type="application/json", **_auth(tksk_key))
    assert again.status_code == 400
    tracing = client.get("/api/v1/mobility/tracing", **_auth(tksk_key)).json()
    assert len(tracing) == household.members.count()
    record = tracing[0]["id"]
    attempt = client.post(
        f"/api/v1/mobility/tracing/{record}/attempts",
        {"method": "visit", "outcome": "not_found", "contacts_asked": "tetangga"},
        content_type="application/json",
        **_auth(tksk_key),
    )
    assert attempt.status_code == 201
    assert attempt.json()["failed_attempts"] == 1


def test_worklist_and_participation(client, rt_key, tksk_key, household, today):
    client.post(
        "/api/v1/mobility/reports",
        {"kind": "present", "event_on": today.isoformat(), "household_id": household.pk},
        content_type="application/json",
        **_auth(rt_key),
    )
    worklist = client.get("/api/v1/mobility/worklist", **_auth(tksk_key)).json()
    assert worklist["pending_count"] == 1
    rows = client.get("/api/v1/mobility/participation/14.71.01.1002", **_auth(tksk_key)).json()
    row = next(r for r in rows if r["rt_code"] == household.rt.code)
    assert row["reports"] == 1
    assert row["on_time_percent"] == 100
    assert row["days_since_last"] == 0
    assert (
        client.get("/api/v1/mobility/participation/14.71.02.1001", **_auth(tksk_key)).status_code
        == 404
    )
