"""Workforce pages and endpoints, read in Indonesian as users do."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from pendamping.audit.models import AuditEvent
from pendamping.planning.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01", username="tksk.sukajadi.view")


def test_supervisor_sees_staffing_with_the_shortfall_and_arithmetic(
    client, supervisor, tampan_tksk
):
    client.force_login(supervisor)
    page = client.get("/workforce/staffing/").content.decode()
    assert "Kebutuhan tenaga" in page
    assert "tksk.tampan.test" not in page  # names, not usernames
    assert 'data-code="14.71.13"' in page
    assert "max(minimum 1 = 1)" in page


def test_workload_table_flags_areas_without_a_worker_and_the_chart_uses_svg(client, supervisor):
    client.force_login(supervisor)
    table = client.get("/workforce/workload/", {"level": "kelurahan"}).content.decode()
    assert "tanpa TKSK" in table
    chart = client.get("/workforce/workload/", {"view": "chart", "metric": "spread_km"})
    assert b"<svg" in chart.content
    assert not re.search(rb"<script(?![^>]*\bsrc=)", chart.content)  # no inline script


def test_xlsx_export_is_audited_and_opens(client, supervisor, tampan_tksk):
    from python_calamine import CalamineWorkbook

    client.force_login(supervisor)
    response = client.get("/workforce/staffing.xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Kota", "Kecamatan", "Kelurahan", "Norma"]
    rows = book.get_sheet_by_name("Kecamatan").to_python()
    binawidya = next(r for r in rows if r[0] == "14.71.08")
    assert 0.5 in binawidya
    assert AuditEvent.objects.filter(action="export", object_type="planning.staffing").exists()


def test_field_workers_do_not_see_the_registry_or_the_what_if(client, tksk):
    client.force_login(tksk)
    assert client.get("/workforce/workers/").status_code == 404
    assert client.get("/workforce/what-if/").status_code == 404
    assert client.get("/workforce/staffing.xlsx").status_code == 404
    assert client.get("/workforce/workload/", {"by": "worker"}).status_code == 404


def test_supervisor_registers_a_volunteer_and_assigns_an_area(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        "/workforce/workers/new/",
        {
            "name": "Relawan Uji",
            "worker_type": "volunteer",
            "basis": "volunteer",
            "started_on": "2024-01-02",
        },
    )
    worker = Worker.objects.get(name="Relawan Uji")
    assert response.status_code == 302
    from pendamping.wilayah.models import Area

    area = Area.objects.get(code="14.71.01.1002")
    response = client.post(
        f"/workforce/workers/{worker.pk}/",
        {"action": "assign", "a-area": area.pk, "a-valid_from": "2024-02-01"},
    )
    assert response.status_code == 302
    page = client.get(f"/workforce/workers/{worker.pk}/").content.decode()
    assert "Jadirejo" in page
    assert "tanpa login" in page
    assert AuditEvent.objects.filter(action="read", object_type="planning.worker").exists()


def test_the_assistant_gets_todays_route_and_marks_a_visit_done(
    client, tksk, located_household, verval_for
):
    for i in range(3):
        verval_for(tksk, located_household(lat=0.51 + 0.003 * i), days=0)
    client.force_login(tksk)
    page = client.get("/workforce/today/").content.decode()
    assert "Rute saya" in page
    assert page.count('data-testid="visit"') == 3
    from pendamping.planning.models import PlanStop

    stop = PlanStop.objects.get(seq=1)
    response = client.post(f"/workforce/today/visits/{stop.pk}/done/", HTTP_HX_REQUEST="true")
    assert b"tick done" in response.content
    printable = client.get("/workforce/today/", {"print": "1"}).content.decode()
    assert "✓" in printable


def test_api_today_and_what_if(client, tksk, supervisor, located_household, verval_for, make_user):
    verval_for(tksk, located_household(), days=0)
    client.force_login(tksk)
    plan = client.get("/api/v1/workforce/today").json()
    assert plan["day"] == timezone.localdate().isoformat()
    assert len(plan["visits"]) == 1
    visit = plan["visits"][0]
    done = client.post(
        f"/api/v1/workforce/today/visits/{visit['id']}/done",
        data=json.dumps({"done": True}),
        content_type="application/json",
    )
    assert done.json()["status"] == "done"
    assert client.get("/api/v1/workforce/what-if").status_code == 404
    assert client.get("/api/v1/workforce/workers").status_code == 404
    client.force_login(supervisor)
    lonely = client.get("/api/v1/workforce/what-if", {"worker_type": "tksk", "extra": 1})
    assert lonely.status_code == 200  # two TKSK cannot keep 15 kecamatan in touching groups
    assert lonely.json()["adjacency_relaxed"] is True
    too_far = client.get(
        "/api/v1/workforce/what-if", {"worker_type": "tksk", "extra": 1, "max_km": 1}
    )
    assert too_far.status_code == 400
    assert "bersebelahan" in too_far.json()["detail"]
    from pendamping.core.demo import TKSK_AREAS

    for slug, codes in TKSK_AREAS.items():
        if slug != "sukajadi":
            make_user("tksk", *codes)
    from pendamping.wilayah.models import Area

    busy = Area.objects.filter(parent__code="14.71.13", valid_to__isnull=True).first()
    for _ in range(4):
        located_household(busy.code, lat=0.47, lon=101.39)
    result = client.get(
        "/api/v1/workforce/what-if", {"worker_type": "tksk", "extra": 3, "inertia": 0}
    ).json()
    assert result["workers"] == 12
    new = [a["code"] for a in result["areas"] if a["new"]]
    assert len(new) >= 1
    assert result["max_load_with_extra"] < result["balanced_max_load"]
    assert 0 <= result["gap"] <= 1
    staffing = client.get("/api/v1/workforce/staffing").json()
    assert staffing["city"]["tksk"]["present"] == 12.0
    assert (
        client.post(
            f"/api/v1/workforce/today/visits/{visit['id']}/done",
            data=json.dumps({"done": True}),
            content_type="application/json",
        ).status_code
        == 404
    )


def test_staffing_command_prints_the_table_and_writes_xlsx(tampan_tksk, tmp_path):
    out = io.StringIO()
    call_command("staffing", "--xlsx", str(tmp_path / "need.xlsx"), stdout=out)
    text = out.getvalue()
    assert "Binawidya" in text or "Bina Widya" in text
    assert "0.5 / 0.5" in text  # need 1 (or more), present 0.5 ... shown per kecamatan
    assert (tmp_path / "need.xlsx").stat().st_size > 1000


def test_worker_list_takes_the_same_queries_for_few_or_many_workers(
    client, supervisor, django_assert_max_num_queries
):
    from pendamping.planning import services
    from pendamping.wilayah.models import Area

    client.force_login(supervisor)
    area = Area.objects.get(code="14.71.01.1002")
    for n in range(12):
        worker = services.worker_register(
            actor=supervisor,
            name=f"Relawan {n}",
            worker_type="volunteer",
            basis="volunteer",
            started_on=timezone.localdate(),
        )
        services.assignment_start(
            actor=supervisor, worker=worker, area=area, valid_from=timezone.localdate()
        )
    with django_assert_max_num_queries(14):
        page = client.get("/workforce/workers/")
    assert page.content.decode().count("Jadirejo") == 12
