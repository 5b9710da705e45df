"""Casework reads. Protection visibility is decided in ONE place, `case_get` / `visible_cases`,
used by the pages and the API alike."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from pendamping.accounts.models import CITY_WIDE_ROLES
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scoped

from .models import (
    AccessKind,
    AccessLog,
    Activity,
    Agency,
    Body,
    Case,
    CaseStatus,
    Escalation,
    Mediation,
    OutreachEvent,
    PlanGoal,
    Referral,
    ReferralStatus,
)
from .roles import WorkRole

BREAK_GLASS_HOURS = 8


def _is_supervisor(actor) -> bool:
    return getattr(actor, "role", None) in CITY_WIDE_ROLES


def _grant_q(actor, prefix: str = "") -> Q:
    """Protection cases this supervisor opened in an emergency within the last hours."""
    since = timezone.now() - timedelta(hours=BREAK_GLASS_HOURS)
    grants = AccessLog.objects.filter(
        case=OuterRef(f"{prefix}pk" if prefix else "pk"),
        user=actor,
        kind=AccessKind.BREAK_GLASS,
        at__gte=since,
    )
    return Q(Exists(grants))


def _assistant_q(actor, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead": actor}) | Q(**{f"{prefix}members": actor})


def visible_cases(actor) -> QuerySet[Case]:
    """Cases the actor may open: in scope, and protection cases only for their assistants
    and, for Dinas supervisors, once the case was handed to the Dinas Sosial or after an
    emergency opening that is logged (break the glass)."""
    qs = scoped(Case.objects.all(), actor)
    mine = Case.objects.filter(_assistant_q(actor)).values("pk")
    allowed = Q(protection=False) | Q(pk__in=mine)
    if _is_supervisor(actor):
        handed_to_dinas = Escalation.objects.filter(case=OuterRef("pk"), body=Body.DINSOS)
        allowed |= _grant_q(actor) | Q(Exists(handed_to_dinas))
    # An assistant of a case keeps it after the person moved out of their areas (handover).
    return Case.objects.filter(Q(pk__in=qs.filter(allowed).values("pk")) | Q(pk__in=mine))


def listed_cases(actor) -> QuerySet[Case]:
    """Cases shown in lists: the visible ones, plus for supervisors the protection cases of
    the city (flagged, so they know they exist and can open them with a reason)."""
    qs = scoped(Case.objects.all(), actor)
    allowed = Q(protection=False) | Q(pk__in=Case.objects.filter(_assistant_q(actor)).values("pk"))
    if _is_supervisor(actor):
        allowed = Q()
    return qs.filter(allowed)


def person_cases(actor, person) -> list[Case]:
    """The cases of a person the actor may see, for a panel on the person's page."""
    return list(
        listed_cases(actor)
        .filter(person=person)
        .annotate(may_open=Exists(visible_cases(actor).filter(pk=OuterRef("pk"))))
        .select_related("lead", "category", "kelurahan")
        .order_by("-opened_at")
    )


def case_may_open(actor, case: Case) -> bool:
    return visible_cases(actor).filter(pk=case.pk).exists()


def case_get(actor, pk: int, *, channel: str = "web") -> Case:
    """One case the actor may open, or OutOfScope (404). A refused attempt on a protection
    case is logged, so its assistants see who tried."""
    case = (
        visible_cases(actor)
        .select_related("person", "kelurahan", "lead", "category")
        .filter(pk=pk)
        .first()
    )
    if case is not None:
        return case
    hidden = Case.objects.filter(pk=pk, protection=True).first()
    if hidden is not None and actor.is_authenticated:
        AccessLog.objects.create(case=hidden, user=actor, kind=AccessKind.REFUSED, channel=channel)
    raise OutOfScope


def case_needs_break_glass(actor, pk: int) -> bool:
    """A supervisor sees the protection case in the list but may not yet open it."""
    return (
        _is_supervisor(actor)
        and listed_cases(actor).filter(pk=pk, protection=True).exists()
        and not visible_cases(actor).filter(pk=pk).exists()
    )


