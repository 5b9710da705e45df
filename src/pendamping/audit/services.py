"""Writing to the audit log: the only way in, used by every app for reads, exports and writes."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from pendamping.core.logging import mask_digits

from .models import Action, AuditEvent, AuditHead

GENESIS = "0" * 64


def client_ip(request) -> str:
    """The caller's address; X-Forwarded-For counts only with PENDAMPING_TRUSTED_PROXY."""
    if request is None:
        return ""
    from django.conf import settings

    if getattr(settings, "PENDAMPING_TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def event_hash(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def hashed_fields(event: AuditEvent) -> dict:
    return {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "actor_role": event.actor_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "ip": event.ip,
        "path": event.path,
    }


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id=None,
    summary: str = "",
    request=None,
) -> AuditEvent:
    """Append one event. Full NIK/KK numbers in `summary` and the path are masked before they
    are stored. Passing `request` also tells the audit middleware this request is recorded."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_name=(user.get_username() if user else "")[:150],
        actor_role=(getattr(user, "role", "") if user else "")[:20],
        action=Action(action).value,
        object_type=object_type[:60],
        object_id="" if object_id is None else str(object_id)[:40],
        summary=mask_digits(summary)[:300],
        ip=client_ip(request),
        path=(mask_digits(request.get_full_path())[:300] if request is not None else ""),
    )
    if request is not None:
        request._pendamping_audited = True
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        event.prev_hash = head.last_hash
        event.hash = event_hash(head.last_hash, hashed_fields(event))
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return event


def audit_anchor(path=None) -> tuple[int, str]:
    """Append the chain's current end (count and hash) to a file outside the database, so that
    `audit verify` detects a log cut or rewritten as a whole (TRUNCATE of both tables, restore of
    an older copy). Ship that file off the machine with the backups."""
    from pathlib import Path

    from django.conf import settings

    head = AuditHead.objects.filter(id=1).first()
    count, digest = (head.count, head.last_hash) if head else (0, GENESIS)
    path = Path(path or settings.PENDAMPING_AUDIT_ANCHORS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{timezone.now().isoformat()} {count} {digest}\n")
    return count, digest
