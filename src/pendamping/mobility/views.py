"""Mobility pages: thin views over `selectors` (scope) and `services` / `tracing` (writes)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.core.models import Notification
from pendamping.core.notifications import mark_read
from pendamping.core.scope import get_scoped, scope_of
from pendamping.registry.models import Household, RecordStatus
from pendamping.wilayah.models import Area
from pendamping.wilayah.services import area_ensure_rt

from . import forms, selectors, services, tracing
from .models import ReportKind, ReportStatus, TracingStatus

ASSISTANTS = services.CONFIRMING_ROLES


def _errors_to_form(form, exc: services.MobilityError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _destination(data: dict, prefix: str = "to_"):
    kelurahan = data.get(f"{prefix}kelurahan")
    rt = None
    if kelurahan is not None and data.get(f"{prefix}rw") and data.get(f"{prefix}rt"):
        rt = area_ensure_rt(kelurahan=kelurahan, rw=data[f"{prefix}rw"], rt=data[f"{prefix}rt"])
    return kelurahan, rt


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.RTRW:
        return render(
            request,
            "mobility/home_reporter.html",
            {
                "households": selectors.households_for_reporter(
                    user, query=request.GET.get("q", "")
                ),
                "query": request.GET.get("q", ""),
                "reports": list(selectors.report_list(user, mine=True)[:15]),
            },
        )
    return render(
        request,
        "mobility/home.html",
        {
            "pending": list(selectors.pending_reports(user)[:50]),
            "recent": list(selectors.report_list(user).exclude(status=ReportStatus.PENDING)[:15]),
            "moved_in": selectors.moved_in(user),
            "proposals": list(selectors.proposals(user)[:20])
            if user.role in CITY_WIDE_ROLES
            else [],
        },
    )


@login_required
@roles_required(*ASSISTANTS)
def home_panel(request: HttpRequest) -> HttpResponse:
    """The worklists of the assistant's home, fetched by the home page after it is shown."""
    return render(
        request, "mobility/_home_panel_body.html", {"panel": selectors.home_panel(request.user)}
    )


@login_required
@roles_required(*ASSISTANTS)
def find_household(request: HttpRequest) -> HttpResponse:
    """Assistants report too (a PSM: "still living here"); they search their area first."""
    query = request.GET.get("q", "")
    households = selectors.households_for_reporter(request.user, query=query) if query else []
    return render(request, "mobility/find.html", {"households": households, "query": query})


@login_required
@roles_required(*services.REPORTING_ROLES)
@not_found_outside_scope
def report_household(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_scoped(Household.objects.select_related("kelurahan", "rt"), request.user, pk=pk)
    members = list(
        household.members.exclude(
            status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT)
        ).order_by("birth_date", "pk")
    )
    audit_record(actor=request.user, action=Action.READ, obj=household, request=request)
    kwargs = {"members": members, "kelurahan_qs": selectors.city_kelurahan()}
    form = forms.HouseholdReportForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, person_pk = data["event"].partition(":")
        person = next((m for m in members if str(m.pk) == person_pk), None)
        to_kelurahan, to_rt = _destination(data)
        try:
            report, _created = services.report_submit(
                actor=request.user,
                kind=kind,
                household=household,
                person=person,
                event_on=data["event_on"],
                subject_name=data.get("child_name", "") if kind == ReportKind.BIRTH else "",
                subject_sex=data.get("child_sex", "") if kind == ReportKind.BIRTH else "",
                destination=data.get("destination") or "",
                to_kelurahan=to_kelurahan,
                to_rt=to_rt,
                to_address=data.get("to_address", ""),
                notes=data.get("notes", ""),
                client_id=request.POST.get("client_id") or None,
                request=request,
            )
        except services.MobilityError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Report sent. The assistant of the area will confirm it."))
            return redirect("mobility:report_detail", report.pk)
    return render(
        request,
        "mobility/report_household.html",
        {
            "household": household,
            "members": members,
            "form": form,
            "client_id": _client_id(request),
        },
    )


def _client_id(request: HttpRequest) -> str:
    """One id per form shown, so a double tap or a resend after a timeout is stored once."""
    import secrets

    return request.POST.get("client_id") or f"web-{secrets.token_hex(12)}"


