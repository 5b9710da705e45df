"""Reading the audit log: who looked at a record, and whether the chain is intact."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Action, AuditEvent, AuditHead
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
    # A TRUNCATE or a restore of an older copy leaves a chain valid in itself; the anchors
    # written outside the database still name entries it must contain.
    anchors = dict(anchors_read())
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
            if anchors.get(checked, event.hash) != event.hash:
                problems.append(f"entry {checked} differs from its anchor: the log was rewritten")
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
    for count in sorted(c for c in anchors if c > checked):
        problems.append(
            f"the anchor of entry {count} is beyond the {checked} entries present: "
            "the log was cut or an older copy restored"
        )
    return ChainReport(ok=not problems, checked=checked, problems=problems)


def anchors_read(path=None) -> list[tuple[int, str]]:
    """(count, hash) pairs from the anchor file outside the database (see `audit_anchor`)."""
    from pathlib import Path

    from django.conf import settings

    path = Path(path or settings.PENDAMPING_AUDIT_ANCHORS)
    if not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit() and len(parts[2]) == 64:
            anchors.append((int(parts[1]), parts[2]))
    return anchors


LOOK_ACTIONS = (Action.READ, Action.API_READ, Action.WRITE, Action.BREAK_GLASS, Action.EXPORT)


def may_see_access_history(actor, person) -> bool:
    """Supervisors, and the person's own assistants (field workers whose areas cover the
    person, or who lead or joined one of their cases); never RT/RW reporters."""
    from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
    from pendamping.core.scope import area_in_scope

    role = getattr(actor, "role", None)
    if role in CITY_WIDE_ROLES:
        return True
    if role not in FIELD_ROLES:
        return False
    if area_in_scope(actor, person.kelurahan_id):
        return True
    from pendamping.casework.models import Case

    return Case.objects.filter(person=person).filter(lead=actor).exists() or (
        Case.objects.filter(person=person, members=actor).exists()
    )


def person_access_history(*, person, limit: int = 20) -> list[AuditEvent]:
    """Who read, changed or exported this person's record, newest first."""
    from django.db.models import Q

    from pendamping.casework.models import Case

    case_ids = [str(pk) for pk in Case.objects.filter(person=person).values_list("pk", flat=True)]
    about = Q(object_type="registry.person", object_id=str(person.pk)) | Q(
        object_type="registry.household", object_id=str(person.household_id)
    )
    if case_ids:
        about |= Q(object_type="casework.case", object_id__in=case_ids)
    return list(
        AuditEvent.objects.filter(about, action__in=LOOK_ACTIONS)
        .select_related("actor")
        .order_by("-id")[:limit]
    )
