"""Reading the audit log: who looked at a record, and whether the chain is intact."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import AuditEvent, AuditHead
from .services import GENESIS, event_hash, hashed_fields


def audit_events_for(*, object_type: str, object_id) -> QuerySet[AuditEvent]:
    """Everything recorded about one record, newest first (callers check the viewer may see it)."""
    return AuditEvent.objects.filter(
        object_type=object_type, object_id=str(object_id)
    ).select_related("actor")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    problems: list[str]


def audit_verify(*, batch: int = 5000) -> ChainReport:
    """Recompute every hash in order; report edited, deleted, inserted or truncated entries."""
    problems: list[str] = []
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev:
                problems.append(
                    f"#{event.id}: the entry before it is missing or was changed "
                    f"(expected link {prev[:12]}…, found {event.prev_hash[:12]}…)"
                )
            if event_hash(event.prev_hash, hashed_fields(event)) != event.hash:
                problems.append(f"#{event.id}: the entry was edited after it was written")
            prev = event.hash
            checked += 1
            last_id = event.id
    head = AuditHead.objects.filter(id=1).first()
    if head is not None:
        if head.last_hash != prev:
            problems.append(
                "the newest entries were deleted (the chain ends before its recorded end)"
            )
        if head.count != checked:
            problems.append(f"{head.count} entries were written but {checked} are present")
    elif checked:
        problems.append("the chain head is missing")
    return ChainReport(ok=not problems, checked=checked, problems=problems)
