"""Role profile: shares per assistant, type, area and month from the activities made in the
test, dominant and passive against the expectation, time per role, drill-down agreeing."""

import pytest

from pendamping.reports import role_profile, selectors

pytestmark = pytest.mark.django_db


def _rows(rows):
    return {r.role: r for r in rows}


def test_one_assistants_profile_counts_tags_shares_and_split_minutes(refreshed):
    w = refreshed
    profile = role_profile.assistant_profile(w.tksk, w.month, w.month)
    rows = _rows(profile["rows"])
    assert profile["activities"] == 3
    # broker 2 (60 min + half of 90), advocate 1 (half of 90), mediator 1 (20): 4 tags
    assert (rows["broker"].tags, rows["advocate"].tags, rows["mediator"].tags) == (2, 1, 1)
    assert rows["broker"].share == pytest.approx(0.5)
    assert rows["broker"].minutes == 105
    assert rows["advocate"].minutes == 45
    assert rows["facilitator"].tags == 0
    assert profile["minutes"] == 170


def test_dominant_and_passive_against_the_study(refreshed):
    rows = _rows(
        role_profile.assistant_profile(refreshed.tksk, refreshed.month, refreshed.month)["rows"]
    )
    assert rows["broker"].observed == "dominant"
    assert rows["broker"].verdict == "meets"
    assert rows["facilitator"].observed == "passive"
    assert rows["facilitator"].verdict == "meets"
    assert rows["liaison"].verdict == ""  # no expectation set


def test_expectation_is_configurable(refreshed, settings):
    settings.PENDAMPING_ROLE_EXPECTATION = {"broker": "passive"}
    rows = _rows(
        role_profile.assistant_profile(refreshed.tksk, refreshed.month, refreshed.month)["rows"]
    )
    assert rows["broker"].verdict == "differs"
    assert rows["mediator"].expected == ""


def test_shares_by_type_area_and_month_from_the_figures(refreshed):
    window = selectors.default_window(refreshed.supervisor)
    by_type = {g["key"]: g for g in role_profile.role_shares(window, "type")["groups"]}
    assert by_type["tksk"]["total"] == 5  # 4 tags of Sukajadi's TKSK + 1 of the other
    assert by_type["psm"]["total"] == 1
    assert _rows(by_type["psm"]["rows"])["facilitator"].share == 1
    by_assistant = {
        g["label"].split(" (")[0]: g
        for g in role_profile.role_shares(window, "assistant")["groups"]
    }
    assert len(by_assistant) <= 3
    months = role_profile.role_shares(window, "month")["groups"]
    assert [g["key"] for g in months] == [refreshed.month]
    assert months[0]["total"] == 6
    areas = role_profile.role_shares(window, "area")["groups"]
    assert sum(g["total"] for g in areas) == 6


def test_tksk_sees_role_shares_of_their_areas_only(refreshed):
    window = selectors.default_window(refreshed.tksk)
    shares = role_profile.role_shares(window, "type")
    assert sum(g["total"] for g in shares["groups"]) == 5  # no protector of the other kecamatan
    assert _rows(shares["rows"])["protector"].tags == 0


def test_drilldown_lists_the_activities_behind_a_figure(client, refreshed):
    client.force_login(refreshed.supervisor)
    q = f"from={refreshed.month:%Y-%m}&to={refreshed.month:%Y-%m}"
    page = client.get(f"/reports/activities/?{q}&assistant={refreshed.tksk.username}&role=broker")
    text = page.content.decode()
    assert 'data-testid="activities-total">2 ' in text
    assert text.count("<li>") >= 2
    profile = client.get(f"/reports/roles/{refreshed.tksk.username}/?{q}").content.decode()
    assert 'data-testid="profile-activities"><a' in profile
    assert f"assistant={refreshed.tksk.username}&amp;role=broker" in profile


def test_protection_activities_are_counted_but_not_listed(refreshed, make_household):
    from pendamping.casework import services as cw
    from pendamping.registry.models import PpksCategory

    person = make_household("14.71.01.1002").members.first()
    case = cw.case_open(
        actor=refreshed.tksk,
        person=person,
        category=PpksCategory.objects.get(code="PPKS01"),
        problem="Signs of violence",
        protection=True,
        protection_kind="violence",
    )
    cw.activity_record(
        actor=refreshed.tksk, kind="home_visit", roles=["protector"], case=case, on=refreshed.today
    )
    result = role_profile.activity_drilldown(
        refreshed.supervisor,
        start=refreshed.month,
        end=refreshed.month,
        assistant=refreshed.tksk,
        role="protector",
    )
    assert result["total"] == 1
    assert result["hidden"] == 1
    assert list(result["listed"]) == []


def test_profile_of_another_assistant_is_404_for_field_workers(client, refreshed):
    client.force_login(refreshed.psm)
    assert client.get(f"/reports/roles/{refreshed.tksk.username}/").status_code == 404
    assert client.get(f"/reports/roles/{refreshed.psm.username}/").status_code == 200
    client.force_login(refreshed.supervisor)
    assert client.get(f"/reports/roles/{refreshed.psm.username}/").status_code == 200


def test_role_profile_page_reads_in_indonesian(client, refreshed):
    client.force_login(refreshed.supervisor)
    text = client.get("/reports/roles/?by=assistant").content.decode()
    assert "Profil peran" in text
    assert f"/reports/roles/{refreshed.tksk.username}/" in text
