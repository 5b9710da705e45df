"""The monthly TKSK report's pages: list, generate, edit and submit, review, print, XLSX."""

from django.conf import settings
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
from pendamping.core.http import roles_required

from . import exports, selectors, services
from .forms import NarrativeForm, ReviewForm
from .models import MonthlyReport, ReportStatus
from .views import parse_month


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
