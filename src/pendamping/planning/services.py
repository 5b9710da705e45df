"""Planning owns the workforce registry (workers, their employment, their areas over time
through `accounts.Assignment`), the staffing norms, and the assistants' day plans.

Every write here is done by an administrator or supervisor (the day plan by the assistant),
runs in a transaction and is audited. Assignments are never edited or deleted: one is ended
(`valid_to`) and another started, so the history of who covered an area stays.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pendamping.accounts.models import CITY_WIDE_ROLES, Assignment, Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError
from pendamping.wilayah.models import Area, Level

from .models import EmploymentBasis, Worker, WorkerType

ROLE_OF_TYPE = {
    WorkerType.TKSK: Role.TKSK,
    WorkerType.PSM: Role.PSM,
    WorkerType.PKH: Role.PKH,
    WorkerType.PENYULUH: Role.PENYULUH,
    WorkerType.PEKSOS: Role.PEKSOS,
}
ASSIGNABLE_LEVELS = (Level.KOTA, Level.KABUPATEN, Level.KECAMATAN, Level.KELURAHAN, Level.DESA)


class PlanningErrorCode(StrEnum):
    FORBIDDEN = "planning_forbidden"
    INVALID = "invalid"
    DATES = "dates_out_of_order"
    OVERLAP = "assignment_overlaps"
    ENDED = "worker_ended"
    LEVEL = "area_level"


class PlanningError(DomainError):
    def __init__(self, code: PlanningErrorCode, message, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


def require_manager(actor) -> None:
    """The workforce registry is kept by the Dinas (administrators and supervisors)."""
    if getattr(actor, "role", None) not in CITY_WIDE_ROLES:
        raise PlanningError(
            PlanningErrorCode.FORBIDDEN, _("Only the Dinas can change the workforce registry.")
        )


def _unique_username(base: str) -> str:
    user_model = get_user_model()
    base = base[:140] or "relawan"
    name, n = base, 1
    while user_model.objects.filter(username=name).exists():
        n += 1
        name = f"{base}.{n}"
    return name


def worker_register(
    *,
    actor,
    name: str,
    worker_type: str,
    basis: str,
    started_on: dt.date,
    user=None,
    employer: str = "",
    phone: str = "",
    note: str = "",
    request=None,
) -> Worker:
    """Add a worker. Without `user`, an inactive account without a password is made so the
    worker's areas are recorded as assignments like everyone else's, but nobody can log in
    with it and no work is routed to it."""
    require_manager(actor)
    name = (name or "").strip()
    if not name:
        raise PlanningError(PlanningErrorCode.INVALID, _("Write the worker's name."), field="name")
    if worker_type not in WorkerType.values:
        raise PlanningError(PlanningErrorCode.INVALID, _("Choose the type."), field="worker_type")
    if basis not in EmploymentBasis.values:
        raise PlanningError(PlanningErrorCode.INVALID, _("Choose the basis."), field="basis")
    with transaction.atomic():
        if user is None:
            user = get_user_model()(
                username=_unique_username(f"{worker_type}.{slugify(name)}"),
                first_name=name[:150],
                role=ROLE_OF_TYPE.get(worker_type, Role.PSM),
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
        elif Worker.objects.filter(user=user).exists():
            raise PlanningError(
                PlanningErrorCode.INVALID, _("This account already has a worker profile.")
            )
        worker = Worker.objects.create(
            user=user,
            name=name,
            worker_type=worker_type,
            basis=basis,
            employer=employer,
            started_on=started_on,
            phone=phone,
            note=note,
        )
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=worker,
            summary=f"worker registered: {worker_type}",
            request=request,
        )
    return worker


def worker_end(*, actor, worker: Worker, ended_on: dt.date, request=None) -> Worker:
    """The worker leaves: their employment and every open assignment end on `ended_on`."""
    require_manager(actor)
    with transaction.atomic():
        worker = Worker.objects.select_for_update().get(pk=worker.pk)
        if ended_on < worker.started_on:
            raise PlanningError(
                PlanningErrorCode.DATES, _("The end is before the start."), field="ended_on"
            )
        worker.ended_on = ended_on
        worker.save(update_fields=["ended_on", "updated_at"])
        for assignment in _open_assignments(worker.user, ended_on):
            assignment.valid_to = max(ended_on, assignment.valid_from)
            assignment.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=worker,
            summary=f"worker ended {ended_on}",
            request=request,
        )
    return worker


def _open_assignments(user, on: dt.date):
    from django.db.models import Q

    return Assignment.objects.select_for_update().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), user=user
    )


def assignment_start(
    *, actor, worker: Worker, area: Area, valid_from: dt.date, note: str = "", request=None
) -> Assignment:
    """The worker starts covering `area` (a kelurahan, a kecamatan or the city)."""
    require_manager(actor)
    if area.level not in ASSIGNABLE_LEVELS or area.valid_to is not None:
        raise PlanningError(
            PlanningErrorCode.LEVEL,
            _("Choose a current kelurahan, kecamatan or city."),
            field="area",
        )
    if worker.ended_on and valid_from >= worker.ended_on:
        raise PlanningError(PlanningErrorCode.ENDED, _("The worker has left by that date."))
    if valid_from < worker.started_on:
        raise PlanningError(
            PlanningErrorCode.DATES,
            _("The assignment cannot start before the worker started."),
            field="valid_from",
        )
    from django.db.models import Q

    with transaction.atomic():
        Worker.objects.select_for_update().get(pk=worker.pk)
        overlapping = Assignment.objects.filter(user=worker.user, area=area).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from)
        )
        if overlapping.exists():
            raise PlanningError(
                PlanningErrorCode.OVERLAP, _("The worker already covers this area then.")
            )
        assignment = Assignment.objects.create(
            user=worker.user,
            area=area,
            valid_from=valid_from,
            valid_to=worker.ended_on,
            note=note,
        )
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=assignment,
            summary=f"assignment started: {area.code}",
            request=request,
        )
    return assignment


def assignment_end(*, actor, assignment: Assignment, valid_to: dt.date, request=None) -> Assignment:
    """End an assignment (kept as history). It covers [valid_from, valid_to)."""
    require_manager(actor)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.valid_to is not None and valid_to >= assignment.valid_to:
            raise PlanningError(
                PlanningErrorCode.INVALID, _("The assignment already ends by then.")
            )
        if valid_to <= assignment.valid_from:
            raise PlanningError(
                PlanningErrorCode.DATES,
                _("The end must be after the start."),
                field="valid_to",
            )
        assignment.valid_to = valid_to
        assignment.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=assignment,
            summary=f"assignment ended {valid_to}",
            request=request,
        )
    return assignment


def assignment_move(
    *, actor, worker: Worker, from_area: Area, to_area: Area, on: dt.date, request=None
) -> Assignment:
    """Move a worker from one area to another on a date: one ends, the other starts."""
    with transaction.atomic():
        current = (
            _open_assignments(worker.user, on).filter(area=from_area, valid_from__lt=on).first()
        )
        if current is None:
            raise PlanningError(
                PlanningErrorCode.INVALID, _("The worker does not cover that area then.")
            )
        assignment_end(actor=actor, assignment=current, valid_to=on, request=request)
        return assignment_start(
            actor=actor, worker=worker, area=to_area, valid_from=on, request=request
        )
