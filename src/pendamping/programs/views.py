"""Program pages: thin views over the selectors (scope) and the services (rules, audit)."""

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
from pendamping.registry.selectors import person_get
from pendamping.wilayah.models import Area

from . import eligibility, forms, selectors, services
from .models import OPEN_ENROLMENT, Condition, EnrolmentStatus, Program

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
@not_found_outside_scope
def person_panel(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The programs panel of the person page, loaded after the page (htmx)."""
    person = person_get(actor=request.user, pk=person_pk)
    enrolments = selectors.person_enrolments(person=person)
    checks = selectors.person_eligibility(person=person)
    open_codes = {e.program.code for e in enrolments if e.status in OPEN_ENROLMENT}
    return render(
        request,
        "programs/_person_programs.html",
        {
            "person": person,
            "enrolments": enrolments,
            "checks": checks,
            "eligible": [
                r["program"]
                for r in checks
                if r["eligible"] and r["program"].code not in open_codes
            ],
        },
    )
