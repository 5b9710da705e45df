"""Program pages: thin views over the selectors (scope) and the services (rules, audit)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.registry.exports import neutralise
from pendamping.registry.nikmask import nik_display
from pendamping.registry.selectors import person_get
from pendamping.wilayah.models import Area

from . import deliveries, forms, selectors, services
from .complaints.views import kelurahan_choices
from .models import Condition, EnrolmentStatus, Program, Usulan, UsulanKind, UsulanStatus

READERS = services.PROPOSERS
EDITORS = services.PROGRAM_EDITORS


def _program(code: str) -> Program:
    try:
        return selectors.program_get(code=code)
    except Program.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@roles_required(*READERS)
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.enrolment_counts(actor=request.user)
    programs = [{"program": p, "counts": counts.get(p.pk, {})} for p in selectors.program_list()]
    return render(
        request,
        "programs/home.html",
        {"programs": programs, "can_edit": request.user.role in EDITORS},
    )


@login_required
@roles_required(*EDITORS)
def program_new(request: HttpRequest) -> HttpResponse:
    return _program_form(request, None)


@login_required
@roles_required(*EDITORS)
def program_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _program_form(request, _program(code))


def _program_form(request, program: Program | None) -> HttpResponse:
    initial = {"active": True}
    if program is not None:
        initial = {
            f: getattr(program, f)
            for f in (
                "code",
                "name",
                "owner",
                "kind",
                "unit",
                "description",
                "starts_on",
                "ends_on",
                "active",
            )
        }
        initial["target_categories"] = list(program.target_categories.all())
    form = forms.ProgramForm(request.POST or None, initial=initial)
    if program is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_save(
                actor=request.user,
                program=program,
                code=program.code if program else data["code"],
                name=data["name"],
                owner=data["owner"],
                kind=data["kind"],
                unit=data["unit"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                active=data["active"],
                target_categories=data["target_categories"],
            )
        except services.ProgramsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("programs:program_detail", code=program.code)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@login_required
@roles_required(*READERS)
def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    labels = selectors.value_labels()
    from . import eligibility

    conditions = [
        {
            "row": c,
            "text": eligibility.describe({"field": c.field, "op": c.op, "value": c.value}, labels),
        }
        for c in program.conditions.all()
    ]
    counts = selectors.enrolment_counts(actor=request.user).get(program.pk, {})
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "conditions": conditions,
            "counts": [(s, label, counts.get(s, 0)) for s, label in EnrolmentStatus.choices],
            "can_edit": request.user.role in EDITORS,
            "condition_form": forms.ConditionForm(),
            "quota_form": forms.QuotaForm(),
            "quotas": program.quotas.select_related("area"),
        },
    )


@login_required
@roles_required(*EDITORS)
@require_POST
def condition_add(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    form = forms.ConditionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the condition: %(e)s") % {"e": form.errors.as_text()})
    else:
        try:
            services.condition_add(actor=request.user, program=program, condition=form.condition())
        except services.ProgramsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Condition added."))
    return redirect("programs:program_detail", code=program.code)


@login_required
@roles_required(*EDITORS)
@require_POST
def condition_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    condition = get_object_or_404(Condition, pk=pk, program__code=code)
    services.condition_remove(actor=request.user, condition=condition)
    messages.success(request, _("Condition removed."))
    return redirect("programs:program_detail", code=code)


@login_required
@roles_required(*EDITORS)
@require_POST
def quota_set(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    form = forms.QuotaForm(request.POST)
    area = (
        Area.objects.filter(code=form.data.get("area_code", "").strip()).first()
        if form.is_valid()
        else None
    )
    if area is None:
        messages.error(request, _("Unknown area code."))
    else:
        services.quota_set(
            actor=request.user, program=program, area=area, quota=form.cleaned_data["quota"]
        )
        messages.success(request, _("Saved."))
    return redirect("programs:program_detail", code=program.code)


@login_required
@roles_required(*READERS)
def program_eligibility(request: HttpRequest, code: str) -> HttpResponse:
    """Who is eligible in my areas: eligible and not enrolled, enrolled and no longer eligible."""
    program = _program(code)
    started = timezone.now()
    result = selectors.registry_eligibility(actor=request.user, programs=[program])[0]
    seconds = (timezone.now() - started).total_seconds()
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=program,
        summary=f"eligibility list {program.code}",
        request=request,
    )
    return render(
        request,
        "programs/eligibility.html",
        {
            "program": program,
            "result": result,
            "eligible_count": len(result.eligible),
            "missing": selectors.people_rows(actor=request.user, ids=result.eligible_not_enrolled),
            "missing_count": len(result.eligible_not_enrolled),
            "stale": selectors.people_rows(actor=request.user, ids=result.enrolled_not_eligible),
            "stale_count": len(result.enrolled_not_eligible),
            "seconds": seconds,
        },
    )


@login_required
@roles_required(*READERS)
@not_found_outside_scope
def person_why(request: HttpRequest, code: str, person_pk: int) -> HttpResponse:
    """Why this person is eligible for this program, or why not: each condition met or failed."""
    program = _program(code)
    person = person_get(actor=request.user, pk=person_pk)
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=person,
        request=request,
        summary=f"eligibility {program.code}",
    )
    from . import eligibility

    facts = next(
        f
        for f in selectors.eligibility_facts(person_ids=[person.pk], today=timezone.localdate())
        if f.person_id == person.pk
    )
    checks = eligibility.explain(
        selectors.conditions_of(program),
        facts,
        today=timezone.localdate(),
        labels=selectors.value_labels(),
    )
    enrolments = selectors.enrolment_list(actor=request.user, program=program, person=person)
    return render(
        request,
        "programs/why.html",
        {
            "program": program,
            "person": person,
            "checks": checks,
            "eligible": eligibility.verdict(checks),
            "enrolment": enrolments.filter(status__in=services.OPEN_ENROLMENT).first(),
            "propose_form": forms.ProposeForm(initial={"program": program.code}),
        },
    )


@login_required
@roles_required(*READERS)
@not_found_outside_scope
@require_POST
def enrolment_propose(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(actor=request.user, pk=person_pk)
    form = forms.ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a program."))
        return redirect("registry:person_detail", pk=person.pk)
    try:
        enrolment = services.enrolment_propose(
            actor=request.user,
            program=form.cleaned_data["program"],
            person=person,
            reason=form.cleaned_data["reason"],
        )
    except services.ProgramsError as exc:
        messages.error(request, exc.message)
        return redirect("registry:person_detail", pk=person.pk)
    messages.success(request, _("Proposed; a supervisor approves."))
    return redirect("programs:enrolment_detail", pk=enrolment.pk)


@login_required
@roles_required(*READERS)
def enrolment_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("program", "")
    program = _program(code) if code else None
    status = request.GET.get("status", "open")
    if status not in ("open", "", *EnrolmentStatus.values):
        status = "open"
    rows = list(selectors.enrolment_list(actor=request.user, program=program, status=status)[:300])
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="programs.enrolment",
        summary=f"enrolment list {code or 'all'} {status}",
        request=request,
    )
    return render(
        request,
        "programs/enrolment_list.html",
        {
            "rows": rows,
            "program": program,
            "status": status,
            "statuses": EnrolmentStatus.choices,
            "programs": selectors.program_list(),
        },
    )


@login_required
@roles_required(*READERS)
@not_found_outside_scope
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    audit_record(actor=request.user, action=Action.READ, obj=enrolment, request=request)
    if request.method == "POST":
        form = forms.TransitionForm(request.POST)
        if form.is_valid():
            try:
                services.enrolment_transition(
                    actor=request.user,
                    enrolment=enrolment,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                )
            except services.ProgramsError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
        return redirect("programs:enrolment_detail", pk=enrolment.pk)
    transitions = [
        (s, EnrolmentStatus(s).label) for s in services.allowed_transitions(enrolment, request.user)
    ]
    return render(
        request,
        "programs/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "events": enrolment.events.select_related("actor"),
            "deliveries": enrolment.deliveries.order_by("-period")[:24],
            "transitions": transitions,
        },
    )


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
    from django.urls import reverse

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
