"""Complaint reads. Field workers see complaints of their areas except those about an
assistant's conduct, which only supervisors and administrators see."""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from django.db.models import QuerySet
from django.utils import timezone

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scoped

from .models import OPEN_COMPLAINT, Category, Complaint, ComplaintStatus


def visible(actor) -> QuerySet[Complaint]:
    role = getattr(actor, "role", None)
    qs = Complaint.objects.all()
    if role in CITY_WIDE_ROLES:
        return scoped(qs, actor)
    if role in FIELD_ROLES:
        return (
            scoped(qs, actor).exclude(category=Category.ASSISTANT_CONDUCT).exclude(about_user=actor)
        )
    return qs.none()


def complaint_list(
    *, actor, mine: bool = False, status: str = "open", category: str = "", overdue: bool = False
) -> QuerySet[Complaint]:
    qs = visible(actor).select_related("kelurahan", "assignee")
    if mine:
        qs = qs.filter(assignee=actor)
    if status == "open":
        qs = qs.filter(status__in=OPEN_COMPLAINT)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.filter(status__in=OPEN_COMPLAINT, due_at__lt=timezone.now())
    return qs.order_by("due_at", "pk")


def complaint_get(*, actor, pk: int) -> Complaint:
    try:
        return visible(actor).select_related("kelurahan__parent", "assignee", "person").get(pk=pk)
    except Complaint.DoesNotExist as exc:
        raise OutOfScope from exc


def complaint_figures(*, actor, level: str = "kecamatan") -> list[dict]:
    """Per area and category: received, resolved, median days to resolve, overdue now."""
    now = timezone.now()
    rows = visible(actor).values_list(
        "kelurahan__name",
        "kelurahan__parent__name",
        "category",
        "status",
        "created_at",
        "resolved_at",
        "due_at",
    )
    groups: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"received": 0, "resolved": 0, "days": [], "overdue": 0}
    )
    for kel, kec, category, status, created, resolved, due in rows:
        area = kel if level == "kelurahan" else kec
        g = groups[(area, category)]
        g["received"] += 1
        if status == ComplaintStatus.RESOLVED:
            g["resolved"] += 1
            g["days"].append((resolved - created).total_seconds() / 86400)
        if status in OPEN_COMPLAINT and due < now:
            g["overdue"] += 1
    labels = dict(Category.choices)
    return [
        {
            "area": area,
            "category": category,
            "category_label": labels.get(category, category),
            "received": g["received"],
            "resolved": g["resolved"],
            "median_days": round(median(g["days"]), 1) if g["days"] else None,
            "overdue": g["overdue"],
        }
        for (area, category), g in sorted(groups.items())
    ]


def public_events(complaint: Complaint) -> list:
    return list(complaint.events.filter(public=True).order_by("at", "pk"))
