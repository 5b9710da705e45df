"""Reports endpoints (router mounted at /api/v1/reports): the dashboard's figures, role
shares, one assistant's role profile and monthly reports, from the same selectors as the
pages and within the caller's scope."""

import datetime as dt

from ninja import Router, Schema

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope

from . import role_profile, selectors
from .models import MonthlyReport

router = Router(tags=["reports"])
VIEW_ROLES = (*CITY_WIDE_ROLES, *FIELD_ROLES)


def _require_role(request) -> None:
    if request.user.role not in VIEW_ROLES:
        raise OutOfScope


def _month(value: str | None) -> dt.date | None:
    from .views import parse_month

    return parse_month(value)


def _window(request, start: str | None, end: str | None, area: str | None):
    _require_role(request)
    place = selectors.area_for_report(request.user, area) if area else None
    return selectors.default_window(request.user, start=_month(start), end=_month(end), area=place)


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    total: list | None
    note: str


class WindowOut(Schema):
    start: dt.date
    end: dt.date
    area: str | None


class DashboardOut(Schema):
    window: WindowOut
    refreshed_at: dt.datetime | None
    headline: dict[str, int]
    tables: list[TableOut]


def _table(table: selectors.Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "rows": [[c.value for c in row] for row in table.rows],
        "total": [c.value for c in table.total] if table.total else None,
        "note": table.note,
    }


@router.get("/dashboard", response=DashboardOut)
def dashboard(request, start: str | None = None, end: str | None = None, area: str | None = None):
    """Every table of the dashboard (of the city, or of one kecamatan/kelurahan by code).
    `start`/`end` are months as YYYY-MM (default: the last twelve months)."""
    window = _window(request, start, end, area)
    state = selectors.refresh_state()
    return {
        "window": {"start": window.start, "end": window.end, "area": area},
        "refreshed_at": state.refreshed_at if state else None,
        "headline": {h["key"]: h["value"] for h in selectors.headline(window)},
        "tables": [_table(t) for t in selectors.all_tables(window)],
    }


@router.get("/tables/{key}", response=TableOut)
def table(
    request, key: str, start: str | None = None, end: str | None = None, area: str | None = None
):
    window = _window(request, start, end, area)
    found = selectors.table_get(window, key)
    if found is None:
        raise OutOfScope
    return _table(found)


@router.get("/map")
def map_figures(
    request, metric: str = "people_per_1000", start: str | None = None, end: str | None = None
):
    """The kecamatan boundaries (GeoJSON) with one figure each, as the dashboard map uses."""
    window = _window(request, start, end, None)
    if metric not in selectors.MAP_METRICS:
        metric = "people_per_1000"
    return selectors.map_features(window, metric)


class RoleRowOut(Schema):
    role: str
    label: str
    tags: int
    share: float
    minutes: int
    observed: str
    expected: str
    verdict: str


class RoleGroupOut(Schema):
    label: str
    total: int
    rows: list[RoleRowOut]


class RoleSharesOut(Schema):
    by: str
    rows: list[RoleRowOut]
    groups: list[RoleGroupOut]


@router.get("/roles", response=RoleSharesOut)
def roles(request, by: str = "type", start: str | None = None, end: str | None = None):
    """Role shares per assistant, worker type (`type`), area or month."""
    window = _window(request, start, end, None)
    if by not in role_profile.GROUPINGS:
        by = "type"
    if by == "assistant" and request.user.role not in CITY_WIDE_ROLES:
        raise OutOfScope
    return role_profile.role_shares(window, by)


class ProfileOut(Schema):
    username: str
    activities: int
    untagged: int
    minutes: int
    rows: list[RoleRowOut]


@router.get("/roles/{username}", response=ProfileOut)
def assistant_profile(request, username: str, start: str | None = None, end: str | None = None):
    window = _window(request, start, end, None)
    assistant = role_profile.assistant_get(request.user, username)
    profile = role_profile.assistant_profile(assistant, window.start, window.end)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        obj=assistant,
        summary=f"role profile of {assistant.username}",
        request=request,
    )
    return {**profile, "username": assistant.username}


class MonthlyOut(Schema):
    id: int
    author: str
    month: dt.date
    status: str
    figures: dict
    summary: str
    constraints: str
    follow_up: str
    approved_by: str | None
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.username

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.username if obj.approved_by else None


@router.get("/monthly", response=list[MonthlyOut])
def monthly_list(request, month: str | None = None):
    _require_role(request)
    reports = MonthlyReport.objects.select_related("author", "approved_by")
    if request.user.role not in CITY_WIDE_ROLES:
        reports = reports.filter(author=request.user)
    if _month(month):
        reports = reports.filter(month=_month(month))
    return list(reports[:500])
