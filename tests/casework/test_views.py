from datetime import timedelta

import pytest
from django.utils import timezone

from pendamping.casework import services
from pendamping.casework.models import AccessLog, Activity, Agency, CaseStatus

pytestmark = pytest.mark.django_db


def test_open_a_case_from_a_person(client, tksk, person, category):
    client.force_login(tksk)
    url = f"/casework/cases/new/?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": category.code,
            "problem": "Elderly alone, no income",
            "strengths": "Daughter nearby",
            "urgency": "3",
            "goal": "Register for ATENSI",
            "goal_due": "2026-12-01",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Elderly alone" in text
    assert "Register for ATENSI" in text
    assert 'data-testid="to-planned"' in text
    assert 'data-testid="to-review"' not in text


def test_case_page_flow_transitions_activity_close(client, tksk, case):
    client.force_login(tksk)
    client.post(f"/casework/cases/{case.pk}/transition/", {"to_status": "planned"})
    case.refresh_from_db()
    assert case.status == CaseStatus.PLANNED
    form = client.get(f"/casework/activities/new/?case={case.pk}").content.decode()
    assert "Menghubungkan warga dengan lembaga" in form  # broker's definition inline
    response = client.post(
        f"/casework/activities/new/?case={case.pk}",
        {
            "kind": "home_visit",
            "roles": ["broker", "motivator"],
            "date": timezone.localdate().isoformat(),
            "duration_minutes": "45",
            "client_id": "web-1",
        },
    )
    assert response.status_code == 302
    client.post(
        f"/casework/activities/new/?case={case.pk}",
        {
            "kind": "home_visit",
            "roles": ["broker"],
            "date": "2026-01-01",
            "duration_minutes": "45",
            "client_id": "web-1",
        },
    )
    assert Activity.objects.count() == 1
    client.post(f"/casework/cases/{case.pk}/close/", {"outcome": "goal_reached"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert "Broker" in client.get(f"/casework/cases/{case.pk}/").content.decode()


def test_activity_without_role_is_refused(client, tksk, case):
    client.force_login(tksk)
    response = client.post(
        f"/casework/activities/new/?case={case.pk}",
        {"kind": "home_visit", "date": "2026-01-01", "duration_minutes": "5"},
    )
    assert response.status_code == 200
    assert Activity.objects.count() == 0


def test_standalone_activity_page(client, tksk, person):
    client.force_login(tksk)
    response = client.post(
        "/casework/activities/new/",
        {
            "kind": "info_session",
            "roles": ["facilitator"],
            "date": "2026-01-01",
            "duration_minutes": "90",
            "kelurahan": str(person.kelurahan_id),
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().case is None


def test_protection_case_page_404_for_neighbour_and_log_shown(
    client, neighbour, tksk, protection_case
):
    client.force_login(neighbour)
    assert client.get(f"/casework/cases/{protection_case.pk}/").status_code == 404
    assert client.get(f"/casework/activities/new/?case={protection_case.pk}").status_code == 404
    assert "Kasus perlindungan" not in client.get("/casework/cases/?all=1").content.decode()
    assert AccessLog.objects.filter(user=neighbour).count() == 2
    client.force_login(tksk)
    page = client.get(f"/casework/cases/{protection_case.pk}/").content.decode()
    assert 'data-testid="access-log"' in page
    assert str(neighbour) in page


def test_supervisor_break_the_glass_page(client, supervisor, tksk, protection_case):
    client.force_login(supervisor)
    assert "Kasus perlindungan" in client.get("/casework/cases/?all=1").content.decode()
    page = client.get(f"/casework/cases/{protection_case.pk}/").content.decode()
    assert 'id="break-glass"' in page
    assert "Child shows signs" not in page
    client.post(f"/casework/cases/{protection_case.pk}/", {"reason": "Hospital called at night"})
    assert (
        "Child shows signs" in client.get(f"/casework/cases/{protection_case.pk}/").content.decode()
    )
    client.force_login(tksk)
    assert (
        "Hospital called at night"
        in client.get(f"/casework/cases/{protection_case.pk}/").content.decode()
    )


def test_referral_pages_and_letter(client, tksk, case, settings):
    agency = Agency.objects.create(name="Dinas Kesehatan", kind="health", services="Clinics")
    client.force_login(tksk)
    response = client.post(
        f"/casework/cases/{case.pk}/referrals/new/",
        {"agency": agency.pk, "need": "Check-up", "due_on": "2026-02-01"},
    )
    assert response.status_code == 302
    detail = response["Location"]
    client.post(detail, {"to_status": "accepted"})
    client.post(detail, {"to_status": "service_given", "feedback": "Seen by doctor"})
    assert "Seen by doctor" in client.get(detail).content.decode()
    letter = client.get(detail + "letter/").content.decode()
    assert settings.PENDAMPING_ORG_NAME.upper() in letter
    assert "Dinas Kesehatan" in letter


def test_home_panel_and_other_pages(client, tksk, case, person):
    services.goal_add(
        actor=tksk, case=case, text="Visit RT", due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(tksk)
    home = client.get("/casework/").content.decode()
    assert "Visit RT" in home
    assert person.name in home
    for url in (
        "/casework/agencies/",
        "/casework/mediations/",
        "/casework/events/",
        "/casework/referrals/",
        "/casework/cases/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/casework/events/",
        {
            "topic": "Bansos rules",
            "kelurahan": str(person.kelurahan_id),
            "rw": "2",
            "rt": "3",
            "date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    assert "Bansos rules" in client.get("/casework/events/").content.decode()


def test_rtrw_reporter_gets_404(client, make_user):
    client.force_login(make_user("rtrw"))
    assert client.get("/casework/").status_code == 404


def test_another_assistant_joins_a_case(client, neighbour, case):
    client.force_login(neighbour)
    page = client.get(f"/casework/cases/{case.pk}/").content.decode()
    assert 'data-testid="join"' in page
    client.post(f"/casework/cases/{case.pk}/join/")
    assert neighbour in case.members.all()


def test_activity_records_household_members_involved(client, tksk, case):
    members = list(case.person.household.members.order_by("pk"))
    client.force_login(tksk)
    page = client.get(f"/casework/activities/new/?case={case.pk}").content.decode()
    assert members[1].name in page
    client.post(
        f"/casework/activities/new/?case={case.pk}",
        {
            "kind": "meeting",
            "roles": ["mediator"],
            "date": "2026-01-01",
            "duration_minutes": "30",
            "people": [str(m.pk) for m in members],
        },
    )
    assert set(Activity.objects.get().people.all()) == set(members)


def test_person_cases_panel_hides_others_protection_cases(
    rf, tksk, neighbour, person, case, protection_case
):
    from django.template.loader import render_to_string

    from pendamping.casework.selectors import person_cases

    assert {c.pk for c in person_cases(tksk, person)} == {case.pk, protection_case.pk}
    assert [c.pk for c in person_cases(neighbour, person)] == [case.pk]
    html = render_to_string(
        "casework/_person_cases.html",
        {"cases": person_cases(neighbour, person), "person": person},
    )
    assert f"/casework/cases/new/?person={person.pk}" in html


def test_agencies_are_managed_in_the_admin_but_cases_are_not(client, make_user):
    client.force_login(make_user("admin"))
    assert client.get("/admin/casework/agency/").status_code == 200
    assert client.get("/admin/casework/case/").status_code == 404


def test_edit_the_assessment_on_a_page(client, tksk, case, category):
    client.force_login(tksk)
    url = f"/casework/cases/{case.pk}/assessment/"
    page = client.get(url).content.decode()
    assert "Ubah asesmen" in page
    assert case.problem in page
    response = client.post(
        url,
        {
            "category": category.code,
            "problem": "Husband had a stroke; no income",
            "strengths": case.strengths,
            "urgency": "3",
            "note": "after the second visit",
        },
    )
    assert response.status_code == 302
    detail = client.get(f"/casework/cases/{case.pk}/").content.decode()
    assert "Husband had a stroke" in detail
    assert "No income since the husband fell ill." in detail  # the history keeps the old text


def test_add_a_mediation_party_found_in_the_registry(client, tksk, person):
    client.force_login(tksk)
    mediation = services.mediation_open(
        actor=tksk, kelurahan_id=person.kelurahan_id, subject="Noise at night"
    )
    url = f"/casework/mediations/{mediation.pk}/parties/"
    found = client.get(url, {"q": person.name[:-1]}).content.decode()
    assert person.name in found
    assert client.post(url, {"person": person.pk}).status_code == 302
    assert list(mediation.parties.all()) == [person]
    assert client.post(url, {"remove": person.pk}).status_code == 302
    assert not mediation.parties.exists()
