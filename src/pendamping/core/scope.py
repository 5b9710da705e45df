"""The one place that decides which records of personal data a user may see.

Every selector, API endpoint, export and CLI command that reads personal data passes its
queryset through `scoped()`. A model takes part by naming the path to its kelurahan in
`scope_kelurahan` (and, for RT/RW reporters, to its RT in `scope_rt`).
Records outside the scope are answered with 404, never 403, so their existence does not leak.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from .exceptions import OutOfScope

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    everything: bool
    kelurahan_ids: frozenset[int]
    rt_ids: frozenset[int] | None = None  # RT/RW reporters: only these RTs

    @property
    def empty(self) -> bool:
        return not self.everything and not self.kelurahan_ids


NOTHING = Scope(everything=False, kelurahan_ids=frozenset())


def scope_of(user) -> Scope:
    """The areas a user covers today, computed once per request and cached on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cached = getattr(user, "_pendamping_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._pendamping_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    from pendamping.accounts.models import CITY_WIDE_ROLES, Role
    from pendamping.wilayah.models import Area, Level
    from pendamping.wilayah.selectors import kelurahan_ids_under

    if user.role in CITY_WIDE_ROLES:
        return Scope(everything=True, kelurahan_ids=frozenset())
    today = timezone.localdate()
    areas = list(
        Area.objects.filter(
            Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gt=today),
            assignments__user=user,
            assignments__valid_from__lte=today,
        ).distinct()
    )
    if user.role == Role.RTRW:
        rt_ids: set[int] = set()
        kelurahan: set[int] = set()
        for area in areas:
            if area.level == Level.RT:
                rt_ids.add(area.pk)
                kelurahan.add(area.parent.parent_id)
            elif area.level == Level.RW:
                rt_ids.update(area.children.values_list("pk", flat=True))
                kelurahan.add(area.parent_id)
        return Scope(everything=False, kelurahan_ids=frozenset(kelurahan), rt_ids=frozenset(rt_ids))
    return Scope(everything=False, kelurahan_ids=frozenset(kelurahan_ids_under(areas)))


def scoped(queryset: QuerySet[M], actor) -> QuerySet[M]:
    """Restrict a queryset of personal data to the actor's scope."""
    model = queryset.model
    path = getattr(model, "scope_kelurahan", None)
    if path is None:
        raise TypeError(f"{model.__name__} does not declare scope_kelurahan")
    scope = scope_of(actor)
    if scope.everything:
        return queryset
    if scope.empty:
        return queryset.none()
    queryset = queryset.filter(**{f"{path}__in": scope.kelurahan_ids})
    if scope.rt_ids is not None:
        rt_path = getattr(model, "scope_rt", None)
        if rt_path is None:
            return queryset.none()
        queryset = queryset.filter(**{f"{rt_path}__in": scope.rt_ids})
    return queryset


def get_scoped(queryset: QuerySet[M], actor, **lookup) -> M:
    """One record within scope, or OutOfScope (shown as 404) whether it exists or not."""
    try:
        return scoped(queryset, actor).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise OutOfScope from exc


def area_in_scope(actor, kelurahan_id: int) -> bool:
    scope = scope_of(actor)
    return scope.everything or kelurahan_id in scope.kelurahan_ids
