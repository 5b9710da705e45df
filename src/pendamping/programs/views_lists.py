"""Deliveries and usulan pages: the program's delivery file and who was missed, the usulan
lists for the musyawarah kelurahan and their export."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.registry.exports import neutralise
from pendamping.registry.nikmask import nik_display
from pendamping.registry.selectors import person_get

from . import deliveries, forms, selectors, services
from .complaints.views import kelurahan_choices
from .models import Usulan, UsulanKind, UsulanStatus
from .views import EDITORS, READERS, _program


@login_required
@roles_required(*READERS)
def program_deliveries(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    form = forms.DeliveryImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST":
        if request.user.role not in EDITORS:
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = deliveries.delivery_import(
                    actor=request.user,
                    program=program,
                    period=form.cleaned_data["period"],
                    file_name=upload.name,
                    data=upload.read(deliveries.MAX_BYTES + 1),
                )
            except deliveries.DeliveryFileError as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _("%(n)s rows imported: %(r)s received, %(m)s not received.")
                    % {"n": result.rows, "r": result.received, "m": result.not_received},
                )
                return redirect(f"{request.path}?period={form.cleaned_data['period']}")
    period = request.GET.get("period", "")
    missed = (
        selectors.delivery_missed(actor=request.user, program=program, period=period)
        if deliveries.PERIOD.match(period)
        else None
    )
    return render(
        request,
        "programs/deliveries.html",
        {
            "program": program,
            "form": form,
            "problems": problems,
            "summary": selectors.delivery_summary(actor=request.user, program=program),
            "period": period,
            "missed": missed,
            "can_import": request.user.role in EDITORS,
        },
    )


@login_required
@roles_required(*READERS)
def usulan_list(request: HttpRequest) -> HttpResponse:
    kelurahan_id = request.GET.get("kelurahan", "")
    kelurahan_id = int(kelurahan_id) if kelurahan_id.isdigit() else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in UsulanKind.values else ""
    rows = selectors.usulan_list(actor=request.user, kelurahan_id=kelurahan_id, kind=kind)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        audit_record(
            actor=request.user,
            action=Action.EXPORT,
            object_type="programs.usulan",
            summary=f"usulan export {fmt}",
            request=request,
        )
        return _usulan_export(request.user, list(rows), fmt)
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="programs.usulan",
        summary="usulan list",
        request=request,
    )
    return render(
        request,
        "programs/usulan_list.html",
        {
            "rows": list(rows[:500]),
            "kelurahan_choices": kelurahan_choices(request.user),
            "kelurahan_id": kelurahan_id,
            "kind": kind,
            "kinds": UsulanKind.choices,
            "query": request.GET.urlencode(),
        },
    )


USULAN_COLUMNS = (
    "kelurahan",
    "proposal",
    "nik",
    "name",
    "address",
    "program",
    "reason",
    "evidence",
    "status",
    "proposed_by",
    "date",
)


def _usulan_rows(actor, rows: list[Usulan]):
    yield list(USULAN_COLUMNS)
    for u in rows:
        yield [
            neutralise(v)
            for v in (
                u.kelurahan.name,
                u.get_kind_display(),
                nik_display(actor, u.person.nik),
                u.person.name,
                u.person.household.address,
                u.program.name if u.program else "",
                u.reason,
                u.evidence,
                u.get_status_display(),
                str(u.proposed_by),
                u.created_at.date().isoformat(),
            )
        ]


def _usulan_export(actor, rows: list[Usulan], fmt: str) -> HttpResponse:
    name = f"usulan-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in _usulan_rows(actor, rows):
            writer.writerow(row)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Usulan")
    bold = book.add_format({"bold": True})
    for r, row in enumerate(_usulan_rows(actor, rows)):
        sheet.write_row(r, 0, row, bold if r == 0 else None)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@roles_required(*READERS)
@not_found_outside_scope
def usulan_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(actor=request.user, pk=person_pk)
    form = forms.UsulanForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.usulan_create(actor=request.user, person=person, **form.cleaned_data)
        except services.ProgramsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Added to the list for the musyawarah kelurahan."))
            return redirect(f"{_usulan_url()}?kelurahan={person.kelurahan_id}")
    return render(request, "programs/usulan_form.html", {"form": form, "person": person})


def _usulan_url() -> str:
    return reverse("programs:usulan_list")


@login_required
@roles_required(*READERS)
@not_found_outside_scope
@require_POST
def usulan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    usulan = get_object_or_404(Usulan, pk=pk)
    to_status = request.POST.get("to_status", "")
    if to_status not in UsulanStatus.values:
        raise Http404
    try:
        services.usulan_decide(actor=request.user, usulan=usulan, to_status=to_status)
    except services.ProgramsError as exc:
        messages.error(request, exc.message)
    return redirect(f"{_usulan_url()}?kelurahan={usulan.kelurahan_id}")
