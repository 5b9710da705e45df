"""Casework pages: thin views over the selectors (scope and protection) and the services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.core.exceptions import OutOfScope
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.core.scope import get_scoped, scope_of
from pendamping.registry.search import person_search
from pendamping.registry.selectors import person_get
from pendamping.wilayah.models import Area, Level

from . import forms, selectors, services
from .models import CaseStatus, PlanGoal
from .roles import role_options

ROLES = services.CASEWORK_ROLES


def _kelurahan_choices(actor) -> list[tuple[int, str]]:
    scope = scope_of(actor)
    qs = Area.objects.filter(level__in=(Level.KELURAHAN, Level.DESA), valid_to__isnull=True)
    if scope.everything:
        qs = qs.filter(code__startswith=settings.PENDAMPING_REGION_CODE + ".")
    else:
        qs = qs.filter(pk__in=scope.kelurahan_ids)
    return [(a.pk, a.display_name) for a in qs.order_by("name")]


def _error_to_form(form, exc: services.CaseworkError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
@roles_required(*ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    everyone = request.GET.get("all") == "1"
    status = request.GET.get("status", "open")
    if status not in ("open", "", *CaseStatus.values):
        status = "open"
    cases = list(selectors.case_list(request.user, mine=not everyone, status=status)[:200])
    return render(
        request,
        "casework/case_list.html",
        {"cases": cases, "everyone": everyone, "status": status, "statuses": CaseStatus.choices},
    )


@login_required
@roles_required(*ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """The assistant's casework home (the panel others may include on the main home)."""
    return render(request, "casework/home.html", {"panel": selectors.home_panel(request.user)})


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def case_new(request: HttpRequest) -> HttpResponse:
    try:
        person = person_get(actor=request.user, pk=int(request.GET.get("person", "")))
    except ValueError as exc:
        raise Http404 from exc
    form = forms.CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                person=person,
                category=data["category"],
                problem=data["problem"],
                strengths=data["strengths"],
                urgency=data["urgency"],
                household_level=data["household_level"],
                protection=data["protection"],
                protection_kind=data["protection_kind"],
                goals=[(data["goal"], data["goal_due"])] if data["goal"] else None,
            )
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Case opened."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(request, "casework/case_form.html", {"form": form, "person": person})


