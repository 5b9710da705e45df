"""Complaint pages: the public form and status page (no login), and the staff's handling."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, User
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record, client_ip
from pendamping.core.exceptions import OutOfScope
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.core.ratelimit import rate_limit
from pendamping.core.scope import scope_of
from pendamping.registry.nikmask import nik_display
from pendamping.wilayah.models import Area, Level

from .. import forms
from ..services import ProgramsError
from . import abuse, selectors, services
from .models import Category, Channel, ComplaintDeadline, ComplaintStatus

HANDLERS = services.HANDLERS


def kelurahan_choices(actor=None) -> list[tuple[int, str]]:
    scope = scope_of(actor) if actor is not None else None
    qs = Area.objects.filter(
        level__in=(Level.KELURAHAN, Level.DESA),
        valid_to__isnull=True,
        code__startswith=settings.PENDAMPING_REGION_CODE + ".",
    ).select_related("parent")
    if scope is not None and not scope.everything:
        qs = qs.filter(pk__in=scope.kelurahan_ids)
    return [(a.pk, f"{a.name} ({a.parent.name})") for a in qs.order_by("name")]


def _kelurahan(pk) -> Area | None:
    return Area.objects.filter(
        pk=pk, code__startswith=settings.PENDAMPING_REGION_CODE + "."
    ).first()


@rate_limit("complaint_form", limit=30, per=3600)
def public_new(request: HttpRequest) -> HttpResponse:
    """The public complaint form: no login; honeypot, rate limit and size limits against abuse."""
    form = forms.ComplaintForm(
        request.POST or None, request.FILES or None, kelurahan_choices=kelurahan_choices()
    )
    address = client_ip(request) or "unknown"
    if request.method == "POST":
        if form.data.get("website"):
            # A bot filled the hidden field: answer as if accepted, store nothing.
            return render(request, "programs/public_blocked.html", {"bot": True}, status=200)
        if abuse.over_limit(abuse.SUBMIT, address):
            return render(request, "programs/public_blocked.html", {"bot": False}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint, created = services.complaint_submit(
                    actor=None,
                    channel=Channel.WEB,
                    category=data["category"],
                    kelurahan=_kelurahan(data["kelurahan"]),
                    description=data["description"],
                    nik=data["nik"],
                    name=data["name"],
                    contact=data["contact"],
                    about_name=data["about_name"],
                    photo=data["photo"],
                )
            except ProgramsError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if created:
                    abuse.record_hit(abuse.SUBMIT, address)
                return render(
                    request,
                    "programs/public_done.html",
                    {
                        "complaint": complaint,
                        "pin": services.pin_for(complaint.code),
                        "again": not created,
                    },
                )
    return render(request, "programs/public_new.html", {"form": form})


@rate_limit("complaint_status", limit=120, per=3600)
def public_status(request: HttpRequest) -> HttpResponse:
    """Progress by tracking code and PIN; shows no personal data. Failed lookups are limited."""
    form = forms.StatusLookupForm(request.POST or None)
    complaint = None
    address = client_ip(request) or "unknown"
    status = 200
    if request.method == "POST" and form.is_valid():
        if abuse.over_limit(abuse.LOOKUP, address):
            form.add_error(None, _("Too many attempts from this connection; try again in an hour."))
            status = 429
        else:
            complaint = services.public_status(
                code=form.cleaned_data["code"], pin=form.cleaned_data["pin"]
            )
            if complaint is None:
                abuse.record_hit(abuse.LOOKUP, address)
                form.add_error(None, _("No complaint matches this code and PIN."))
    return render(
        request,
        "programs/public_status.html",
        {
            "form": form,
            "complaint": complaint,
            "events": selectors.public_events(complaint) if complaint else [],
        },
        status=status,
    )


@login_required
@roles_required(*HANDLERS)
def complaint_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    status = request.GET.get("status", "open")
    if status not in ("open", "", *ComplaintStatus.values):
        status = "open"
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    overdue = request.GET.get("overdue") == "1"
    rows = list(
        selectors.complaint_list(
            actor=request.user, mine=mine, status=status, category=category, overdue=overdue
        )[:300]
    )
    return render(
        request,
        "programs/complaint_list.html",
        {
            "rows": rows,
            "mine": mine,
            "status": status,
            "statuses": ComplaintStatus.choices,
            "category": category,
            "categories": Category.choices,
            "overdue": overdue,
        },
    )


@login_required
@roles_required(*HANDLERS)
def complaint_new(request: HttpRequest) -> HttpResponse:
    """An assistant records a complaint received by phone or in person."""
    form = forms.StaffComplaintForm(
        request.POST or None, request.FILES or None, kelurahan_choices=kelurahan_choices()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint, _created = services.complaint_submit(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                kelurahan=_kelurahan(data["kelurahan"]),
                description=data["description"],
                nik=data["nik"],
                name=data["name"],
                contact=data["contact"],
                about_name=data["about_name"],
                photo=data["photo"],
            )
        except ProgramsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Complaint %(code)s recorded. Give the complainant the code and PIN %(pin)s.")
                % {"code": complaint.code, "pin": services.pin_for(complaint.code)},
            )
            try:
                selectors.complaint_get(actor=request.user, pk=complaint.pk)
            except OutOfScope:
                return redirect("programs:complaint_list")
            return redirect("programs:complaint_detail", pk=complaint.pk)
    return render(request, "programs/complaint_new.html", {"form": form})


@login_required
@roles_required(*HANDLERS)
@not_found_outside_scope
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(actor=request.user, pk=pk)
    if request.method == "POST":
        form = forms.ComplaintActionForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        try:
            if data.get("to_status"):
                services.complaint_transition(
                    actor=request.user,
                    complaint=complaint,
                    to_status=data["to_status"],
                    note=data.get("note", ""),
                    answer=data.get("answer", ""),
                )
            else:
                services.complaint_note(
                    actor=request.user, complaint=complaint, note=data.get("note", "")
                )
        except ProgramsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("programs:complaint_detail", pk=complaint.pk)
    audit_record(actor=request.user, action=Action.READ, obj=complaint, request=request)
    return render(
        request,
        "programs/complaint_detail.html",
        {
            "c": complaint,
            "nik_shown": nik_display(request.user, complaint.nik),
            "events": complaint.events.select_related("actor"),
            "transitions": [
                (s, ComplaintStatus(s).label) for s in services.allowed_transitions(complaint)
            ],
            "action_form": forms.ComplaintActionForm(),
            "supervisors": User.objects.filter(role__in=CITY_WIDE_ROLES, is_active=True)
            if request.user.role in CITY_WIDE_ROLES
            else [],
        },
    )


@login_required
@roles_required(*CITY_WIDE_ROLES)
@not_found_outside_scope
@require_POST
def complaint_assign(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(actor=request.user, pk=pk)
    user = User.objects.filter(username=request.POST.get("username", ""), is_active=True).first()
    if user is None:
        messages.error(request, _("Unknown user."))
    else:
        try:
            services.complaint_assign(actor=request.user, complaint=complaint, user=user)
        except ProgramsError as exc:
            messages.error(request, exc.message)
    return redirect("programs:complaint_detail", pk=complaint.pk)


@login_required
@roles_required(*HANDLERS)
def complaint_figures(request: HttpRequest) -> HttpResponse:
    level = "kelurahan" if request.GET.get("level") == "kelurahan" else "kecamatan"
    return render(
        request,
        "programs/complaint_figures.html",
        {"rows": selectors.complaint_figures(actor=request.user, level=level), "level": level},
    )


@login_required
@roles_required(*HANDLERS)
def deadlines(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.DeadlineForm(request.POST)
        if form.is_valid():
            try:
                services.deadline_set(actor=request.user, **form.cleaned_data)
            except ProgramsError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Days must be between 1 and 365."))
        return redirect("programs:deadlines")
    rows = dict(ComplaintDeadline.objects.values_list("category", "days"))
    return render(
        request,
        "programs/deadlines.html",
        {
            "rows": [
                (value, label, rows.get(value, services.DEFAULT_DAYS[value]))
                for value, label in Category.choices
            ],
            "can_edit": request.user.role in CITY_WIDE_ROLES,
        },
    )
