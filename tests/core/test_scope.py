"""Scope is enforced in one place; out-of-scope records answer 404 in pages and the API."""

import pytest
from django.urls import reverse

from pendamping.accounts.services import api_token_create
from pendamping.core.scope import scope_of, scoped
from pendamping.registry.models import Household, Person
from pendamping.wilayah.models import Area

SAIL_KELURAHAN = "14.71.03.1001"
SUKAJADI_KELURAHAN = "14.71.01.1002"


@pytest.fixture
def people(make_household):
    return {
        "sail": make_household(SAIL_KELURAHAN).members.first(),
        "sukajadi": make_household(SUKAJADI_KELURAHAN).members.first(),
        "tuahmadani": make_household("14.71.13.1004").members.first(),
    }


@pytest.mark.django_db
def test_tksk_of_sukajadi_gets_404_for_a_person_in_sail_in_the_ui(client, make_user, people):
    tksk = make_user("tksk", "14.71.01")
    client.force_login(tksk)
    own = client.get(reverse("registry:person_detail", args=[people["sukajadi"].pk]))
    assert own.status_code == 200
    other = client.get(reverse("registry:person_detail", args=[people["sail"].pk]))
    assert other.status_code == 404
    missing = client.get(reverse("registry:person_detail", args=[999999]))
    assert missing.status_code == 404
    household = client.get(reverse("registry:household_detail", args=[people["sail"].household_id]))
    assert household.status_code == 404


@pytest.mark.django_db
def test_tksk_of_sukajadi_gets_404_for_a_person_in_sail_in_the_api(client, make_user, people):
    tksk = make_user("tksk", "14.71.01")
    _, key = api_token_create(user=tksk, name="phone")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/people/{people['sukajadi'].pk}", **auth).status_code == 200
    response = client.get(f"/api/v1/people/{people['sail'].pk}", **auth)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    listed = client.get("/api/v1/people", **auth).json()
    household = people["sukajadi"].household
    assert {p["id"] for p in listed} == set(household.members.values_list("pk", flat=True))


@pytest.mark.django_db
def test_search_in_the_ui_lists_only_people_in_scope(client, make_user, people):
    client.force_login(make_user("tksk", "14.71.01"))
    page = client.get(reverse("registry:person_list"), {"q": "budi"}).content.decode()
    assert f"/registry/people/{people['sukajadi'].pk}/" in page
    assert f"/registry/people/{people['sail'].pk}/" not in page


@pytest.mark.django_db
def test_tksk_of_old_tampan_covers_binawidya_and_tuahmadani(make_user, people):
    tksk = make_user("tksk", "14.71.08", "14.71.13")
    visible = set(scoped(Person.objects.all(), tksk).values_list("pk", flat=True))
    assert people["tuahmadani"].pk in visible
    assert people["sail"].pk not in visible
    assert len(scope_of(tksk).kelurahan_ids) == 10


@pytest.mark.django_db
def test_psm_sees_only_own_kelurahan(make_user, make_household, people):
    psm = make_user("psm", SUKAJADI_KELURAHAN)
    neighbour = make_household("14.71.01.1003").members.first()
    visible = set(scoped(Person.objects.all(), psm).values_list("pk", flat=True))
    assert people["sukajadi"].pk in visible
    assert neighbour.pk not in visible


@pytest.mark.django_db
def test_supervisor_sees_all_and_unassigned_field_user_sees_nothing(make_user, people):
    assert (
        scoped(Person.objects.all(), make_user("supervisor")).count() == Person.objects.count() == 6
    )
    assert scoped(Person.objects.all(), make_user("tksk")).count() == 0


@pytest.mark.django_db
def test_rt_head_sees_only_own_rt_and_cannot_open_registry_pages(client, make_user, make_household):
    from pendamping.wilayah.services import area_ensure_rt

    kelurahan = Area.objects.get(code=SUKAJADI_KELURAHAN)
    rt1 = area_ensure_rt(kelurahan=kelurahan, rw=1, rt=1)
    rt2 = area_ensure_rt(kelurahan=kelurahan, rw=1, rt=2)
    mine = make_household(SUKAJADI_KELURAHAN, rt=rt1)
    make_household(SUKAJADI_KELURAHAN, rt=rt2)
    head = make_user("rtrw", rt1.code)
    assert list(scoped(Household.objects.all(), head)) == [mine]
    client.force_login(head)
    person = mine.members.first()
    assert client.get(reverse("registry:person_detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("registry:person_list")).status_code == 404


@pytest.mark.django_db
def test_assignment_that_ended_no_longer_gives_access(make_user, people):
    from datetime import date

    from pendamping.accounts.services import assignment_end

    tksk = make_user("tksk", "14.71.01")
    assignment_end(assignment=tksk.assignments.get(), valid_to=date(2023, 1, 1))
    assert scoped(Person.objects.all(), tksk).count() == 0


def test_models_without_scope_declaration_are_refused():
    from pendamping.wilayah.models import Population

    with pytest.raises(TypeError):
        scoped(Population.objects.all(), None)
