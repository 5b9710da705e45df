"""Sensitive PPKS categories (HIV, drug use, trafficking, children in conflict with the law,
victims of violence, sex work): specific personal data under UU 27/2022.

Seeing that a person has such a category is allowed to those assigned: the worker who
assessed it, and the assistants of the person's cases; a supervisor may open it in an
emergency with a reason (break the glass), recorded in the audit log and valid for some hours.
Everyone else in scope sees that restricted categories exist, not which. Such categories are
never a search filter, so no list of "everyone with HIV" can be drawn.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import CITY_WIDE_ROLES
from pendamping.audit.models import Action, AuditEvent
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError, ErrorCode

from .models import PpksCategory

BREAK_GLASS_HOURS = 8
PPKS_CHANGE_FIELD = "ppks"


def sensitive_codes() -> frozenset[str]:
    return frozenset(PpksCategory.objects.filter(sensitive=True).values_list("code", flat=True))


def searchable_category(code: str | None) -> str | None:
    """A category code usable as a search filter: sensitive ones are dropped."""
    if code and code in sensitive_codes():
        return None
    return code


def _granted(actor, person) -> bool:
    since = timezone.now() - timedelta(hours=BREAK_GLASS_HOURS)
    return AuditEvent.objects.filter(
        actor=actor,
        action=Action.BREAK_GLASS,
        object_type="registry.person",
        object_id=str(person.pk),
        at__gte=since,
    ).exists()


def _case_assistant(actor, person) -> bool:
    from pendamping.casework.models import Case

    return Case.objects.filter(person=person).filter(Q(lead=actor) | Q(members=actor)).exists()


def may_read_all_sensitive(actor, person) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return _case_assistant(actor, person) or _granted(actor, person)


def shown_classifications(actor, person, classifications) -> tuple[list, int]:
    """The classifications this actor may see, and how many sensitive ones are withheld."""
    rows = list(classifications)
    if not any(c.category.sensitive for c in rows):
        return rows, 0
    everything = may_read_all_sensitive(actor, person)
    shown = [
        c
        for c in rows
        if not c.category.sensitive or everything or c.assessed_by_id == getattr(actor, "pk", None)
    ]
    return shown, len(rows) - len(shown)


def hide_sensitive_changes(actor, person, changes) -> list:
    """Timeline entries with sensitive category codes hidden from those not assigned."""
    changes = list(changes)
    codes = sensitive_codes()
    if may_read_all_sensitive(actor, person):
        return changes
    for change in changes:
        values = (change.fields or {}).get(PPKS_CHANGE_FIELD)
        if values and any(v in codes for v in values) and change.actor_id != actor.pk:
            change.fields = {
                **change.fields,
                PPKS_CHANGE_FIELD: [None if v is None else _("restricted") for v in values],
            }
    return changes


def needs_break_glass(actor, person, withheld: int) -> bool:
    return withheld > 0 and getattr(actor, "role", None) in CITY_WIDE_ROLES


@transaction.atomic
def sensitive_break_glass(*, actor, person, reason: str, request=None) -> None:
    """A supervisor opens a person's restricted categories in an emergency, with a reason."""
    if getattr(actor, "role", None) not in CITY_WIDE_ROLES:
        raise DomainError(ErrorCode.FORBIDDEN, _("Only a supervisor may open it in an emergency."))
    reason = reason.strip()
    if len(reason) < 10:
        raise DomainError(ErrorCode.INVALID, _("Give the reason (at least 10 characters)."))
    audit_record(
        actor=actor,
        action=Action.BREAK_GLASS,
        obj=person,
        summary=f"sensitive categories: {reason}"[:300],
        request=request,
    )
