"""Dashboard, area page, role profile, monthly TKSK report and exports: thin views over the
selectors and services of this app."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required

from . import exports, role_profile, selectors, services
from .forms import NarrativeForm, ReviewForm
from .models import MonthlyReport, ReportStatus

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
        "panels": selectors.dashboard(window),
        "headline": selectors.headline(window),
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
        "panels": selectors.dashboard(window),
        "headline": selectors.headline(window),
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
    shares = role_profile.role_shares(window, by)
    context = {
        **_common(request, window),
        "shares": shares,
        "by": by,
        "groupings": list(role_profile.GROUPINGS.items()),
        "roles": role_profile.role_rows({}, {}),
        "keep": [("by", by)],
        "thresholds": [round(100 * t) for t in role_profile.thresholds()],
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


# -- monthly TKSK report ---------------------------------------------------------------------


def _report_get(request: HttpRequest, pk: int) -> MonthlyReport:
    report = MonthlyReport.objects.select_related("author", "approved_by").filter(pk=pk).first()
    if report is None:
        raise Http404
    if request.user.role not in CITY_WIDE_ROLES and report.author_id != request.user.pk:
        raise Http404
    return report


def _kecamatan_names(user) -> str:
    from pendamping.accounts.selectors import current_assignments

    names = [a.area.display_name for a in current_assignments(user=user)]
    return ", ".join(names)


@login_required
@roles_required(*CITY_WIDE_ROLES, Role.TKSK)
def monthly_list(request: HttpRequest) -> HttpResponse:
    reports = MonthlyReport.objects.select_related("author", "approved_by")
    if request.user.role not in CITY_WIDE_ROLES:
        reports = reports.filter(author=request.user)
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    today = timezone.localdate()
    months = [selectors.add_months(today.replace(day=1), -n) for n in range(0, 6)]
    return render(
        request,
        "reports/monthly_list.html",
        {
            "reports": list(reports[:200]),
            "status": status,
            "statuses": ReportStatus.choices,
            "months": months,
            "may_write": request.user.role == Role.TKSK,
        },
    )


@login_required
@roles_required(Role.TKSK)
@require_POST
def monthly_generate(request: HttpRequest) -> HttpResponse:
    month = parse_month(request.POST.get("month"))
    if month is None:
        messages.error(request, _("Choose a month."))
        return redirect("reports:monthly_list")
    try:
        report = services.report_generate(actor=request.user, month=month, request=request)
    except services.ReportsError as exc:
        messages.error(request, exc.message)
        return redirect("reports:monthly_list")
    return redirect("reports:monthly_detail", pk=report.pk)


@login_required
@roles_required(*CITY_WIDE_ROLES, Role.TKSK)
def monthly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_get(request, pk)
    form = NarrativeForm(instance=report)
    review = ReviewForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                form = NarrativeForm(request.POST, instance=report)
                if form.is_valid():
                    services.report_update(
                        actor=request.user,
                        report=report,
                        request=request,
                        **{
                            k: form.cleaned_data[k] for k in ("summary", "constraints", "follow_up")
                        },
                    )
                    messages.success(request, _("Saved."))
                    return redirect("reports:monthly_detail", pk=pk)
            elif action == "recount":
                services.report_generate(actor=request.user, month=report.month, request=request)
                messages.success(request, _("The figures were recounted."))
                return redirect("reports:monthly_detail", pk=pk)
            elif action == "submit":
                services.report_submit(actor=request.user, report=report, request=request)
                messages.success(request, _("Submitted to the supervisor."))
                return redirect("reports:monthly_detail", pk=pk)
            elif action in ("approve", "return"):
                review = ReviewForm(request.POST)
                review.is_valid()
                note = review.cleaned_data.get("note", "")
                if action == "approve":
                    services.report_approve(
                        actor=request.user, report=report, note=note, request=request
                    )
                    messages.success(request, _("Approved."))
                else:
                    services.report_return(
                        actor=request.user, report=report, note=note, request=request
                    )
                    messages.success(request, _("Returned to the TKSK."))
                return redirect("reports:monthly_detail", pk=pk)
            else:
                raise Http404
        except services.ReportsError as exc:
            messages.error(request, exc.message)
            report.refresh_from_db()
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=report,
        summary="monthly report",
        request=request,
    )
    return render(
        request,
        "reports/monthly_detail.html",
        {
            "report": report,
            "f": report.figures,
            "form": form,
            "review": review,
            "is_author": report.author_id == request.user.pk,
            "is_supervisor": request.user.role in CITY_WIDE_ROLES,
            "kecamatan": _kecamatan_names(report.author),
        },
    )


@login_required
@roles_required(*CITY_WIDE_ROLES, Role.TKSK)
def monthly_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The report in the office's layout with the Dinas header, to print or save as PDF."""
    report = _report_get(request, pk)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        obj=report,
        summary="monthly report print",
        request=request,
    )
    return render(
        request,
        "reports/monthly_print.html",
        {
            "report": report,
            "f": report.figures,
            "kecamatan": _kecamatan_names(report.author),
            "org_name": settings.PENDAMPING_ORG_NAME,
        },
    )


@login_required
@roles_required(*CITY_WIDE_ROLES, Role.TKSK)
def monthly_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_get(request, pk)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        obj=report,
        summary="monthly report xlsx",
        request=request,
    )
    return exports.monthly_report_xlsx(report, kecamatan=_kecamatan_names(report.author))
