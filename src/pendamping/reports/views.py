"""Dashboard, area page, role profile, monthly TKSK report and exports: thin views over the
selectors and services of this app."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required

from . import exports, role_profile, selectors, services
from .rendering import dashboard_fragments, role_profile_fragments

VIEW_ROLES = (*CITY_WIDE_ROLES, *FIELD_ROLES)


def parse_month(value: str | None) -> date | None:
    """'2026-03' (or an ISO date) to the first of that month; None when absent or malformed."""
    if not value:
        return None
    try:
        year, month = value[:7].split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def _window(request: HttpRequest, area=None) -> selectors.Window:
    return selectors.default_window(
        request.user,
        start=parse_month(request.GET.get("from")),
        end=parse_month(request.GET.get("to")),
        area=area,
    )


def _ensure_facts() -> None:
    state = selectors.refresh_state()
    if state is None or state.refreshed_at is None:
        services.facts_refresh()
    else:
        services.facts_refresh_if_stale()


def _common(request: HttpRequest, window: selectors.Window) -> dict:
    return {
        "window": window,
        "query": window.query(),
        "from_value": f"{window.start:%Y-%m}",
        "to_value": f"{window.end:%Y-%m}",
        "refresh": selectors.refresh_state(),
        "is_supervisor": request.user.role in CITY_WIDE_ROLES,
    }


@login_required
@roles_required(*VIEW_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """The city dashboard: the areas the user may see, per kecamatan."""
    _ensure_facts()
    window = _window(request)
    from .geo import kecamatan_boundaries

    context = {
        **_common(request, window),
        "fragments": dashboard_fragments(window),
        "has_boundaries": bool(kecamatan_boundaries()),
        "map_metrics": [(k, str(v)) for k, v in selectors.MAP_METRICS.items()],
    }
    return render(request, "reports/home.html", context)


@login_required
@roles_required(*VIEW_ROLES)
@not_found_outside_scope
def area(request: HttpRequest, code: str) -> HttpResponse:
    """One kecamatan or kelurahan: the same figures, its workers and their workload, events."""
    _ensure_facts()
    place = selectors.area_for_report(request.user, code)
    window = _window(request, area=place)
    from .area import area_workers, recent_events

    workers = area_workers(window)
    participation = []
    if place.level != "kecamatan":
        from pendamping.mobility.selectors import participation as rt_participation

        participation = rt_participation(place)
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=place,
        summary=f"area report {place.code}",
        request=request,
    )
    context = {
        **_common(request, window),
        "area": place,
        "fragments": dashboard_fragments(window),
        "workers": workers,
        "events": recent_events(window),
        "participation": participation,
    }
    return render(request, "reports/area.html", context)


@login_required
@roles_required(*VIEW_ROLES)
def map_geojson(request: HttpRequest) -> JsonResponse:
    window = _window(request)
    metric = request.GET.get("metric", "people_per_1000")
    if metric not in selectors.MAP_METRICS:
        metric = "people_per_1000"
    return JsonResponse(selectors.map_features(window, metric))


@login_required
@roles_required(*VIEW_ROLES)
@not_found_outside_scope
def table_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One dashboard table (of the city or of an area) as CSV or XLSX."""
    code = request.GET.get("area")
    place = selectors.area_for_report(request.user, code) if code else None
    window = _window(request, area=place)
    table = selectors.table_get(window, key) or _role_table(request, window, key)
    if table is None or fmt not in ("csv", "xlsx"):
        raise Http404
    subtitle = _subtitle(window)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="reports.table",
        object_id=key,
        summary=f"dashboard table {key} {fmt} {window.query()}",
        request=request,
    )
    if fmt == "csv":
        return exports.csv_response(table, subtitle=subtitle)
    return exports.workbook_response(
        [table], title=_("Dashboard"), subtitle=subtitle, filename=table.key
    )


def _role_table(request, window, key: str):
    if not key.startswith("roles_"):
        return None
    if key == "roles_assistant" and request.user.role not in CITY_WIDE_ROLES:
        return None  # field workers do not compare each other
    from .role_tables import role_share_table

    return role_share_table(window, key.removeprefix("roles_"))