@login_required
@roles_required(*ROLES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if selectors.case_needs_break_glass(request.user, pk):
        form = forms.BreakGlassForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.case_break_glass(
                actor=request.user, case_id=pk, reason=form.cleaned_data["reason"]
            )
            messages.warning(request, _("Emergency opening logged."))
            return redirect("casework:case_detail", pk=pk)
        return render(request, "casework/break_glass.html", {"form": form, "pk": pk})
    try:
        case = selectors.case_get(request.user, pk)
    except OutOfScope as exc:
        raise Http404 from exc
    context = {
        "case": case,
        **selectors.case_detail(case),
        "transitions": [
            (s, CaseStatus(s).label)
            for s in services.allowed_transitions(case)
            if s != CaseStatus.CLOSED
        ],
        "can_close": CaseStatus.CLOSED in services.allowed_transitions(case),
        "can_join": request.user.role in services.FIELD_ROLES
        and request.user != case.lead
        and request.user not in selectors.case_detail_members(case),
        "goal_form": forms.GoalForm(),
        "review_form": forms.ReviewForm(),
        "close_form": forms.CloseForm(),
        "escalation_form": forms.EscalationForm(),
    }
    return render(request, "casework/case_detail.html", context)


def _case_post(request, pk: int, action) -> HttpResponse:
    try:
        case = selectors.case_get(request.user, pk)
    except OutOfScope as exc:
        raise Http404 from exc
    try:
        done = action(case)
    except services.CaseworkError as exc:
        messages.error(request, exc.message)
    else:
        if done is not False:
            messages.success(request, _("Saved."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@roles_required(*ROLES)
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        pk,
        lambda case: services.case_transition(
            actor=request.user, case=case, to_status=request.POST.get("to_status", "")
        ),
    )


@login_required
@roles_required(*ROLES)
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.CloseForm(request.POST)

    def close(case):
        if not form.is_valid():
            raise services.CaseworkError(
                services.CaseworkErrorCode.OUTCOME_REQUIRED, _("Choose an outcome.")
            )
        return services.case_close(
            actor=request.user,
            case=case,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )

    return _case_post(request, pk, close)


@login_required
@roles_required(*ROLES)
@require_POST
def case_join(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        pk,
        lambda case: services.case_join(actor=request.user, case=case, user=request.user),
    )


@login_required
@roles_required(*ROLES)
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.GoalForm(request.POST)

    def add(case):
        if not form.is_valid():
            raise services.CaseworkError(services.CaseworkErrorCode.INVALID, _("Write the goal."))
        return services.goal_add(
            actor=request.user,
            case=case,
            text=form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
        )

    return _case_post(request, pk, add)


@login_required
@roles_required(*ROLES)
@require_POST
def goal_toggle(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    def toggle(case):
        goal = get_object_or_404(PlanGoal, pk=goal_pk, case=case)
        services.goal_toggle(actor=request.user, goal=goal)
        return False

    return _case_post(request, pk, toggle)


@login_required
@roles_required(*ROLES)
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.ReviewForm(request.POST)

    def add(case):
        if not form.is_valid():
            raise services.CaseworkError(
                services.CaseworkErrorCode.INVALID, _("Write the progress.")
            )
        return services.review_add(actor=request.user, case=case, **form.cleaned_data)

    return _case_post(request, pk, add)


@login_required
@roles_required(*ROLES)
@require_POST
def escalation_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.EscalationForm(request.POST)

    def add(case):
        if not form.is_valid():
            raise services.CaseworkError(services.CaseworkErrorCode.INVALID, _("Choose the body."))
        return services.escalation_add(actor=request.user, case=case, **form.cleaned_data)

    return _case_post(request, pk, add)


def _household_of(actor, case) -> list:
    """The people an activity on a case may involve: the person's household members."""
    if case is None:
        return []
    from pendamping.registry.selectors import household_members

    return list(household_members(actor=actor, household=case.person.household))


@login_required
@roles_required(*ROLES)
def activity_new(request: HttpRequest) -> HttpResponse:
    case = None
    if request.GET.get("case"):
        try:
            case = selectors.case_get(request.user, int(request.GET["case"]))
        except (OutOfScope, ValueError) as exc:
            raise Http404 from exc
    form = forms.ActivityForm(request.POST or None)
    form.fields["kelurahan"].choices = _kelurahan_choices(request.user)
    if case is not None:
        del form.fields["kelurahan"]
    household = _household_of(request.user, case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = set(request.POST.getlist("people"))
        people = [p for p in household if str(p.pk) in wanted]
        try:
            services.activity_record(
                people=people,
                actor=request.user,
                case=case,
                kelurahan_id=data.get("kelurahan"),
                kind=data["kind"],
                roles=data["roles"],
                on=data["date"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                notes=data["notes"],
                client_id=data["client_id"] or None,
            )
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        except OutOfScope as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Activity recorded."))
            if case is not None:
                return redirect("casework:case_detail", pk=case.pk)
            return redirect("casework:home")
    return render(
        request,
        "casework/activity_form.html",
        {
            "form": form,
            "case": case,
            "roles": role_options(),
            "checked": form["roles"].value() or [],
            "household": household,
            "people_checked": (request.POST.getlist("people") or [str(case.person_id)])
            if case
            else [],
        },
    )


@login_required
@roles_required(*ROLES)
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = selectors.case_get(request.user, pk)
    except OutOfScope as exc:
        raise Http404 from exc
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(actor=request.user, case=case, **form.cleaned_data)
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("casework:referral_detail", pk=referral.pk)
    return render(request, "casework/referral_form.html", {"form": form, "case": case})


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(request.user, pk)
    allowed = services.REFERRAL_TRANSITIONS[referral.status]
    form = forms.ReferralAnswerForm(request.POST or None)
    form.fields["to_status"].choices = [
        (s, label) for s, label in form.fields["to_status"].choices if s in allowed
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_transition(actor=request.user, referral=referral, **form.cleaned_data)
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:referral_detail", pk=referral.pk)
    return render(
        request,
        "casework/referral_detail.html",
        {
            "referral": referral,
            "form": form if allowed else None,
            "events": list(referral.events.select_related("actor")),
        },
    )


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def referral_letter(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(request.user, pk)
    return render(
        request,
        "casework/referral_letter.html",
        {"referral": referral, "org_name": settings.PENDAMPING_ORG_NAME},
    )


@login_required
@roles_required(*ROLES)
def referral_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_referrals(request.user).select_related("agency", "person")
    if request.user.role not in ("admin", "supervisor"):
        qs = qs.filter(Q(referred_by=request.user) | Q(case__lead=request.user))
    return render(request, "casework/referral_list.html", {"referrals": list(qs[:200])})


@login_required
@roles_required(*ROLES)
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/agency_list.html", {"agencies": selectors.agency_list()})


@login_required
@roles_required(*ROLES)
def mediation_list(request: HttpRequest) -> HttpResponse:
    form = forms.MediationForm(request.POST or None)
    form.fields["kelurahan"].choices = _kelurahan_choices(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            mediation = services.mediation_open(
                actor=request.user,
                kelurahan_id=form.cleaned_data["kelurahan"],
                subject=form.cleaned_data["subject"],
                other_parties=form.cleaned_data["other_parties"],
            )
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        except OutOfScope as exc:
            raise Http404 from exc
        else:
            return redirect("casework:mediation_detail", pk=mediation.pk)
    mediations = selectors.mediation_list(request.user).select_related("kelurahan", "mediator")
    return render(
        request,
        "casework/mediation_list.html",
        {"mediations": list(mediations[:100]), "form": form},
    )


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = get_scoped(selectors.mediation_list(request.user), request.user, pk=pk)
    form = forms.MediationSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mediation_session_add(actor=request.user, mediation=mediation, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("casework:mediation_detail", pk=pk)
    return render(
        request,
        "casework/mediation_detail.html",
        {
            "mediation": mediation,
            "sessions": list(mediation.sessions.all()),
            "parties": list(mediation.parties.all()),
            "form": form,
        },
    )


@login_required
@roles_required(*ROLES)
def event_list(request: HttpRequest) -> HttpResponse:
    from pendamping.registry.services import RegistryError, rt_resolve

    form = forms.EventForm(request.POST or None)
    form.fields["kelurahan"].choices = _kelurahan_choices(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kelurahan = Area.objects.get(pk=data["kelurahan"])
        try:
            area = (
                rt_resolve(actor=request.user, kelurahan=kelurahan, rw=data["rw"], rt=data["rt"])
                or kelurahan
            )
            services.event_plan(
                actor=request.user,
                topic=data["topic"],
                program=data["program"],
                area=area,
                on=data["date"],
                target_group=data["target_group"],
                materials=data["materials"],
            )
        except (services.CaseworkError, RegistryError) as exc:
            form.add_error(None, exc.message)
        except OutOfScope as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Event planned."))
            return redirect("casework:event_list")
    events = list(selectors.event_list(request.user)[:100])
    return render(request, "casework/event_list.html", {"events": events, "form": form})


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_scoped(selectors.event_list(request.user), request.user, pk=pk)
    form = forms.EventHeldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_held(actor=request.user, event=event, **form.cleaned_data)
        except services.CaseworkError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:event_detail", pk=pk)
    return render(
        request,
        "casework/event_detail.html",
        {"event": event, "form": form, "facilitators": list(event.facilitators.all())},
    )


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def case_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    initial = {
        "category": case.category.code,
        "problem": case.problem,
        "strengths": case.strengths,
        "urgency": case.urgency,
    }
    form = forms.AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            services.case_assessment_update(actor=request.user, case=case, note=note, **data)
        except services.CaseworkError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:case_detail", pk=pk)
    return render(request, "casework/case_assessment.html", {"form": form, "case": case})


@login_required
@roles_required(*ROLES)
@not_found_outside_scope
def mediation_parties(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the registry for a party (htmx, as you type) and add or remove one."""
    mediation = get_scoped(selectors.mediation_list(request.user), request.user, pk=pk)
    if request.method == "POST":
        if request.POST.get("remove"):
            services.mediation_party_remove(
                actor=request.user, mediation=mediation, person_id=int(request.POST["remove"])
            )
        else:
            person = person_get(actor=request.user, pk=int(request.POST.get("person", "0")))
            services.mediation_party_add(actor=request.user, mediation=mediation, person=person)
        messages.success(request, _("Saved."))
        return redirect("casework:mediation_detail", pk=pk)
    query = request.GET.get("q", "").strip()[:100]
    found = person_search(actor=request.user, query=query, limit=10) if len(query) >= 3 else []
    return render(
        request,
        "casework/_party_results.html",
        {"mediation": mediation, "found": found, "query": query},
    )