def case_list(actor, *, mine: bool = True, status: str = "open") -> QuerySet[Case]:
    qs = listed_cases(actor).select_related("person", "kelurahan", "lead", "category")
    if mine:
        qs = qs.filter(_assistant_q(actor)).distinct()
    if status == "open":
        qs = qs.exclude(status=CaseStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    return qs.annotate(
        may_open=Exists(visible_cases(actor).filter(pk=OuterRef("pk"))),
        overdue_goals=Count(
            "goals", filter=Q(goals__done_on__isnull=True, goals__due_on__lt=today), distinct=True
        ),
    ).order_by("-urgency", "-opened_at")


def visible_activities(actor) -> QuerySet[Activity]:
    qs = scoped(Activity.objects.all(), actor)
    return qs.filter(Q(case__isnull=True) | Q(case__in=visible_cases(actor)))


def visible_referrals(actor) -> QuerySet[Referral]:
    qs = scoped(Referral.objects.all(), actor)
    return qs.filter(Q(case__isnull=True) | Q(case__in=visible_cases(actor)))


def referral_get(actor, pk: int) -> Referral:
    referral = (
        visible_referrals(actor)
        .select_related("person", "agency", "kelurahan", "referred_by", "case")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise OutOfScope
    return referral


def _with_role_labels(activities: list[Activity]) -> list[Activity]:
    for activity in activities:
        activity.role_labels = [WorkRole(r).label for r in activity.roles if r in WorkRole.values]
    return activities


def case_detail(case: Case) -> dict:
    return {
        "goals": list(case.goals.all()),
        "activities": _with_role_labels(list(case.activities.select_related("actor")[:50])),
        "referrals": list(case.referrals.select_related("agency")),
        "reviews": list(case.reviews.select_related("author")),
        "escalations": list(case.escalations.select_related("actor")),
        "access_log": list(case.access_log.select_related("user")[:50]),
        "events": list(case.events.select_related("actor")),
        "members": list(case.members.all()),
    }


def case_detail_members(case: Case) -> list:
    return list(case.members.all())


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.all()


def mediation_list(actor) -> QuerySet[Mediation]:
    return scoped(Mediation.objects.all(), actor).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases(actor))
    )


def event_list(actor) -> QuerySet[OutreachEvent]:
    return scoped(OutreachEvent.objects.select_related("area", "kelurahan"), actor)


def home_panel(actor) -> dict:
    """What the assistant's home shows: open cases by urgency, overdue plan steps and
    referrals, today's activities. For supervisors, the same counted per assistant."""
    today = timezone.localdate()
    cases = list(case_list(actor, mine=not _is_supervisor(actor))[:20])
    mine_q = _assistant_q(actor, "case__")
    goals = PlanGoal.objects.filter(
        case__in=visible_cases(actor), done_on__isnull=True, due_on__lt=today
    ).exclude(case__status=CaseStatus.CLOSED)
    referrals = visible_referrals(actor).filter(
        status__in=(ReferralStatus.SENT, ReferralStatus.NO_RESPONSE), due_on__lt=today
    )
    if not _is_supervisor(actor):
        goals = goals.filter(mine_q).distinct()
        referrals = referrals.filter(referred_by=actor)
    panel = {
        "cases": cases,
        "overdue_goals": list(goals.select_related("case", "case__person")[:20]),
        "overdue_referrals": list(referrals.select_related("agency", "person")[:20]),
        "today": list(
            visible_activities(actor).filter(actor=actor, date=today).select_related("case")
        ),
        "per_assistant": [],
    }
    if _is_supervisor(actor):
        panel["per_assistant"] = list(
            scoped(Case.objects.all(), actor)
            .exclude(status=CaseStatus.CLOSED)
            .values("lead__username", "lead__first_name", "lead__last_name")
            .annotate(
                open_cases=Count("pk", distinct=True),
                urgent=Count("pk", filter=Q(urgency__gte=4), distinct=True),
                overdue=Count(
                    "goals",
                    filter=Q(goals__done_on__isnull=True, goals__due_on__lt=today),
                    distinct=True,
                ),
            )
            .order_by("-urgent", "-open_cases")[:50]
        )
    return panel
