"""The figures of a TKSK's monthly report, counted from the records of the month in the
TKSK's areas (and, for activities, the TKSK's own work). Stored as plain JSON on the report,
so an approved report keeps the figures it was approved with."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from pendamping.casework.models import (
    Activity,
    Case,
    CaseStatus,
    EventStatus,
    Outcome,
    OutreachEvent,
    Referral,
    ReferralStatus,
)
from pendamping.casework.roles import ROLE_VALUES
from pendamping.core.scope import scope_of, scoped
from pendamping.linkage.models import VervalResult, VervalStatus, VervalTask

from .role_profile import role_rows
from .selectors import add_months


def _labelled(counts: dict[str, int], choices) -> list[dict]:
    return [{"code": v, "label": str(label), "count": counts.get(v, 0)} for v, label in choices]


def monthly_figures(author, month: date) -> dict:
    """Everything the report's tables show, for `author` and the month starting on `month`."""
    start, end = month, add_months(month, 1)
    today = timezone.localdate()
    tags: dict[str, int] = defaultdict(int)
    minutes: dict[str, float] = defaultdict(float)
    activities = 0
    for roles, mins in Activity.objects.filter(
        actor=author, date__gte=start, date__lt=end
    ).values_list("roles", "duration_minutes"):
        activities += 1
        roles = [r for r in (roles or []) if r in ROLE_VALUES]
        for role in roles:
            tags[role] += 1
            minutes[role] += (mins or 0) / len(roles)
    rows = role_rows(tags, minutes)
    cases = scoped(Case.objects.all(), author)
    opened = cases.filter(opened_at__date__gte=start, opened_at__date__lt=end)
    closed = cases.filter(
        status=CaseStatus.CLOSED, closed_at__date__gte=start, closed_at__date__lt=end
    )
    outcomes = dict(
        closed.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    referrals = scoped(Referral.objects.all(), author).filter(
        sent_at__date__gte=start, sent_at__date__lt=end
    )
    referral_counts = dict(
        referrals.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    verval = scoped(VervalTask.objects.all(), author)
    verval_done = verval.filter(
        status=VervalStatus.DONE, result_at__date__gte=start, result_at__date__lt=end
    )
    results = dict(
        verval_done.values_list("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    events = [
        {
            "date": event.date.isoformat(),
            "topic": event.topic,
            "kelurahan": event.kelurahan.display_name,
            "male": event.attendance_male,
            "female": event.attendance_female,
            "total": event.attendance_total,
        }
        for event in scoped(OutreachEvent.objects.select_related("kelurahan"), author)
        .filter(status=EventStatus.HELD, date__gte=start, date__lt=end)
        .order_by("date", "pk")
    ]
    overdue_referrals = (
        scoped(Referral.objects.all(), author)
        .filter(status__in=(ReferralStatus.SENT, ReferralStatus.NO_RESPONSE), due_on__lt=end)
        .count()
    )
    open_verval = verval.filter(status=VervalStatus.OPEN)
    return {
        "mobility": _mobility(author, start, end),
        "complaints": _complaints(author, start, end),
        "month": start.isoformat(),
        "generated_on": today.isoformat(),
        "kelurahan_count": len(scope_of(author).kelurahan_ids),
        "activities": activities,
        "roles": [
            {
                "code": r.role,
                "label": r.label,
                "tags": r.tags,
                "pct": r.pct,
                "hours": r.hours,
                "observed": r.observed_label,
                "expected": r.expected_label,
            }
            for r in rows
        ],
        "cases": {
            "opened": opened.count(),
            "opened_led": opened.filter(lead=author).count(),
            "closed": closed.count(),
            "open_now": cases.exclude(status=CaseStatus.CLOSED).count(),
            "outcomes": _labelled(outcomes, Outcome.choices),
        },
        "referrals": {
            "sent": sum(referral_counts.values()),
            "by_status": _labelled(referral_counts, ReferralStatus.choices),
        },
        "verval": {
            "done": sum(results.values()),
            "results": _labelled(results, VervalResult.choices),
            "open": open_verval.count(),
            "overdue": open_verval.filter(Q(due_on__lt=today)).count(),
        },
        "events": events,
        "attendance": sum(e["total"] for e in events),
        "constraints": {
            "overdue_referrals": overdue_referrals,
            "overdue_verval": open_verval.filter(due_on__lt=today).count(),
        },
    }


def _mobility(author, start: date, end: date) -> dict:
    """Move reports about the TKSK's areas received in the month, by status; late ones."""
    from pendamping.mobility.models import MoveReport, ReportStatus

    reports = scoped(MoveReport.objects.all(), author).filter(
        reported_at__date__gte=start, reported_at__date__lt=end
    )
    counts = dict(reports.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "received": sum(counts.values()),
        "late": reports.filter(late=True).count(),
        "by_status": _labelled(counts, ReportStatus.choices),
    }


def _complaints(author, start: date, end: date) -> dict:
    """Complaints in the TKSK's areas: received and resolved in the month, open past due."""
    from pendamping.programs.complaints.models import OPEN_COMPLAINT, Complaint, ComplaintStatus

    complaints = scoped(Complaint.objects.all(), author)
    return {
        "received": complaints.filter(
            created_at__date__gte=start, created_at__date__lt=end
        ).count(),
        "resolved": complaints.filter(
            status=ComplaintStatus.RESOLVED, resolved_at__date__gte=start, resolved_at__date__lt=end
        ).count(),
        "overdue": complaints.filter(status__in=OPEN_COMPLAINT, due_at__lt=timezone.now()).count(),
    }
