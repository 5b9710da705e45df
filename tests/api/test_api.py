from datetime import timedelta

import pytest

from pendamping.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_areas_are_public_with_population_year_and_source(client):
    response = client.get("/api/v1/areas", {"level": "kecamatan"})
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 15
    tuahmadani = next(r for r in rows if r["code"] == "14.71.13")
    assert tuahmadani["name"] == "Tuahmadani"
    assert tuahmadani["parent"] == "14.71"
    assert tuahmadani["population"]["total"] == 143821
    assert tuahmadani["population"]["year"] == 2021
    assert "Table 1" in tuahmadani["population"]["source"]
    assert sum(r["population"]["total"] for r in rows) == 1_074_989


def test_areas_can_list_another_region_and_rejects_unknown_level(client):
    rows = client.get("/api/v1/areas", {"level": "kecamatan", "within": "13.71"}).json()
    assert rows
    assert all(r["code"].startswith("13.71.") for r in rows)
    assert client.get("/api/v1/areas", {"level": "nonsense"}).status_code == 422


def test_areas_come_in_pages_in_code_order(client):
    every = client.get("/api/v1/areas", {"level": "kelurahan", "limit": 5000}).json()
    assert len(every) == 83
    first = client.get("/api/v1/areas", {"level": "kelurahan", "limit": 50}).json()
    rest = client.get("/api/v1/areas", {"level": "kelurahan", "limit": 50, "offset": 50}).json()
    assert [r["code"] for r in first + rest] == [r["code"] for r in every]
    assert [r["code"] for r in every] == sorted(r["code"] for r in every)


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/areas" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_personal_data_needs_authentication(client):
    assert client.get("/api/v1/people").status_code == 401


def test_bearer_token_authenticates_until_revoked(client, make_user):
    user = make_user("tksk", "14.71.01")
    token, key = api_token_create(user=user, name="field phone")
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # Used again within the minute: no write just to move "last used" (SQLite writers queue).
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first_use
    type(token).objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {key}")
    token.refresh_from_db()
    assert token.last_used_at > first_use
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    api_token_revoke(token=token)
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_auth_works_for_the_browser(client, make_user):
    client.force_login(make_user("supervisor"))
    assert client.get("/api/v1/people").status_code == 200


def test_nik_is_masked_for_roles_that_do_not_need_it(client, make_user, make_household):
    household = make_household("14.71.01.1002")
    person = household.members.first()
    client.force_login(make_user("psm", "14.71.01.1002"))
    shown = client.get(f"/api/v1/people/{person.pk}").json()["nik"]
    assert shown != person.nik
    assert shown.startswith(person.nik[:4])
    assert "*" in shown
    client.force_login(make_user("tksk", "14.71.01"))
    assert client.get(f"/api/v1/people/{person.pk}").json()["nik"] == person.nik


def _head(nik_serial=1):
    from datetime import date

    from pendamping.registry.nik import make_nik

    return {
        "name": "Yusuf Harahap",
        "sex": "L",
        "birth_date": "1975-03-09",
        "nik": make_nik("14.71.01", date(1975, 3, 9), "L", nik_serial),
        "relationship": "head",
    }


def test_create_household_with_head_and_read_it_back(client, make_user):
    from datetime import date

    from pendamping.registry.nik import make_kk

    client.force_login(make_user("tksk", "14.71.01"))
    payload = {
        "kk": make_kk("14.71.01", date(2011, 1, 5), 3),
        "kelurahan_code": "14.71.01.1002",
        "rw": 2,
        "rt": 7,
        "address": "Jl. Durian No. 2",
        "dwelling_status": "rent",
        "head": _head(),
    }
    response = client.post("/api/v1/households", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rt"] == "14.71.01.1002.002.007"
    assert body["members"][0]["name"] == "Yusuf Harahap"
    person_id = body["members"][0]["id"]
    detail = client.get(f"/api/v1/people/{person_id}").json()
    assert detail["relationship"] == "head"
    patched = client.patch(
        f"/api/v1/people/{person_id}", {"occupation": "Nelayan"}, content_type="application/json"
    )
    assert patched.json()["occupation"] == "Nelayan"


def test_invalid_nik_answers_400_with_codes(client, make_user, make_household):
    client.force_login(make_user("tksk", "14.71.01"))
    household = make_household("14.71.01.1002")
    bad = {**_head(), "nik": "1471017213790000"}
    response = client.post(
        f"/api/v1/households/{household.pk}/members", bad, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "nik_invalid"
    assert body["field"] == "nik"
    assert "serial_zero" in body["problems"]


def test_existing_nik_links_only_to_a_record_in_scope(client, make_user, make_household):
    sail = make_household("14.71.03.1001").members.get(relationship="head")
    mine = make_household("14.71.01.1002")
    client.force_login(make_user("tksk", "14.71.01"))
    clash = {**_head(), "nik": sail.nik, "birth_date": sail.birth_date.isoformat(), "sex": sail.sex}
    body = client.post(
        f"/api/v1/households/{mine.pk}/members", clash, content_type="application/json"
    ).json()
    assert body["code"] == "nik_exists"
    assert body["existing_id"] is None


def test_search_endpoint_tolerates_typos(client, make_user, make_household):
    person = make_household("14.71.01.1002", name="Khairul Anwar").members.get(relationship="head")
    client.force_login(make_user("tksk", "14.71.01"))
    found = client.get("/api/v1/people", {"q": "chairul anwr"}).json()
    assert found[0]["id"] == person.pk


def test_number_check_endpoint(client, make_user):
    client.force_login(make_user("psm", "14.71.01.1002"))
    body = client.get("/api/v1/numbers/check", {"value": "1.47101E+15"}).json()
    assert body["valid"] is False
    assert body["problems"][0]["code"] == "excel_number"


def test_rt_head_cannot_use_registry_endpoints(client, make_user):
    from pendamping.wilayah.models import Area
    from pendamping.wilayah.services import area_ensure_rt

    rt = area_ensure_rt(kelurahan=Area.objects.get(code="14.71.01.1002"), rw=1, rt=1)
    client.force_login(make_user("rtrw", rt.code))
    assert client.get("/api/v1/people").status_code == 404
