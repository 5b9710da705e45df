"""Workforce pages: thin views over the selectors, the services and the day plan."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Assignment
from pendamping.accounts.selectors import workforce_table2
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.wilayah.models import Area, Level

from . import dayplan, forms, selectors, services
from .export import staffing_xlsx
from .models import StopStatus, WorkerType
from .workload import TYPES, area_workload, totals, worker_workload

MANAGERS = CITY_WIDE_ROLES
EVERYONE = (*CITY_WIDE_ROLES, *FIELD_ROLES)
METRICS = {
    "people_per_worker": gettext_lazy("People per worker"),
    "ppks_per_tksk": gettext_lazy("PPKS per TKSK"),
    "ppks_per_psm": gettext_lazy("PPKS per PSM"),
    "ppks_per_pkh": gettext_lazy("PPKS per Pendamping PKH"),
    "open_work": gettext_lazy("Open work"),
    "spread_km": gettext_lazy("Mean distance of households from the centre (km)"),
}


def _metric(row, metric: str) -> float | None:
    if metric == "people_per_worker":
        return row.people_per_worker
    if metric.startswith("ppks_per_"):
        return row.ppks_per(metric.removeprefix("ppks_per_"))
    return getattr(row, metric)


def _level(request) -> str:
    return Level.KELURAHAN if request.GET.get("level") == "kelurahan" else Level.KECAMATAN


@login_required
@roles_required(*EVERYONE)
def home(request: HttpRequest) -> HttpResponse:
    counts = {}
    if request.user.role in MANAGERS:
        for w in selectors.worker_list(actor=request.user).values_list("worker_type", flat=True):
            counts[w] = counts.get(w, 0) + 1
    table2 = [{**row, "registered": counts.get(str(row["role"]), 0)} for row in workforce_table2()]
    return render(
        request,
        "planning/home.html",
        {
            "table2": table2,
            "table2_total": sum(r["count"] for r in table2),
            "registered_total": sum(counts.values()),
            "volunteers": counts.get(WorkerType.VOLUNTEER, 0),
            "manager": request.user.role in MANAGERS,
            "profile": getattr(request.user, "worker", None),
        },
    )


@login_required
@roles_required(*EVERYONE)
def workload(request: HttpRequest) -> HttpResponse:
    level = _level(request)
    period = selectors.period_from(request.GET.get("start"), request.GET.get("end"))
    view = request.GET.get("view", "table")
    metric = request.GET.get("metric", "people_per_worker")
    if metric not in METRICS:
        metric = "people_per_worker"
    if request.GET.get("by") == "worker":
        if request.user.role not in MANAGERS:
            raise Http404
        rows = worker_workload(period, worker_type=request.GET.get("type", "") or None)
        audit_record(
            actor=request.user,
            action=Action.READ,
            object_type="planning.worker",
            summary="workload per worker",
            request=request,
        )
        return render(
            request,
            "planning/workload_workers.html",
            {
                "rows": rows,
                "period": period,
                "types": WorkerType.choices,
                "type": request.GET.get("type", ""),
            },
        )
    rows = area_workload(period, level=level)
    values = [_metric(r, metric) for r in rows]
    top = max((v for v in values if v is not None), default=0) or 1
    bars = [
        {"row": r, "value": v, "pct": round(100 * v / top, 1) if v is not None else 0}
        for r, v in zip(rows, values, strict=True)
    ]
    return render(
        request,
        "planning/workload.html",
        {
            "rows": rows,
            "bars": sorted(bars, key=lambda b: -(b["value"] or 0)),
            "totals": totals(rows),
            "level": level,
            "period": period,
            "view": view,
            "metric": metric,
            "metrics": METRICS,
            "complaints_known": rows and rows[0].complaints is not None,
            "types": TYPES,
        },
    )


@login_required
@roles_required(*EVERYONE)
def staffing(request: HttpRequest) -> HttpResponse:
    level = _level(request)
    period = selectors.period_from(request.GET.get("start"), request.GET.get("end"))
    table = selectors.staffing_table(level=level, period=period)
    totals_ = {t: table.total(t) for t in [*table.types, *table.city]}
    return render(
        request,
        "planning/staffing.html",
        {
            "table": table,
            "totals": totals_,
            "level": level,
            "period": period,
            "manager": request.user.role in MANAGERS,
        },
    )


@login_required
@roles_required(*MANAGERS)
def staffing_export(request: HttpRequest) -> HttpResponse:
    period = selectors.period_from(request.GET.get("start"), request.GET.get("end"))
    body = staffing_xlsx(
        selectors.staffing_table(level=Level.KECAMATAN, period=period),
        selectors.staffing_table(level=Level.KELURAHAN, period=period),
    )
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="planning.staffing",
        summary=f"staffing need XLSX {period.start} - {period.end}",
        request=request,
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"kebutuhan-sdm-{period.end.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@roles_required(*MANAGERS)
def whatif(request: HttpRequest) -> HttpResponse:
    from .whatif import what_if

    form = forms.WhatIfForm(request.GET if "worker_type" in request.GET else None)
    result, error = None, ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = what_if(
                worker_type=data["worker_type"],
                extra=data["extra"],
                max_split=data["max_split"],
                inertia=data["inertia"] or 0.0,
                max_km=data["max_km"],
            )
        except services.PlanningError as exc:
            error = exc.message
    return render(request, "planning/whatif.html", {"form": form, "result": result, "error": error})


@login_required
@roles_required(*MANAGERS)
def worker_list(request: HttpRequest) -> HttpResponse:
    worker_type = request.GET.get("type", "")
    ended = request.GET.get("ended") == "1"
    query = request.GET.get("q", "").strip()
    workers = list(
        selectors.worker_list(
            actor=request.user, worker_type=worker_type, include_ended=ended, query=query
        )[:500]
    )
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="planning.worker",
        summary=f"worker list ({len(workers)})",
        request=request,
    )
    return render(
        request,
        "planning/worker_list.html",
        {
            "workers": workers,
            "types": WorkerType.choices,
            "type": worker_type,
            "ended": ended,
            "q": query,
        },
    )


@login_required
@roles_required(*EVERYONE)
@not_found_outside_scope
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get(actor=request.user, pk=pk)
    manager = request.user.role in MANAGERS
    assign_form = forms.AssignmentForm(prefix="a") if manager else None
    end_form = forms.EndForm(prefix="e") if manager else None
    if manager and request.method == "POST":
        assign_form, end_form = _worker_post(request, worker)
        if assign_form is None:
            return redirect("planning:worker_detail", pk=worker.pk)
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=worker,
        summary="worker profile",
        request=request,
    )
    today = timezone.localdate()
    history = list(selectors.worker_history(worker=worker))
    for a in history:
        a.is_current = a.valid_from <= today and (a.valid_to is None or a.valid_to > today)
    return render(
        request,
        "planning/worker_detail.html",
        {
            "worker": worker,
            "history": history,
            "manager": manager,
            "assign_form": assign_form,
            "end_form": end_form,
        },
    )


def _worker_post(request, worker):
    """Handle the forms of the worker page; (None, None) after a successful change."""
    action = request.POST.get("action")
    assign_form = forms.AssignmentForm(prefix="a")
    end_form = forms.EndForm(prefix="e")
    try:
        if action == "assign":
            assign_form = forms.AssignmentForm(request.POST, prefix="a")
            if assign_form.is_valid():
                d = assign_form.cleaned_data
                services.assignment_start(
                    actor=request.user,
                    worker=worker,
                    area=get_object_or_404(Area, pk=d["area"]),
                    valid_from=d["valid_from"],
                    note=d["note"],
                    request=request,
                )
                messages.success(request, _("Assignment added."))
                return None, None
        elif action in ("end_assignment", "end_worker"):
            end_form = forms.EndForm(request.POST, prefix="e")
            if end_form.is_valid():
                on = end_form.cleaned_data["on"]
                if action == "end_worker":
                    services.worker_end(
                        actor=request.user, worker=worker, ended_on=on, request=request
                    )
                    messages.success(request, _("The worker's service has ended."))
                else:
                    assignment = get_object_or_404(
                        Assignment, pk=request.POST.get("assignment"), user=worker.user
                    )
                    services.assignment_end(
                        actor=request.user, assignment=assignment, valid_to=on, request=request
                    )
                    messages.success(request, _("Assignment ended; it stays in the history."))
                return None, None
    except services.PlanningError as exc:
        target = assign_form if action == "assign" else end_form
        target.add_error(None, exc.message)
    return assign_form, end_form


@login_required
@roles_required(*MANAGERS)
def worker_new(request: HttpRequest) -> HttpResponse:
    form = forms.WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.worker_register(
                actor=request.user, request=request, **form.cleaned_data
            )
        except services.PlanningError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("Worker added. Now assign their areas."))
            return redirect("planning:worker_detail", pk=worker.pk)
    return render(request, "planning/worker_form.html", {"form": form})


def _day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@roles_required(*FIELD_ROLES)
def today(request: HttpRequest) -> HttpResponse:
    """The assistant's day: planned on the first visit of the day, replanned on request."""
    day = _day(request)
    error = ""
    plan = dayplan.day_plan_get(actor=request.user, day=day, request=request)
    if plan is None:
        try:
            plan = dayplan.day_plan_make(actor=request.user, day=day, request=request)
        except services.PlanningError as exc:
            error = exc.message
    stops = list(dayplan.plan_stops(actor=request.user, plan=plan)) if plan else []
    unlocated = dayplan.unlocated(dayplan.due_work(user=request.user, day=day))
    template = "planning/today_print.html" if request.GET.get("print") else "planning/today.html"
    return render(
        request,
        template,
        {
            "plan": plan,
            "day": day,
            "error": error,
            "unlocated": unlocated,
            "visits": [s for s in stops if s.seq],
            "dropped": [s for s in stops if not s.seq and s.status != StopStatus.DONE],
            "done_count": sum(1 for s in stops if s.status == StopStatus.DONE),
        },
    )


@login_required
@roles_required(*FIELD_ROLES)
@require_POST
def today_replan(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    try:
        dayplan.day_plan_make(actor=request.user, day=day, request=request)
        messages.success(request, _("Your day has been planned again."))
    except services.PlanningError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('planning:today')}?day={day.isoformat()}")


@login_required
@roles_required(*FIELD_ROLES)
@require_POST
@not_found_outside_scope
def stop_done(request: HttpRequest, pk: int) -> HttpResponse:
    stop = dayplan.plan_stop_done(
        actor=request.user, stop_id=pk, done=request.POST.get("undo") != "1", request=request
    )
    if request.htmx:
        return render(request, "planning/_stop.html", {"stop": stop})
    return redirect(f"{reverse('planning:today')}?day={stop.plan.day.isoformat()}")
