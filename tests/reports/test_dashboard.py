"""City dashboard and area page: figures counted against the records made in the test,
scope per user, links to the lists behind the numbers, the map and its fallback."""

import pytest

from pendamping.reports import selectors
from pendamping.reports.models import Fact
from pendamping.reports.services import facts_refresh
from pendamping.wilayah.models import Area

from .conftest import JADIREJO, KAMPUNG_TENGAH, PEKANBARU_KOTA, SUKAJADI

pytestmark = pytest.mark.django_db


def _window(user, area=None):
    return selectors.default_window(user, area=area)


def _row(table, label):
    return next(r for r in table.rows if r[0].value == label)


def _values(row):
    return [c.value for c in row]


def test_overview_counts_people_households_and_workers_per_kecamatan(refreshed):
    w = refreshed
    window = _window(w.supervisor)
    overview = selectors.table_get(window, "overview")
    sukajadi = Area.objects.get(code=SUKAJADI)
    row = _values(_row(overview, sukajadi.display_name))
    # 3 households of 2 in Jadirejo + 1 of 3 in Kampung Tengah; TKSK + PSM assigned
    assert row[2:5] == [4, 9, 2]
    assert row[5] == round(9 / 2)
    kota = Area.objects.get(code=PEKANBARU_KOTA)
    assert _values(_row(overview, kota.display_name))[2:5] == [2, 4, 1]
    population = sukajadi.populations.order_by("-year").first()
    assert row[1] == population.total
    assert overview.total[3].value == 13


def test_ppks_by_category_counts_people_and_households(refreshed):
    table = selectors.table_get(_window(refreshed.supervisor), "ppks")
    poor = _values(next(r for r in table.rows if r[0].value.startswith("01 ")))
    elderly = _values(next(r for r in table.rows if r[0].value.startswith("02 ")))
    # poor: 4 people in 2 Jadirejo households + the Kampung Tengah household + 1 person elsewhere
    assert poor[1:] == [4, 5]
    assert elderly[1:] == [1, 1]


def test_casework_referrals_verval_and_events(refreshed):
    window = _window(refreshed.supervisor)
    facts = selectors.facts_of(window)
    assert facts.get("cases_open") == 2
    assert facts.get("cases_opened") == 3
    assert facts.get("cases_closed", "goal_reached") == 1
    assert facts.get("referrals", "sent") == 1
    assert facts.get("activities") == 5
    assert facts.get("verval_done", "found_valid") == 1
    assert facts.get("verval_open") == 1
    assert facts.get("verval_overdue") == 1
    assert facts.get("events_held") == 1
    assert facts.get("events_attendance") == 19
    trends = selectors.table_get(window, "trends")
    this_month = _values(_row(trends, f"{refreshed.month:%Y-%m}"))
    assert this_month[1:] == [5, 3, 1, 1, 1, 0, 0]


def test_date_range_excludes_flows_outside_it(refreshed):
    from pendamping.reports.selectors import add_months

    earlier = add_months(refreshed.month, -3)
    window = selectors.Window(
        actor=refreshed.supervisor, start=earlier, end=add_months(refreshed.month, -1)
    )
    facts = selectors.facts_of(window)
    assert facts.get("activities") == 0
    assert facts.get("cases_opened") == 0
    assert facts.get("cases_open") == 2  # a standing figure: today


def test_tksk_sees_only_their_kecamatan(refreshed):
    w = refreshed
    window = _window(w.tksk)
    overview = selectors.table_get(window, "overview")
    assert [r[0].value for r in overview.rows] == [Area.objects.get(code=SUKAJADI).display_name]
    assert selectors.facts_of(window).get("cases_open") == 1
    assert selectors.facts_of(window).get("activities") == 4


def test_dashboard_page_links_to_the_lists_behind_the_numbers(client, refreshed):
    client.force_login(refreshed.supervisor)
    text = client.get("/reports/").content.decode()
    assert "Dasbor kota" in text
    assert "/registry/people/?kecamatan=14.71.01" in text
    assert "/registry/people/?category=PPKS01" in text
    assert "/casework/cases/?all=1&amp;status=open" in text
    assert "/reports/area/14.71.01/?from=" in text
    assert 'id="city-map"' in text
    assert "<script>" not in text


def _listed(page: str) -> int:
    return page.count('<li><a href="/registry/people/')


def test_a_linked_list_agrees_with_the_figure(client, refreshed):
    """The registry lists behind 'PPKS people' of Sukajadi and of its kelurahan Jadirejo (on
    the area page) show as many people as the figures."""
    client.force_login(refreshed.supervisor)
    assert _listed(client.get("/registry/people/?kecamatan=14.71.01").content.decode()) == 9
    area = client.get("/reports/area/14.71.01/").content.decode()
    link = f"/registry/people/?kelurahan={JADIREJO}"
    assert link in area
    page = client.get(link).content.decode()
    assert _listed(page) == 6
    assert 'data-testid="drop-kelurahan"' in page


def test_area_page_of_a_kelurahan_shows_its_psm_and_the_shared_tksk(client, refreshed):
    client.force_login(refreshed.supervisor)
    text = client.get(f"/reports/area/{JADIREJO}/").content.decode()
    assert 'data-testid="worker-psm.jadirejo.rep"' in text
    assert 'data-testid="worker-tksk.sukajadi.rep"' in text
    assert "PKH graduation" in text
    assert 'data-testid="area-participation"' in text


