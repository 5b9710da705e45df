"""Writes of the linkage app: verval tasks are created here by reconciliation, complaints and
mobility, and follow their person when a move is confirmed."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError
from pendamping.core.handover import HandoverContext, OpenItem

from .models import VervalSource, VervalStatus, VervalTask

DEFAULT_DAYS_TO_DUE = 14


@transaction.atomic
def verval_task_create(
    *,
    actor,
    reason: str,
    source: str,
    person=None,
    kelurahan=None,
    subject: str = "",
    source_ref: str = "",
    due_on: date | None = None,
    assignee=None,
) -> VervalTask:
    """Open a field check, routed to whoever covers the area unless an assignee is given.
    A second open task for the same person and source reference is not created twice."""
    if person is None and kelurahan is None:
        raise DomainError("verval_no_area", _("A field check needs a person or a kelurahan."))
    if source not in VervalSource.values:
        raise DomainError("verval_source", _("Unknown source of a field check."))
    kelurahan = kelurahan or person.kelurahan
    if person is not None and source_ref:
        existing = VervalTask.objects.filter(
            person=person, source=source, source_ref=source_ref, status=VervalStatus.OPEN
        ).first()
        if existing is not None:
            return existing
    task = VervalTask.objects.create(
        person=person,
        kelurahan=kelurahan,
        subject=(subject or (person.name if person is not None else ""))[:200],
        assignee=assignee or assistant_for_kelurahan(kelurahan),
        source=source,
        source_ref=source_ref[:60],
        reason=reason[:300],
        due_on=due_on or timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_DUE),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action=Action.WRITE, obj=task, summary=f"verval task: {reason}")
    return task


class VervalHandover:
    """Open field checks follow the person to the destination's assistant."""

    kind = "verval_task"

    def open_items(self, *, person_ids) -> list[OpenItem]:
        tasks = VervalTask.objects.filter(person_id__in=person_ids, status=VervalStatus.OPEN)
        return [
            OpenItem("verval_task", t.pk, f"{_('Verval task')}: {t.reason}", owner_id=t.assignee_id)
            for t in tasks
        ]

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        tasks = list(
            VervalTask.objects.select_for_update().filter(
                person_id__in=context.person_ids, status=VervalStatus.OPEN
            )
        )
        moved = []
        for task in tasks:
            task.handover_note = (task.handover_note + "\n" + context.note).strip()
            if context.left_city:
                task.status = VervalStatus.CANCELLED
                task.result_notes = (task.result_notes + "\n" + context.note).strip()
            else:
                if context.to_kelurahan_id:
                    task.kelurahan_id = context.to_kelurahan_id
                task.assignee = context.to_user
            task.save()
            moved.append(
                OpenItem(
                    "verval_task",
                    task.pk,
                    f"{_('Verval task')}: {task.reason}",
                    owner_id=task.assignee_id,
                )
            )
        return moved
