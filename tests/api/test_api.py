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
