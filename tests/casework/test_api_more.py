"""The rest of casework through the API: assessment edits, escalation, emergency access and
mediation with registry parties, with the same scope and protection rules as the pages."""

import pytest

from pendamping.casework.models import AccessLog, CaseEvent, Escalation

from .conftest import JADIREJO

pytestmark = pytest.mark.django_db


def test_assessment_edit_keeps_the_old_text_in_history(client, tksk, case):
    client.force_login(tksk)
    response = client.patch(
        f"/api/v1/casework/cases/{case.pk}/assessment",
        {"problem": "No income; the husband has a stroke.", "note": "home visit"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["problem"] == "No income; the husband has a stroke."
    assert response.json()["strengths"] == case.strengths
    event = CaseEvent.objects.filter(case=case).order_by("-pk").first()
    assert "No income since the husband fell ill." in event.note
    assert "home visit" in event.note
    empty = client.patch(
        f"/api/v1/casework/cases/{case.pk}/assessment",
        {"problem": "  "},
        content_type="application/json",
    )
    assert empty.status_code == 400
    assert empty.json()["field"] == "problem"


@pytest.mark.parametrize("urgency", [None, -1, 0, 5])
def test_assessment_with_an_impossible_urgency_is_refused(client, tksk, case, urgency):
    """Found by schemathesis: a null or negative urgency reached the database (500)."""
    client.force_login(tksk)
    response = client.patch(
        f"/api/v1/casework/cases/{case.pk}/assessment",
        {"urgency": urgency},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "urgency"


def test_assessment_edit_outside_scope_is_404(client, make_user, case):
    client.force_login(make_user("tksk", "14.71.02"))
    response = client.patch(
        f"/api/v1/casework/cases/{case.pk}/assessment",
        {"problem": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_escalation_and_emergency_access(client, tksk, neighbour, supervisor, protection_case):
    client.force_login(tksk)
    response = client.post(
        f"/api/v1/casework/cases/{protection_case.pk}/escalations",
        {"body": "uptd_ppa", "body_detail": "UPTD PPA Kota Pekanbaru"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Escalation.objects.filter(case=protection_case, body="uptd_ppa").count() == 1
    client.force_login(neighbour)
    assert (
        client.post(
            f"/api/v1/casework/cases/{protection_case.pk}/emergency-access",
            {"reason": "The child is in danger tonight"},
            content_type="application/json",
        ).status_code
        == 400
    )
    client.force_login(supervisor)
    short = client.post(
        f"/api/v1/casework/cases/{protection_case.pk}/emergency-access",
        {"reason": "now"},
        content_type="application/json",
    )
    assert short.status_code == 400
    opened = client.post(
        f"/api/v1/casework/cases/{protection_case.pk}/emergency-access",
        {"reason": "Police call at night, the lead is unreachable"},
        content_type="application/json",
    )
    assert opened.status_code == 200, opened.content
    log = AccessLog.objects.get(case=protection_case, user=supervisor, kind="break_glass")
    assert log.channel == "api"
    assert "Police call" in log.reason


def test_mediation_with_registry_parties(client, tksk, person, make_household, make_user):
    client.force_login(tksk)
    other = make_household(JADIREJO).members.first()
    response = client.post(
        "/api/v1/casework/mediations",
        {
            "subject": "Boundary wall between two houses",
            "kelurahan_code": JADIREJO,
            "party_ids": [person.pk],
            "other_parties": "Pemilik kontrakan",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    mediation_id = response.json()["id"]
    added = client.post(
        f"/api/v1/casework/mediations/{mediation_id}/parties",
        {"person_id": other.pk},
        content_type="application/json",
    )
    assert sorted(added.json()["party_ids"]) == sorted([person.pk, other.pk])
    session = client.post(
        f"/api/v1/casework/mediations/{mediation_id}/sessions",
        {"notes": "Both agreed to share the cost", "agreement_reached": True, "agreement": "50/50"},
        content_type="application/json",
    )
    assert session.status_code == 201
    assert session.json()["agreement_reached"] is True
    assert len(session.json()["sessions"]) == 1
    stranger = make_household("14.71.02.1001").members.first()
    outside = client.post(
        f"/api/v1/casework/mediations/{mediation_id}/parties",
        {"person_id": stranger.pk},
        content_type="application/json",
    )
    assert outside.status_code == 404
    client.force_login(make_user("tksk", "14.71.02"))
    assert client.get(f"/api/v1/casework/mediations/{mediation_id}").status_code == 404