@login_required
@roles_required(*services.REPORTING_ROLES)
@not_found_outside_scope
def report_other(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_of(user)
    has_rt = scope.rt_ids is not None and len(scope.rt_ids) == 1  # an RW head picks the RT
    initial = {"kind": request.GET.get("kind", ReportKind.MOVED_IN)}
    form = forms.OtherReportForm(
        request.POST or None,
        initial=initial,
        own_kelurahan_qs=selectors.kelurahan_in_scope(user),
        kelurahan_qs=selectors.city_kelurahan(),
        reporter_has_rt=has_rt,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kelurahan = data.get("kelurahan")
        rt = None
        if kelurahan is not None and data.get("rw") and data.get("rt"):
            if not scope.everything and kelurahan.pk not in scope.kelurahan_ids:
                raise OutOfScope
            rt = area_ensure_rt(kelurahan=kelurahan, rw=data["rw"], rt=data["rt"])
        to_kelurahan, to_rt = _destination(data)
        try:
            report, _created = services.report_submit(
                actor=user,
                kind=data["kind"],
                event_on=data["event_on"],
                event_time=data.get("event_time"),
                subject_name=data["subject_name"],
                subject_nik=data.get("subject_nik", ""),
                subject_sex=data.get("subject_sex", ""),
                kelurahan=kelurahan,
                rt=rt,
                came_from=data.get("came_from", ""),
                new_kk=data.get("new_kk", ""),
                destination=data.get("destination") or "",
                to_kelurahan=to_kelurahan,
                to_rt=to_rt,
                to_address=data.get("to_address") or data.get("address", ""),
                notes=data.get("notes", ""),
                client_id=request.POST.get("client_id") or None,
                request=request,
            )
        except services.MobilityError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Report sent. The assistant of the area will confirm it."))
            return redirect("mobility:report_detail", report.pk)
    return render(
        request, "mobility/report_other.html", {"form": form, "client_id": _client_id(request)}
    )


@login_required
@roles_required(*services.REPORTING_ROLES)
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ("", *ReportStatus.values):
        status = ""
    reports = list(
        selectors.report_list(request.user, status=status, mine=request.user.role == Role.RTRW)[
            :100
        ]
    )
    return render(
        request,
        "mobility/report_list.html",
        {"reports": reports, "status": status, "statuses": ReportStatus.choices},
    )


@login_required
@roles_required(*services.REPORTING_ROLES)
@not_found_outside_scope
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    audit_record(actor=request.user, action=Action.READ, obj=report, request=request)
    may_decide = (
        report.status == ReportStatus.PENDING
        and request.user.role in ASSISTANTS
        and selectors.pending_reports(request.user).filter(pk=report.pk).exists()
    )
    confirm_form = reject_form = None
    if may_decide:
        confirm_form = _confirm_form(report)
        reject_form = forms.RejectForm()
    return render(
        request,
        "mobility/report_detail.html",
        {
            "report": report,
            "related": selectors.same_subject(report),
            "members": list(report.household.members.order_by("pk")) if report.household_id else [],
            "confirm_form": confirm_form,
            "reject_form": reject_form,
        },
    )


def _confirm_form(report, data=None):
    rt = report.to_rt
    return forms.ConfirmForm(
        data,
        kelurahan_qs=selectors.city_kelurahan(),
        initial={
            "destination": report.destination,
            "to_kelurahan": report.to_kelurahan_id,
            "to_rw": int(rt.parent.code.rsplit(".", 1)[1]) if rt else None,
            "to_rt": int(rt.code.rsplit(".", 1)[1]) if rt else None,
            "to_address": report.to_address,
            "event_on": timezone.localtime(report.event_at).date(),
            "subject_name": report.subject_name,
            "subject_nik": report.subject_nik,
            "subject_sex": report.subject_sex,
            "new_kk": report.new_kk,
        },
    )


@login_required
@roles_required(*ASSISTANTS)
@not_found_outside_scope
@require_POST
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    form = _confirm_form(report, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        to_kelurahan, to_rt = _destination(data)
        corrections = {
            "event_on": data.get("event_on"),
            "subject_name": data.get("subject_name", ""),
            "subject_nik": data.get("subject_nik", ""),
            "subject_sex": data.get("subject_sex", ""),
            "new_kk": data.get("new_kk", ""),
        }
        if report.kind == ReportKind.MOVED_OUT:
            corrections.update(
                destination=data.get("destination") or report.destination,
                to_kelurahan=to_kelurahan,
                to_rt=to_rt,
                to_address=data.get("to_address", ""),
            )
        else:
            corrections["to_address"] = data.get("to_address", "")
        try:
            services.report_confirm(
                actor=request.user,
                report=report,
                corrections=corrections,
                note=data.get("note", ""),
                request=request,
            )
        except services.MobilityError as exc:
            messages.error(request, exc.message)
        except services.registry.RegistryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Report confirmed; the registry is updated."))
    else:
        messages.error(
            request, _("Check the corrections: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("mobility:report_detail", pk)


@login_required
@roles_required(*ASSISTANTS)
@not_found_outside_scope
@require_POST
def report_reject(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    try:
        services.report_reject(
            actor=request.user,
            report=report,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except services.MobilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Report rejected."))
    return redirect("mobility:report_detail", pk)


@login_required
@roles_required(*ASSISTANTS)
def tracing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    if status not in ("active", *TracingStatus.values):
        status = "active"
    return render(
        request,
        "mobility/tracing_list.html",
        {
            "rows": selectors.tracing_list(request.user, status=status),
            "status": status,
            "statuses": TracingStatus.choices,
            "max_attempts": tracing.max_attempts(),
        },
    )


@login_required
@roles_required(*ASSISTANTS)
@not_found_outside_scope
@require_POST
def tracing_start(request: HttpRequest, task_pk: int) -> HttpResponse:
    from pendamping.linkage.models import VervalTask

    task = get_scoped(VervalTask.objects.exclude(person=None), request.user, pk=task_pk)
    record = tracing.tracing_open_from_verval(actor=request.user, task=task, request=request)
    return redirect("mobility:tracing_detail", record.pk)


@login_required
@roles_required(*ASSISTANTS)
@not_found_outside_scope
def tracing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.tracing_get(request.user, pk)
    audit_record(actor=request.user, action=Action.READ, obj=record, request=request)
    form = forms.AttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tracing.tracing_attempt_add(
                actor=request.user, record=record, **form.cleaned_data, request=request
            )
        except services.MobilityError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Attempt recorded."))
            return redirect("mobility:tracing_detail", pk)
    return render(
        request,
        "mobility/tracing_detail.html",
        {
            "record": record,
            "attempts": list(record.attempts.select_related("actor")),
            "failed": tracing.failed_attempts(record),
            "max_attempts": tracing.max_attempts(),
            "form": form if record.status in tracing.ACTIVE else None,
            "decide_form": forms.DecideForm()
            if record.status == TracingStatus.PROPOSED and request.user.role in CITY_WIDE_ROLES
            else None,
        },
    )


@login_required
@roles_required(*CITY_WIDE_ROLES)
@not_found_outside_scope
@require_POST
def tracing_decide(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.tracing_get(request.user, pk)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and write a short reason."))
        return redirect("mobility:tracing_detail", pk)
    try:
        tracing.tracing_decide(
            actor=request.user,
            record=record,
            deactivate=form.cleaned_data["decision"] == "deactivate",
            note=form.cleaned_data["note"],
            request=request,
        )
    except services.MobilityError as exc:
        messages.error(request, exc.message)
    return redirect("mobility:tracing_detail", pk)


def _participation_kelurahan(request: HttpRequest, code: str | None) -> Area:
    allowed = selectors.kelurahan_in_scope(request.user)
    if code is None:
        first = allowed.first()
        if first is None:
            raise Http404
        return first
    area = allowed.filter(code=code).first()
    if area is None:
        raise Http404
    return area


@login_required
@roles_required(*ASSISTANTS)
def participation(request: HttpRequest, code: str | None = None) -> HttpResponse:
    kelurahan = _participation_kelurahan(request, code or request.GET.get("kelurahan") or None)
    rows = selectors.participation(kelurahan)
    reporting = [r for r in rows if r["made"]]
    made = sum(r["made"] for r in rows)
    return render(
        request,
        "mobility/participation.html",
        {
            "kelurahan": kelurahan,
            "choices": selectors.kelurahan_in_scope(request.user),
            "rows": rows,
            "total_made": made,
            "total_on_time": round(100 * sum(r["on_time"] for r in rows) / made) if made else None,
            "reporting": len(reporting),
            "never": sum(1 for r in rows if r["never"]),
            "with_account": sum(1 for r in rows if r["accounts"]),
        },
    )


@login_required
@roles_required(*ASSISTANTS)
def participation_csv(request: HttpRequest, code: str) -> HttpResponse:
    kelurahan = _participation_kelurahan(request, code)
    rows = selectors.participation(kelurahan)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        obj=kelurahan,
        summary=f"RT/RW participation {kelurahan.code}",
        request=request,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="partisipasi-rtrw-{kelurahan.code}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "rt_code",
            "rt",
            "rw",
            "ketua",
            "laporan",
            "tepat_waktu",
            "persen_tepat_waktu",
            "laporan_terakhir",
            "hari_sejak",
            "tidak_pernah_lapor",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r["rt"].code,
                r["rt"].name,
                r["rt"].parent.name,
                _safe("; ".join(r["accounts"])),
                r["made"],
                r["on_time"],
                "" if r["on_time_share"] is None else r["on_time_share"],
                timezone.localtime(r["last"]).date().isoformat() if r["last"] else "",
                "" if r["days_since"] is None else r["days_since"],
                "ya" if r["never"] else "",
            ]
        )
    return response


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas in names."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(user=request.user)[:100])
    return render(request, "mobility/notifications.html", {"items": items})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    mark_read(user=request.user, ids=ids or None)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("mobility:notifications")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    note = Notification.objects.filter(user=request.user, pk=pk).first()
    if note is None:
        raise Http404
    mark_read(user=request.user, ids=[note.pk])
    if note.url.startswith("/") and not note.url.startswith("//"):
        return redirect(note.url)
    return redirect("mobility:notifications")