def test_area_page_workload(refreshed):
    from pendamping.reports.area import area_workers

    area = Area.objects.get(code=SUKAJADI)
    rows = {r["user"].username: r for r in area_workers(_window(refreshed.supervisor, area))}
    tksk = rows["tksk.sukajadi.rep"]
    assert tksk["open_cases"] == 1
    assert tksk["activities"] == 3
    assert tksk["people"] == 9
    assert tksk["verval_open"] == 0
    assert rows["psm.jadirejo.rep"]["activities"] == 1


def test_area_outside_scope_is_404(client, refreshed):
    client.force_login(refreshed.tksk)
    assert client.get(f"/reports/area/{PEKANBARU_KOTA}/").status_code == 404
    assert client.get(f"/reports/area/{refreshed.other_kelurahan}/").status_code == 404
    assert client.get(f"/reports/area/{KAMPUNG_TENGAH}/").status_code == 200


def test_psm_sees_only_their_kelurahan_and_rtrw_nothing(client, refreshed, make_user):
    client.force_login(refreshed.psm)
    text = client.get("/reports/").content.decode()
    assert "Sukajadi" in text
    assert "Pekanbaru Kota" not in text
    client.force_login(make_user("rtrw"))
    assert client.get("/reports/").status_code == 404


def test_dashboard_query_count_does_not_grow_with_data(
    client, refreshed, make_household, django_assert_max_num_queries
):
    client.force_login(refreshed.supervisor)
    client.get("/reports/")
    for _ in range(5):
        make_household(JADIREJO, members=3)
    facts_refresh()
    with django_assert_max_num_queries(30):
        assert client.get("/reports/").status_code == 200


def test_refresh_replaces_all_figures(refreshed, make_household):
    before = Fact.objects.count()
    make_household(KAMPUNG_TENGAH, members=2)
    facts_refresh()
    assert Fact.objects.count() == before
    assert selectors.facts_of(_window(refreshed.supervisor)).get("people") == 15


def test_stale_figures_are_recounted_in_the_background(
    refreshed, make_household, settings, django_capture_on_commit_callbacks
):
    from pendamping.reports.services import facts_refresh_if_stale

    settings.PENDAMPING_REPORTS_MAX_AGE = 0
    make_household(KAMPUNG_TENGAH, members=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert facts_refresh_if_stale() is True  # the test settings run tasks at once
    assert selectors.facts_of(_window(refreshed.supervisor)).get("people") == 15


def test_map_values_and_fallback(client, refreshed, monkeypatch):
    client.force_login(refreshed.supervisor)
    data = client.get("/reports/map.geojson?metric=people").json()
    assert len(data["features"]) == 15
    by_code = {f["properties"]["code"]: f["properties"]["value"] for f in data["features"]}
    assert by_code[SUKAJADI] == 9
    assert by_code[PEKANBARU_KOTA] == 4
    from pendamping.reports import geo

    monkeypatch.setattr(geo, "kecamatan_boundaries", lambda: {})
    text = client.get("/reports/").content.decode()
    assert 'data-testid="map-fallback"' in text
    assert 'id="city-map"' not in text


def test_map_of_a_tksk_holds_only_their_kecamatan(client, refreshed):
    client.force_login(refreshed.tksk)
    data = client.get("/reports/map.geojson?metric=people_per_1000").json()
    assert [f["properties"]["code"] for f in data["features"]] == [SUKAJADI]


def test_rendered_figures_are_cached_until_the_figures_are_rebuilt(
    client, refreshed, make_household
):
    from django.core.cache import cache

    from pendamping.reports.rendering import fragments_key

    client.force_login(refreshed.supervisor)
    people = 'data-testid="headline-people">%s<'
    assert people % 13 in client.get("/reports/").content.decode()
    key = fragments_key(_window(refreshed.supervisor))
    assert cache.get(key) is not None
    make_household(JADIREJO, members=3)
    # Same figures until the rebuild: the cached panels are served as they were.
    assert people % 13 in client.get("/reports/").content.decode()
    facts_refresh()
    assert fragments_key(_window(refreshed.supervisor)) != key
    assert people % 16 in client.get("/reports/").content.decode()


def test_cached_figures_are_per_scope_and_language(client, refreshed):
    client.force_login(refreshed.supervisor)
    city = client.get("/reports/").content.decode()
    assert "Pekanbaru Kota" in city
    client.force_login(refreshed.tksk)
    own = client.get("/reports/").content.decode()
    assert "Pekanbaru Kota" not in own
    client.force_login(refreshed.supervisor)
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/reports/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get("/reports/").content.decode()
    assert "People and workers per area" in english
    assert "People and workers per area" not in indonesian


def test_a_new_assignment_shows_without_waiting_for_the_rebuild(client, refreshed, make_user):
    from pendamping.reports.rendering import fragments_key

    window = _window(refreshed.supervisor)
    before = fragments_key(window)
    make_user("psm", KAMPUNG_TENGAH, username="psm.tengah.new")
    assert fragments_key(_window(refreshed.supervisor)) != before


def test_the_background_rebuild_renders_the_city_dashboard(refreshed):
    from django.core.cache import cache
    from django.utils import translation

    from pendamping.reports.rendering import fragments_key
    from pendamping.reports.tasks import refresh_facts

    refresh_facts.enqueue()  # the test settings run tasks at once
    for language in ("id", "en"):
        with translation.override(language):
            window = _window(refreshed.supervisor)
            assert cache.get(fragments_key(window)) is not None
            assert cache.get(fragments_key(window, "roles:assistant")) is not None
