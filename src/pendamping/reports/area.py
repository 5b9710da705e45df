"""The area page's own parts: who works there with their workload, and what happened lately."""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from pendamping.accounts.models import FIELD_ROLES
from pendamping.accounts.selectors import current_assignments
from pendamping.wilayah.models import Level

from .models import Fact
from .selectors import Window


def area_workers(window: Window) -> list[dict]:
    """Workers assigned to the area, to its kelurahan or (for a kelurahan) to its kecamatan,
    each with every area they cover, the people there, open cases they lead, activities in
    the months chosen and open field checks. A worker covering several kecamatan is shared."""
    from pendamping.casework.models import Case, CaseStatus
    from pendamping.linkage.models import VervalStatus, VervalTask

    place, geo = window.area, window.geo
    kelurahan_ids = window.kelurahan_ids
    kecamatan_ids = {geo.parent_of[k] for k in kelurahan_ids}
    local = current_assignments().filter(
        Q(area_id__in=kelurahan_ids) | Q(area_id__in=kecamatan_ids),
        user__is_active=True,
        user__role__in=FIELD_ROLES,
    )
    user_ids = set(local.values_list("user_id", flat=True))
    if not user_ids:
        return []
    covers: dict[int, list] = defaultdict(list)
    users = {}
    for assignment in current_assignments().filter(user_id__in=user_ids):
        covers[assignment.user_id].append(assignment.area)
        users[assignment.user_id] = assignment.user
    people = dict(
        Fact.objects.filter(metric="people", month__isnull=True)
        .values_list("kelurahan_id")
        .annotate(n=Sum("value"))
        .values_list("kelurahan_id", "n")
    )
    children: dict[int, list[int]] = defaultdict(list)
    for kel in geo.kelurahan:
        children[kel.parent_id].append(kel.pk)
    open_cases = dict(
        Case.objects.filter(lead_id__in=user_ids)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("lead_id")
        .annotate(n=Count("pk"))
        .values_list("lead_id", "n")
    )
    activities = dict(
        Fact.objects.filter(
            metric="actor_activities",
            actor_id__in=user_ids,
            month__gte=window.start,
            month__lte=window.end,
        )
        .values_list("actor_id")
        .annotate(n=Sum("value"))
        .values_list("actor_id", "n")
    )
    verval = dict(
        VervalTask.objects.filter(assignee_id__in=user_ids, status=VervalStatus.OPEN)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    rows = []
    for user_id in user_ids:
        areas = sorted(covers[user_id], key=lambda a: a.code)
        kel: set[int] = set()
        for a in areas:
            kel.update(children.get(a.pk, []) if a.level == Level.KECAMATAN else [a.pk])
        n_kecamatan = len({a.pk if a.level == Level.KECAMATAN else a.parent_id for a in areas})
        rows.append(
            {
                "user": users[user_id],
                "areas": areas,
                "kelurahan": len(kel),
                "people": sum(people.get(k, 0) for k in kel),
                "open_cases": open_cases.get(user_id, 0),
                "activities": activities.get(user_id, 0),
                "verval_open": verval.get(user_id, 0),
                "shared": n_kecamatan > 1,
                "here": place is None
                or any(a.pk == place.pk or a.pk == place.parent_id for a in areas)
                or any(a.parent_id == place.pk for a in areas),
            }
        )
    order = {role: i for i, role in enumerate(FIELD_ROLES)}
    rows.sort(key=lambda r: (order.get(r["user"].role, 9), r["user"].username))
    return rows


def recent_events(window: Window, limit: int = 10) -> list:
    """Outreach events of the area, most recent first (planned ones included)."""
    from pendamping.casework.models import OutreachEvent

    return list(
        OutreachEvent.objects.filter(kelurahan_id__in=window.kelurahan_ids)
        .select_related("kelurahan")
        .order_by("-date", "-pk")[:limit]
    )
