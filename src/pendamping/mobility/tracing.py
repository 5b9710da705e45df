"""Writes of the tracing of people nobody can find (the services of the tracing list).

A record opens when a report "whereabouts unknown" (or a move to an unknown place) is confirmed,
or from a verval result "not found". The assistant records each attempt (how, who was asked,
outcome). After `PENDAMPING_TRACING_MAX_ATTEMPTS` failed attempts (default 3) the record is
proposed for deactivation to a supervisor, who deactivates it (open work is closed) or keeps
the search going (the count starts again).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import CITY_WIDE_ROLES, Role, User
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core import handover
from pendamping.core.exceptions import OutOfScope
from pendamping.core.notifications import notify
from pendamping.core.scope import get_scoped
from pendamping.registry import services as registry
from pendamping.registry.models import ChangeSource, Person, RecordStatus

from .models import (
    AttemptMethod,
    AttemptOutcome,
    TracingAttempt,
    TracingRecord,
    TracingSource,
    TracingStatus,
)
from .services import CONFIRMING_ROLES, MobilityError, MobilityErrorCode

ACTIVE = (TracingStatus.OPEN, TracingStatus.PROPOSED)


def max_attempts() -> int:
    return int(getattr(settings, "PENDAMPING_TRACING_MAX_ATTEMPTS", 3))


def _address(person: Person) -> str:
    household = person.household
    parts = [household.address]
    if household.rt_id:
        parts.append(household.rt.name)
    parts.append(household.kelurahan.name)
    return ", ".join(p for p in parts if p)[:255]


@transaction.atomic
def tracing_open(
    *,
    actor,
    person: Person,
    source: str,
    source_ref: str = "",
    last_seen_on: dt.date | None = None,
    request=None,
) -> TracingRecord:
    """Put a person on the tracing list of their area (once: an active record is reused)."""
    if getattr(actor, "role", None) not in CONFIRMING_ROLES:
        raise OutOfScope
    person = get_scoped(
        Person.objects.select_related("household__rt", "household__kelurahan"), actor, pk=person.pk
    )
    existing = TracingRecord.objects.filter(person=person, status__in=ACTIVE).first()
    if existing is not None:
        return existing
    if last_seen_on is None:
        from .selectors import last_seen

        last_seen_on = last_seen([person.pk]).get(person.pk)
    try:
        with transaction.atomic():
            record = TracingRecord.objects.create(
                person=person,
                kelurahan_id=person.kelurahan_id,
                rt_id=person.rt_id,
                last_known_address=_address(person),
                last_seen_on=last_seen_on,
                source=source,
                source_ref=source_ref[:40],
                opened_by=actor,
            )
    except IntegrityError:  # opened at the same moment by someone else
        return TracingRecord.objects.get(person=person, status__in=ACTIVE)
    audit_record(
        actor=actor, action=Action.WRITE, obj=record, summary="tracing opened", request=request
    )
    return record


def tracing_open_for_report(*, actor, person: Person, report) -> TracingRecord:
    return tracing_open(
        actor=actor,
        person=person,
        source=TracingSource.REPORT,
        source_ref=f"report:{report.pk}",
        last_seen_on=timezone.localtime(report.event_at).date(),
    )


def tracing_open_from_verval(*, actor, task, request=None) -> TracingRecord:
    """A verval result "not found" starts the search for the person checked."""
    return tracing_open(
        actor=actor,
        person=task.person,
        source=TracingSource.VERVAL,
        source_ref=f"verval:{task.pk}",
        request=request,
    )


def tracing_close_found(*, actor, people: list[Person], note: str) -> int:
    """People located by a confirmed report leave the tracing list."""
    return TracingRecord.objects.filter(
        person__in=[p.pk for p in people], status__in=ACTIVE
    ).update(
        status=TracingStatus.FOUND,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note[:2000],
    )


def failed_attempts(record: TracingRecord) -> int:
    return (
        record.attempts.filter(created_at__gte=record.counted_from)
        .exclude(outcome=AttemptOutcome.FOUND)
        .count()
    )


@transaction.atomic
def tracing_attempt_add(
    *,
    actor,
    record: TracingRecord,
    method: str,
    outcome: str,
    contacts_asked: str = "",
    notes: str = "",
    attempted_on: dt.date | None = None,
    request=None,
) -> TracingAttempt:
    if getattr(actor, "role", None) not in CONFIRMING_ROLES:
        raise OutOfScope
    get_scoped(TracingRecord.objects.all(), actor, pk=record.pk)
    record = (
        TracingRecord.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=record.pk)
    )
    if record.status not in ACTIVE:
        raise MobilityError(
            MobilityErrorCode.TRANSITION, _("This tracing record is closed."), field="outcome"
        )
    if method not in AttemptMethod.values:
        raise MobilityError(MobilityErrorCode.KIND, _("Choose how you searched."), field="method")
    if outcome not in AttemptOutcome.values:
        raise MobilityError(MobilityErrorCode.KIND, _("Choose the outcome."), field="outcome")
    attempted_on = attempted_on or timezone.localdate()
    if attempted_on > timezone.localdate():
        raise MobilityError(
            MobilityErrorCode.WHEN, _("The date is in the future."), field="attempted_on"
        )
    attempt = TracingAttempt.objects.create(
        record=record,
        actor=actor,
        attempted_on=attempted_on,
        method=method,
        outcome=outcome,
        contacts_asked=" ".join(contacts_asked.split())[:255],
        notes=notes.strip()[:2000],
    )
    if outcome == AttemptOutcome.FOUND:
        record.status = TracingStatus.FOUND
        record.decided_by, record.decided_at = actor, timezone.now()
        record.decision_note = notes.strip()[:2000]
        record.save()
        if record.person.status == RecordStatus.NOT_FOUND:
            registry.person_set_status(
                actor=actor,
                person=record.person,
                status=RecordStatus.ACTIVE,
                source=ChangeSource.MOBILITY,
                note=_("Found by tracing (record #%(id)s)") % {"id": record.pk},
            )
    elif record.status == TracingStatus.OPEN and failed_attempts(record) >= max_attempts():
        record.status = TracingStatus.PROPOSED
        record.proposed_at = timezone.now()
        record.save()
        for supervisor in User.objects.filter(role=Role.SUPERVISOR, is_active=True):
            notify(
                user=supervisor,
                text=_("Proposed for deactivation after %(n)s failed tracing attempts: %(who)s")
                % {"n": max_attempts(), "who": record.person.name},
                url=f"/mobility/tracing/{record.pk}/",
                kind="tracing_proposal",
            )
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=record,
        summary=f"tracing attempt {outcome}",
        request=request,
    )
    return attempt


@transaction.atomic
def tracing_decide(
    *, actor, record: TracingRecord, deactivate: bool, note: str = "", request=None
) -> TracingRecord:
    """A supervisor's decision on a proposal: deactivate (open work about the person is closed
    with the reason) or keep searching (failed attempts are counted again from now)."""
    if getattr(actor, "role", None) not in CITY_WIDE_ROLES:
        raise OutOfScope
    record = (
        TracingRecord.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=record.pk)
    )
    if record.status != TracingStatus.PROPOSED:
        raise MobilityError(
            MobilityErrorCode.TRANSITION, _("Nothing to decide: not proposed for deactivation.")
        )
    note = note.strip()
    if not note:
        raise MobilityError(MobilityErrorCode.REASON, _("Write a short reason."), field="note")
    record.decided_by, record.decided_at, record.decision_note = actor, timezone.now(), note[:2000]
    if deactivate:
        record.status = TracingStatus.DEACTIVATED
        if record.person.status != RecordStatus.NOT_FOUND:
            registry.person_set_status(
                actor=actor,
                person=record.person,
                status=RecordStatus.NOT_FOUND,
                source=ChangeSource.MOBILITY,
                note=note,
            )
        handover.hand_over(
            context=handover.HandoverContext(
                person_ids=[record.person_id],
                actor=actor,
                note=_("Deactivated after tracing (record #%(id)s): %(note)s")
                % {"id": record.pk, "note": note},
                left_city=True,
                source=f"tracing #{record.pk}",
                extra={"reason": "not_found"},
            )
        )
    else:
        record.status = TracingStatus.OPEN
        record.counted_from = timezone.now()
        record.proposed_at = None
    record.save()
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=record,
        summary="tracing deactivated" if deactivate else "tracing kept open",
        request=request,
    )
    return record
