"""The breach helper: whose records an account (or its exports) touched in a time window,
and the breach record with its 3x24-hour notification deadline (UU 27/2022 art. 46)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.core.exceptions import DomainError, ErrorCode

from .models import Action, AuditEvent, BreachReport, BreachStatus
from .services import audit_record


@dataclass
class Touched:
    person_ids: set[int] = field(default_factory=set)
    exports: list[AuditEvent] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)
    events: int = 0


def people_touched(*, account, start: datetime, end: datetime) -> Touched:
    """People whose records the account read, changed or exported between start and end:
    persons directly, households through their members, cases through their person. Exports
    are listed with their filters (the people in them are bounded by the account's scope)."""
    from pendamping.casework.models import Case
    from pendamping.registry.models import Person

    touched = Touched()
    households: set[int] = set()
    cases: set[int] = set()
    events = AuditEvent.objects.filter(actor=account, at__gte=start, at__lte=end).exclude(
        action__in=(Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED)
    )
    for event in events.iterator():
        touched.events += 1
        if event.action == Action.EXPORT:
            touched.exports.append(event)
            continue
        if not event.object_id.isdigit():
            if event.object_type:
                touched.other[event.object_type] = touched.other.get(event.object_type, 0) + 1
            continue
        pk = int(event.object_id)
        if event.object_type == "registry.person":
            touched.person_ids.add(pk)
        elif event.object_type == "registry.household":
            households.add(pk)
        elif event.object_type == "casework.case":
            cases.add(pk)
        else:
            touched.other[event.object_type] = touched.other.get(event.object_type, 0) + 1
    if households:
        touched.person_ids.update(
            Person.objects.filter(household_id__in=households).values_list("pk", flat=True)
        )
    if cases:
        touched.person_ids.update(
            Case.objects.filter(pk__in=cases).values_list("person_id", flat=True)
        )
    return touched


@transaction.atomic
def breach_record(
    *, actor, description: str, discovered_at: datetime, account, start: datetime, end: datetime
) -> BreachReport:
    if not description.strip():
        raise DomainError(ErrorCode.INVALID, _("Describe what happened."))
    if end < start:
        raise DomainError(ErrorCode.INVALID, _("The window ends before it starts."))
    count = len(people_touched(account=account, start=start, end=end).person_ids) if account else 0
    report = BreachReport.objects.create(
        discovered_at=discovered_at,
        description=description.strip(),
        account=account,
        window_from=start,
        window_to=end,
        people_count=count,
        recorded_by=actor,
    )
    audit_record(actor=actor, action=Action.ADMIN, obj=report, summary="breach recorded")
    return report


@transaction.atomic
def breach_notified(*, actor, report: BreachReport, notified_to: str) -> BreachReport:
    if not notified_to.strip():
        raise DomainError(ErrorCode.INVALID, _("Say whom you notified."))
    report.status = BreachStatus.NOTIFIED
    report.notified_at = timezone.now()
    report.notified_to = notified_to.strip()[:200]
    report.save(update_fields=["status", "notified_at", "notified_to"])
    audit_record(actor=actor, action=Action.ADMIN, obj=report, summary="breach notified")
    return report
