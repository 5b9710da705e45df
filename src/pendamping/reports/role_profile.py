"""Which roles the assistants play, from their activities tagged by role (issue 9, point 3).

Shares count role tags: an activity tagged broker and advocate counts once for each. Time
per role splits an activity's minutes evenly between its roles (decision 0061). A role is
observed dominant at or above `DOMINANT_SHARE` of the tags, passive below `PASSIVE_SHARE`,
and compared with the expectation (the study: broker, mediator and advocate dominant,
facilitator and protector passive), which settings can replace.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Role, User
from pendamping.casework.models import Activity
from pendamping.casework.roles import ROLE_VALUES, WorkRole
from pendamping.core.exceptions import OutOfScope

from .models import Fact
from .selectors import Window, add_months, months_between

STUDY_EXPECTATION = {
    WorkRole.BROKER: "dominant",
    WorkRole.MEDIATOR: "dominant",
    WorkRole.ADVOCATE: "dominant",
    WorkRole.FACILITATOR: "passive",
    WorkRole.PROTECTOR: "passive",
}
LEVEL_LABELS = {
    "dominant": gettext_lazy("dominant"),
    "regular": gettext_lazy("regular"),
    "passive": gettext_lazy("passive"),
    "": "",
}


def expectation() -> dict[str, str]:
    return dict(getattr(settings, "PENDAMPING_ROLE_EXPECTATION", STUDY_EXPECTATION))


def thresholds() -> tuple[float, float]:
    return (
        float(getattr(settings, "PENDAMPING_ROLE_DOMINANT_SHARE", 0.15)),
        float(getattr(settings, "PENDAMPING_ROLE_PASSIVE_SHARE", 0.05)),
    )


def observed_level(share: float) -> str:
    dominant, passive = thresholds()
    if share >= dominant:
        return "dominant"
    if share < passive:
        return "passive"
    return "regular"


@dataclass
class RoleRow:
    role: str
    label: str
    tags: int
    share: float
    minutes: int
    observed: str
    expected: str

    @property
    def pct(self) -> float:
        return round(100 * self.share, 1)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def observed_label(self) -> str:
        return str(LEVEL_LABELS[self.observed])

    @property
    def expected_label(self) -> str:
        return str(LEVEL_LABELS[self.expected])

    @property
    def verdict(self) -> str:
        """'meets' or 'differs' against the expectation; '' where none is set."""
        if not self.expected:
            return ""
        return "meets" if self.expected == self.observed else "differs"


def role_rows(tags: dict[str, int], minutes: dict[str, int]) -> list[RoleRow]:
    """The eleven roles in their fixed order with share, time and level against expectation."""
    total = sum(tags.get(r, 0) for r in WorkRole.values)
    expected = expectation()
    rows = []
    for role in WorkRole:
        n = tags.get(role.value, 0)
        share = n / total if total else 0.0
        rows.append(
            RoleRow(
                role=role.value,
                label=str(role.label),
                tags=n,
                share=share,
                minutes=round(minutes.get(role.value, 0)),
                observed=observed_level(share) if total else "",
                expected=expected.get(role.value, ""),
            )
        )
    return rows


GROUPINGS = {
    "assistant": gettext_lazy("Assistant"),
    "type": gettext_lazy("Worker type"),
    "area": gettext_lazy("Area"),
    "month": gettext_lazy("Month"),
}


def role_shares(window: Window, by: str) -> dict:
    """Role shares per assistant, worker type, area or month within the window's areas,
    from the pre-computed per-assistant facts; plus the whole window's role rows."""
    ids = window.kelurahan_ids
    qs = Fact.objects.filter(
        metric__in=("actor_role_tags", "actor_role_minutes"),
        actor_id__isnull=False,
        month__gte=window.start,
        month__lte=window.end,
    )
    if len(ids) != len(window.geo.kelurahan):
        qs = qs.filter(kelurahan_id__in=ids)
    dimension = {"assistant": "actor_id", "type": "actor_id", "area": "kelurahan_id"}.get(
        by, "month"
    )
    grouped = qs.values_list(dimension, "metric", "key").annotate(v=Sum("value"))
    tags: dict[object, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    minutes: dict[object, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    users: dict[int, User] = {}
    raw = list(grouped)
    if by in ("assistant", "type"):
        users = User.objects.in_bulk({k for k, _m, _k, _v in raw})
    for key, metric, role, value in raw:
        if by == "type":
            key = users[key].role if key in users else ""
        elif by == "area":
            key = window.group_of(key)
        target = tags if metric == "actor_role_tags" else minutes
        target[key][role] += value
        target["*"][role] += value
    groups = []
    for key in tags:
        if key == "*":
            continue
        label, url, sort = _group_label(window, by, key, users)
        rows = role_rows(tags[key], minutes[key])
        groups.append(
            {
                "key": key,
                "label": label,
                "url": url,
                "sort": sort,
                "total": sum(r.tags for r in rows),
                "rows": rows,
                "differs": [r for r in rows if r.verdict == "differs"],
            }
        )
    groups.sort(key=lambda g: g["sort"])
    return {"by": by, "groups": groups, "rows": role_rows(tags["*"], minutes["*"])}


def _group_label(window: Window, by: str, key, users: dict) -> tuple[str, str, object]:
    if by == "assistant":
        user = users.get(key)
        if user is None:
            return (str(key), "", ("", key))
        url = reverse("reports:role_profile_assistant", args=[user.username])
        return (f"{user} ({user.get_role_display()})", f"{url}?{window.query()}", (str(user), key))
    if by == "type":
        return (str(Role(key).label) if key in Role.values else str(key), "", (key,))
    if by == "area":
        area = next((a for a in window.groups if a.pk == key), None)
        if area is None:
            return (str(key), "", ("~", key))
        url = reverse("reports:area", args=[area.code])
        return (area.display_name, f"{url}?{window.query()}", (area.code,))
    return (f"{key:%Y-%m}", "", (key,))


# -- one assistant ------------------------------------------------------------------------


def assistant_get(viewer, username: str) -> User:
    """An assistant whose profile the viewer may read: supervisors read everyone's,
    a field worker their own. Others: OutOfScope (404)."""
    user = User.objects.filter(username=username, role__in=FIELD_ROLES).first()
    if user is None:
        raise OutOfScope
    if viewer.role in CITY_WIDE_ROLES or viewer.pk == user.pk:
        return user
    raise OutOfScope


def _activities_of(assistant: User, start: date, end: date) -> QuerySet[Activity]:
    return Activity.objects.filter(actor=assistant, date__gte=start, date__lt=add_months(end, 1))


def assistant_profile(assistant: User, start: date, end: date) -> dict:
    """One assistant's role profile over the months, counted live from the activities, so it
    agrees with the drill-down list to the activity."""
    activities = _activities_of(assistant, start, end)
    grouped = list(
        activities.annotate(m=TruncMonth("date"))
        .values_list("m", "kelurahan_id", "roles")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    )
    tags: dict[str, int] = defaultdict(int)
    minutes: dict[str, float] = defaultdict(float)
    by_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_area: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = untagged = total_minutes = 0
    for month, kel, roles, n, mins in grouped:
        month = month.replace(day=1) if month else None
        roles = [r for r in (roles or []) if r in ROLE_VALUES]
        total += n
        total_minutes += mins or 0
        if not roles:
            untagged += n
            continue
        for role in roles:
            tags[role] += n
            minutes[role] += (mins or 0) / len(roles)
            by_month[month][role] += n
            by_area[kel][role] += n
    rows = role_rows(tags, minutes)
    months = months_between(start, end)
    matrix = [
        {
            "month": m,
            "cells": [by_month.get(m, {}).get(r.role, 0) for r in rows],
            "total": sum(by_month.get(m, {}).values()),
        }
        for m in months
    ]
    from pendamping.wilayah.models import Area

    areas = Area.objects.in_bulk(list(by_area))
    area_rows = sorted(
        (
            {
                "area": areas.get(kel),
                "tags": sum(counts.values()),
                "top": sorted(counts.items(), key=lambda kv: -kv[1])[:3],
            }
            for kel, counts in by_area.items()
        ),
        key=lambda r: -r["tags"],
    )
    for row in area_rows:
        row["top"] = [(str(WorkRole(r).label), n) for r, n in row["top"]]
    return {
        "assistant": assistant,
        "rows": rows,
        "activities": total,
        "untagged": untagged,
        "minutes": total_minutes,
        "hours": round(total_minutes / 60, 1),
        "matrix": matrix,
        "areas": area_rows,
        "differs": [r for r in rows if r.verdict == "differs"],
        "dominant": [r for r in rows if r.observed == "dominant"],
        "passive": [r for r in rows if r.observed == "passive"],
    }


def activity_drilldown(
    viewer,
    *,
    start: date,
    end: date,
    assistant: User | None = None,
    role: str = "",
    kelurahan_ids=None,
) -> dict:
    """The activities behind a figure, as the viewer may see them. Activities on protection
    cases the viewer may not open are counted, not listed, so the totals still agree."""
    from pendamping.casework.selectors import visible_activities

    base = Activity.objects.filter(date__gte=start, date__lt=add_months(end, 1))
    if assistant is not None:
        base = base.filter(actor=assistant)
    if role:
        base = base.filter(roles__icontains=f'"{role}"')
    if kelurahan_ids is not None:
        base = base.filter(kelurahan_id__in=kelurahan_ids)
    from pendamping.core.scope import scoped

    in_scope = scoped(base, viewer)
    visible = in_scope.filter(Q(pk__in=visible_activities(viewer).values("pk")))
    total = in_scope.count()
    listed = visible.select_related("actor", "kelurahan", "case").order_by("-date", "-pk")
    return {"total": total, "listed": listed, "hidden": total - listed.count()}
