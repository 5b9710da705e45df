"""The programs API with a field device's bearer token: programs, eligibility, enrolments and
complaints, with the same scope and conduct rules as the pages."""

from datetime import date

import pytest

from pendamping.accounts.services import api_token_create
from pendamping.linkage.models import VervalTask
from pendamping.registry.services import household_update

from .conftest import KEL

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="test device")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_admin_defines_a_program_and_reads_who_is_eligible(client, admin, make_household):
    family = make_household(KEL, members=3)
    household_update(actor=admin, household=family, decile=3, decile_as_of=date(2026, 7, 1))
    auth = bearer(admin)
    created = client.post(
        "/api/v1/programs/programs",
        {
            "code": "bantuan-lansia",
            "name": "Bantuan Lansia Kota",
            "owner": "city",
            "kind": "cash",
            "conditions": [
                {"field": "decile", "op": "between", "value": {"max": 4}},
                {"field": "age", "op": "between", "value": {"min": 45}},
            ],
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    assert [c["field"] for c in created.json()["conditions"]] == ["decile", "age"]
    bad = client.post(
        "/api/v1/programs/programs",
        {
            "code": "x",
            "name": "X",
            "owner": "city",
            "kind": "cash",
            "conditions": [{"field": "income", "op": "between"}],
        },
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "rule_invalid"
    result = client.get("/api/v1/programs/programs/bantuan-lansia/eligibility", **auth).json()
    head = family.members.get(relationship="head")
    assert result["eligible"] == 1
    assert result["eligible_not_enrolled"] == [head.pk]
    why = client.get(f"/api/v1/programs/people/{head.pk}/eligibility", **auth).json()
    mine = next(r for r in why if r["program"] == "bantuan-lansia")
    assert mine["eligible"] is True
    assert [c["met"] for c in mine["checks"]] == [True, True]


def test_enrolment_lifecycle_and_scope(client, psm, supervisor, person, make_user, seeded):
    proposed = client.post(
        "/api/v1/programs/enrolments",
        {"program": "atensi", "person_id": person.pk, "reason": "Lansia telantar"},
        content_type="application/json",
        **bearer(psm),
    )
    assert proposed.status_code == 201
    enrolment_id = proposed.json()["id"]
    refused = client.post(
        f"/api/v1/programs/enrolments/{enrolment_id}/transition",
        {"to_status": "approved"},
        content_type="application/json",
        **bearer(psm),
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "programs_role"
    approved = client.post(
        f"/api/v1/programs/enrolments/{enrolment_id}/transition",
        {"to_status": "approved"},
        content_type="application/json",
        **bearer(supervisor),
    )
    assert approved.json()["status"] == "approved"
    assert approved.json()["allowed_transitions"] == ["active", "ended"]
    stranger = bearer(make_user("psm", "14.71.02.1001"))
    assert client.get("/api/v1/programs/enrolments", **stranger).json() == []
    assert (
        client.post(
            f"/api/v1/programs/enrolments/{enrolment_id}/transition",
            {"to_status": "active"},
            content_type="application/json",
            **stranger,
        ).status_code
        == 404
    )


def test_complaints_via_the_api(client, psm, person):
    auth = bearer(psm)
    payload = {
        "category": "not_registered",
        "kelurahan_code": KEL,
        "description": "Warga lansia belum terdata, tinggal sendiri di rumah kontrakan.",
        "nik": person.nik,
    }
    first = client.post(
        "/api/v1/programs/complaints", payload, content_type="application/json", **auth
    )
    again = client.post(
        "/api/v1/programs/complaints", payload, content_type="application/json", **auth
    )
    assert (first.status_code, again.status_code) == (201, 200)
    body = first.json()
    assert body["id"] == again.json()["id"]
    assert len(body["pin"]) == 6
    assert body["assignee"] == psm.username
    assert VervalTask.objects.filter(source_ref=body["code"], person=person).exists()
    done = client.post(
        f"/api/v1/programs/complaints/{body['id']}/transition",
        {"to_status": "resolved", "answer": "Sudah didata dan diusulkan."},
        content_type="application/json",
        **auth,
    )
    assert done.json()["status"] == "resolved"
    figures = client.get("/api/v1/programs/complaints/figures", **auth).json()
    assert figures[0]["received"] == 1
    assert figures[0]["resolved"] == 1
    assert (
        client.get("/api/v1/programs/complaints?status=resolved", **auth).json()[0]["code"]
        == body["code"]
    )


def test_conduct_complaint_is_not_listed_for_the_assistant(client, psm, supervisor):
    client.post(
        "/api/v1/programs/complaints",
        {
            "category": "assistant_conduct",
            "kelurahan_code": KEL,
            "description": "Pendamping meminta uang untuk pendaftaran.",
        },
        content_type="application/json",
        **bearer(supervisor),
    )
    assert client.get("/api/v1/programs/complaints", **bearer(psm)).json() == []
    assert len(client.get("/api/v1/programs/complaints", **bearer(supervisor)).json()) == 1


def test_rt_heads_have_no_programs_api(client, make_user):
    rt = make_user("rtrw")
    assert client.get("/api/v1/programs/programs", **bearer(rt)).status_code in (401, 403, 404)
