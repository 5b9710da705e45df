"""Exports of the dashboard tables (CSV, XLSX, the city workbook) and the API, within scope
and audited."""

import csv
import io

import pytest
from python_calamine import CalamineWorkbook

from pendamping.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_table_csv_holds_the_figures_and_is_audited(client, refreshed):
    client.force_login(refreshed.supervisor)
    response = client.get("/reports/export/overview.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sukajadi = next(r for r in rows if r and r[0] == "Sukajadi")
    assert sukajadi[2:5] == ["4", "9", "2"]
    event = AuditEvent.objects.filter(action="export", object_type="reports.table").get()
    assert event.object_id == "overview"


def test_tksk_export_has_only_their_areas(client, refreshed):
    client.force_login(refreshed.tksk)
    text = client.get("/reports/export/overview.csv").content.decode("utf-8-sig")
    assert "Sukajadi" in text
    assert "Pekanbaru Kota" not in text
    assert client.get("/reports/export/overview.csv?area=14.71.02").status_code == 404
    assert client.get("/reports/export/roles_assistant.csv").status_code == 404
    assert client.get("/reports/export/roles_type.csv").status_code == 200


def test_city_workbook_has_one_sheet_per_table(client, refreshed):
    client.force_login(refreshed.supervisor)
    response = client.get("/reports/workbook.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert len(book.sheet_names) >= 12
    first = book.get_sheet_by_index(0).to_python()
    assert first[0][0] == "DINAS SOSIAL KOTA PEKANBARU"
    assert AuditEvent.objects.filter(action="export", object_type="reports.workbook").count() == 1


def test_unknown_table_or_format_is_404(client, refreshed):
    client.force_login(refreshed.supervisor)
    assert client.get("/reports/export/nothing.csv").status_code == 404
    assert client.get("/reports/export/overview.pdf").status_code == 404


def test_api_dashboard_and_roles(client, refreshed):
    client.force_login(refreshed.supervisor)
    body = client.get("/api/v1/reports/dashboard").json()
    assert body["headline"]["people"] == 13
    assert body["headline"]["cases_open"] == 2
    keys = {t["key"] for t in body["tables"]}
    assert {"overview", "ppks", "casework_areas", "verval_results", "trends"} <= keys
    roles = client.get("/api/v1/reports/roles?by=type").json()
    assert {r["role"]: r["tags"] for r in roles["rows"]}["broker"] == 2
    profile = client.get(f"/api/v1/reports/roles/{refreshed.tksk.username}").json()
    assert profile["activities"] == 3
    table = client.get("/api/v1/reports/tables/overview?area=14.71.01").json()
    rows = {r[0]: r for r in table["rows"]}
    assert len(rows) == 7  # every kelurahan of Sukajadi, also those with nobody registered
    assert rows["Jadirejo"][3] == 6
    assert rows["Kampung Tengah"][3] == 3
    assert rows["Kampung Melayu"][3] == 0


def test_api_respects_scope(client, refreshed):
    client.force_login(refreshed.tksk)
    body = client.get("/api/v1/reports/dashboard").json()
    assert body["headline"]["people"] == 9
    assert client.get("/api/v1/reports/dashboard?area=14.71.02").status_code == 404
    assert client.get("/api/v1/reports/roles?by=assistant").status_code == 404
    assert client.get(f"/api/v1/reports/roles/{refreshed.other_tksk.username}").status_code == 404


def test_api_over_a_bearer_token(client, refreshed):
    from pendamping.accounts.services import api_token_create

    _token, key = api_token_create(user=refreshed.supervisor, name="laptop")
    response = client.get("/api/v1/reports/dashboard", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["headline"]["people"] == 13
    assert client.get("/api/v1/reports/dashboard").status_code == 401