def _subtitle(window: selectors.Window) -> str:
    where = window.area.display_name if window.area else _("all areas in your scope")
    return _("%(where)s, %(start)s to %(end)s") % {
        "where": where,
        "start": f"{window.start:%m/%Y}",
        "end": f"{window.end:%m/%Y}",
    }


@login_required
@roles_required(*VIEW_ROLES)
def workbook(request: HttpRequest) -> HttpResponse:
    """The city statistics workbook: every dashboard table, one sheet each."""
    window = _window(request)
    from .role_tables import role_share_table

    tables = [*selectors.all_tables(window)]
    tables += [role_share_table(window, by) for by in ("type", "area", "month")]
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="reports.workbook",
        summary=f"city statistics workbook {window.query()}",
        request=request,
    )
    return exports.workbook_response(
        tables, title=_("City statistics"), subtitle=_subtitle(window), filename="statistik-kota"
    )


@login_required
@roles_required(*CITY_WIDE_ROLES)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    services.facts_refresh()
    messages.success(request, _("The figures were recounted."))
    return redirect(request.POST.get("next") or "reports:home")


# -- role profile ---------------------------------------------------------------------------


@login_required
@roles_required(*VIEW_ROLES)
def role_profile_view(request: HttpRequest) -> HttpResponse:
    _ensure_facts()
    window = _window(request)
    by = request.GET.get("by", "assistant")
    if by not in role_profile.GROUPINGS:
        by = "assistant"
    if request.user.role not in CITY_WIDE_ROLES and by == "assistant":
        by = "type"
    context = {
        **_common(request, window),
        "fragments": role_profile_fragments(window, by),
        "by": by,
        "groupings": list(role_profile.GROUPINGS.items()),
        "keep": [("by", by)],
    }
    return render(request, "reports/role_profile.html", context)


@login_required
@roles_required(*VIEW_ROLES)
@not_found_outside_scope
def role_profile_assistant(request: HttpRequest, username: str) -> HttpResponse:
    """One assistant's role profile on one printable page, for supervision talks."""
    assistant = role_profile.assistant_get(request.user, username)
    window = _window(request)
    profile = role_profile.assistant_profile(assistant, window.start, window.end)
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=assistant,
        summary=f"role profile of {assistant.username}",
        request=request,
    )
    context = {
        **_common(request, window),
        "profile": profile,
        "assistant": assistant,
        "thresholds": [round(100 * t) for t in role_profile.thresholds()],
        "org_name": settings.PENDAMPING_ORG_NAME,
    }
    return render(request, "reports/role_profile_assistant.html", context)


@login_required
@roles_required(*VIEW_ROLES)
@not_found_outside_scope
def activities(request: HttpRequest) -> HttpResponse:
    """The activities behind a figure: by assistant, role, area and months."""
    window = _window(request)
    assistant = None
    if request.GET.get("assistant"):
        assistant = role_profile.assistant_get(request.user, request.GET["assistant"])
    kelurahan_ids = None
    if request.GET.get("area"):
        place = selectors.area_for_report(request.user, request.GET["area"])
        kelurahan_ids = selectors.Window(
            actor=request.user, start=window.start, end=window.end, area=place
        ).kelurahan_ids
    else:
        place = None
    role = request.GET.get("role", "")
    from pendamping.casework.roles import WorkRole

    if role and role not in WorkRole.values:
        raise Http404
    result = role_profile.activity_drilldown(
        request.user,
        start=window.start,
        end=window.end,
        assistant=assistant,
        role=role,
        kelurahan_ids=kelurahan_ids,
    )
    listed = list(result["listed"][:200])
    for activity in listed:
        activity.role_labels = [WorkRole(r).label for r in activity.roles if r in WorkRole.values]
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="casework.activity",
        summary=f"activity drill-down {window.query()} role={role}",
        request=request,
    )
    context = {
        **_common(request, window),
        "total": result["total"],
        "hidden": result["hidden"],
        "listed": listed,
        "more": max(0, result["total"] - result["hidden"] - len(listed)),
        "assistant": assistant,
        "role_label": WorkRole(role).label if role else "",
        "place": place,
    }
    return render(request, "reports/activities.html", context)
