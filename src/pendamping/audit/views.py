"""Privacy pages: the register of processing purposes (public), emergency opening of a
person's restricted categories, data-subject access export, and the breach helper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import CITY_WIDE_ROLES, Role
from pendamping.core.exceptions import DomainError
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.registry import selectors as registry_selectors
from pendamping.registry import sensitive
from pendamping.registry.models import Person
from pendamping.registry.nikmask import nik_display

from . import breach as breach_module
from .dsar import subject_access_json
from .forms import BreachLookupForm, ReasonForm
from .models import Action, BreachReport, BreachStatus
from .register import purposes
from .services import audit_record


def processing_register(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/register.html", {"purposes": purposes()})


@login_required
@roles_required(*CITY_WIDE_ROLES)
@not_found_outside_scope
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    person = registry_selectors.person_get(actor=request.user, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sensitive.sensitive_break_glass(
                actor=request.user,
                person=person,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            messages.warning(request, _("Emergency opening logged."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "audit/break_glass.html", {"form": form, "person": person})


@login_required
@roles_required(*CITY_WIDE_ROLES)
@not_found_outside_scope
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = registry_selectors.person_get(actor=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        obj=person,
        summary="data-subject access export",
        request=request,
    )
    response = HttpResponse(subject_access_json(person=person), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{person.pk}.json"'
    return response


@login_required
@roles_required(Role.ADMIN)
def breach(request: HttpRequest) -> HttpResponse:
    form = BreachLookupForm(request.POST or None)
    touched = people = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        touched = breach_module.people_touched(
            account=data["account"], start=data["start"], end=data["end"]
        )
        people = list(
            Person.objects.filter(pk__in=touched.person_ids)
            .select_related("kelurahan")
            .order_by("name")[:1000]
        )
        for person in people:
            person.nik_shown = nik_display(request.user, person.nik)
        if data["description"].strip():
            report = breach_module.breach_record(
                actor=request.user,
                description=data["description"],
                discovered_at=timezone.now(),
                account=data["account"],
                start=data["start"],
                end=data["end"],
            )
            messages.warning(
                request,
                _("Breach recorded. Notify by %(when)s.")
                % {"when": timezone.localtime(report.notify_by).strftime("%d-%m-%Y %H:%M")},
            )
    open_reports = BreachReport.objects.filter(status=BreachStatus.OPEN)
    return render(
        request,
        "audit/breach.html",
        {"form": form, "touched": touched, "people": people, "open_reports": open_reports},
    )
