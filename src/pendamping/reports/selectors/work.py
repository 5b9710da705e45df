"""Panels about the work: casework, verval, moves, complaints, programs, reconciliation,
staffing need, trends."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendamping.wilayah.models import Area, Level

from ..models import FactRefresh
from .base import (
    Cell,
    Panel,
    Table,
    Window,
    _activities_url,
    _actor_facts,
    _area_url,
    _name,
    facts_of,
    median_from_histogram,
    refresh_state,
    worker_role_label,
)


def panel_casework(window: Window) -> Panel:
    """Open cases, cases opened and closed in the range, referrals and their outcomes, events."""
    from pendamping.casework.models import CaseStatus, Outcome, ReferralStatus

    facts = facts_of(window)
    cases_url = reverse("casework:case_list") + "?all=1&status=open"
    rows = []
    for area in window.groups:
        rows.append(
            [
                Cell(_name(area), _area_url(window, area)),
                Cell(facts.get("cases_open", group=area.pk), cases_url),
                Cell(facts.get("cases_opened", group=area.pk)),
                Cell(facts.get("cases_closed", group=area.pk)),
                Cell(facts.get("referrals", group=area.pk), reverse("casework:referral_list")),
                Cell(facts.get("activities", group=area.pk), _activities_url(window, area)),
                Cell(facts.get("events_held", group=area.pk), reverse("casework:event_list")),
            ]
        )
    total = [
        Cell(_("Total")),
        Cell(facts.get("cases_open"), cases_url),
        Cell(facts.get("cases_opened")),
        Cell(facts.get("cases_closed")),
        Cell(facts.get("referrals"), reverse("casework:referral_list")),
        Cell(facts.get("activities"), _activities_url(window)),
        Cell(facts.get("events_held"), reverse("casework:event_list")),
    ]
    per_area = Table(
        "casework_areas",
        _("Casework per area"),
        [
            _("Area"),
            _("Open cases"),
            _("Opened"),
            _("Closed"),
            _("Referrals"),
            _("Activities"),
            _("Events held"),
        ],
        rows,
        total,
        note=_("Open cases: today. Other figures: within the months chosen."),
    )
    status_rows = [
        [Cell(label), Cell(facts.get("cases_open", value), cases_url)]
        for value, label in CaseStatus.choices
        if value != CaseStatus.CLOSED
    ]
    outcome_rows = [
        [Cell(label), Cell(facts.get("cases_closed", value))] for value, label in Outcome.choices
    ]
    referral_rows = [
        [Cell(label), Cell(facts.get("referrals", value), reverse("casework:referral_list"))]
        for value, label in ReferralStatus.choices
    ]
    given = facts.get("referrals", ReferralStatus.SERVICE_GIVEN)
    sent = facts.get("referrals")
    return Panel(
        "casework",
        _("Casework"),
        [
            per_area,
            Table(
                "cases_status", _("Open cases by status"), [_("Status"), _("Cases")], status_rows
            ),
            Table(
                "cases_outcome",
                _("Closed cases by outcome"),
                [_("Outcome"), _("Cases")],
                outcome_rows,
            ),
            Table(
                "referrals",
                _("Referrals by outcome"),
                [_("Status"), _("Referrals")],
                referral_rows,
                note=_("%(pct)s%% of referrals sent in the range led to a service.")
                % {"pct": round(100 * given / sent) if sent else 0},
            ),
        ],
        {
            "attendance": facts.get("events_attendance"),
            "events": facts.get("events_held"),
        },
    )


def panel_verval(window: Window) -> Panel:
    """Field checks: open and overdue today, done in the range, results by code."""
    from pendamping.linkage.models import VervalResult

    facts = facts_of(window)
    url = reverse("linkage:home")
    rows = [
        [
            Cell(_name(area), _area_url(window, area)),
            Cell(facts.get("verval_open", group=area.pk), url),
            Cell(facts.get("verval_overdue", group=area.pk), url),
            Cell(facts.get("verval_done", group=area.pk), url),
        ]
        for area in window.groups
    ]
    total = [
        Cell(_("Total")),
        Cell(facts.get("verval_open"), url),
        Cell(facts.get("verval_overdue"), url),
        Cell(facts.get("verval_done"), url),
    ]
    results = [
        [Cell(label), Cell(facts.get("verval_done", value))]
        for value, label in VervalResult.choices
    ]
    return Panel(
        "verval",
        _("Verification in the field (verval)"),
        [
            Table(
                "verval_areas",
                _("Verval per area"),
                [_("Area"), _("Open"), _("Overdue"), _("Done")],
                rows,
                total,
                note=_("Open and overdue: today. Done: within the months chosen."),
            ),
            Table("verval_results", _("Verval results"), [_("Result"), _("Checks")], results),
        ],
    )


def panel_mobility(window: Window) -> Panel:
    """Move reports received, late and confirmed; RT/RW heads with an account and reporting."""
    from pendamping.mobility.models import ReportStatus

    facts = facts_of(window)
    reporting = _actor_facts(window, "rtrw_reports")
    url = reverse("mobility:report_list")

    def cells(group: int, area: Area | None) -> list[Cell]:
        participation = (
            reverse("mobility:participation_kelurahan", args=[area.code])
            if area is not None and area.level != Level.KECAMATAN
            else reverse("mobility:participation")
        )
        return [
            Cell(facts.get("mobility_reports", group=group), url),
            Cell(facts.get("mobility_late", group=group), url),
            Cell(facts.get("mobility_reports", ReportStatus.CONFIRMED, group), url),
            Cell(facts.get("mobility_reports", ReportStatus.PENDING, group), url),
            Cell(facts.get("rtrw_heads", group=group), participation),
            Cell(len(reporting.get(group, ())), participation),
        ]

    rows = [[Cell(_name(a), _area_url(window, a)), *cells(a.pk, a)] for a in window.groups]
    table = Table(
        "mobility",
        _("Move reports and RT/RW participation"),
        [
            _("Area"),
            _("Received"),
            _("Late"),
            _("Confirmed"),
            _("Waiting"),
            _("RT/RW heads"),
            _("Heads who reported"),
        ],
        rows,
        [Cell(_("Total")), *cells(0, None)],
        note=_("Reports: within the months chosen. RT/RW heads: with an account today."),
    )
    return Panel("mobility", _("Moves reported by RT/RW"), [table])


def panel_complaints(window: Window) -> Panel:
    """Complaints received and resolved in the range, median days to resolve, open and overdue."""
    from pendamping.programs.complaints.models import Category

    facts = facts_of(window)
    url = reverse("programs:complaint_list")

    def histogram(group: int) -> dict[str, int]:
        return {
            key: facts.get("complaint_days", key, group) for key in facts.keys("complaint_days")
        }

    def cells(group: int) -> list[Cell]:
        resolved = sum(histogram(group).values())
        return [
            Cell(facts.get("complaints", group=group), url),
            Cell(resolved, url),
            Cell(median_from_histogram(histogram(group))),
            Cell(facts.get("complaints_open", group=group), url),
            Cell(facts.get("complaints_overdue", group=group), url),
        ]

    rows = [[Cell(_name(a), _area_url(window, a)), *cells(a.pk)] for a in window.groups]
    columns = [
        _("Area"),
        _("Received"),
        _("Resolved"),
        _("Median days"),
        _("Open"),
        _("Overdue"),
    ]
    by_category = [
        [Cell(label), Cell(facts.get("complaints", value), url)]
        for value, label in Category.choices
    ]
    return Panel(
        "complaints",
        _("Complaints"),
        [
            Table(
                "complaints",
                _("Complaints per area"),
                columns,
                rows,
                [Cell(_("Total")), *cells(0)],
                note=_(
                    "Received and resolved: within the months chosen; median days from "
                    "received to resolved. Open and overdue: today."
                ),
            ),
            Table(
                "complaints_category",
                _("Complaints by category"),
                [_("Category"), _("Received")],
                by_category,
            ),
        ],
    )


def panel_programs(window: Window) -> Panel:
    """Per program: people eligible by its rules, enrolled, receiving, eligible not enrolled."""
    from pendamping.programs.models import Program

    facts = facts_of(window)
    programs = list(Program.objects.filter(active=True).order_by("name"))
    rows = []
    for program in programs:
        eligible = facts.get("eligible", program.code)
        enrolled = facts.get("enrolled", program.code)
        detail = reverse("programs:program_eligibility", args=[program.code])
        rows.append(
            [
                Cell(program.name, reverse("programs:program_detail", args=[program.code])),
                Cell(eligible, detail),
                Cell(enrolled, reverse("programs:enrolment_list") + f"?program={program.code}"),
                Cell(facts.get("receiving", program.code)),
                Cell(facts.get("eligible_not_enrolled", program.code), detail),
                Cell(round(100 * enrolled / eligible) if eligible else None),
            ]
        )
    table = Table(
        "programs",
        _("Program enrolment against eligibility"),
        [
            _("Program"),
            _("Eligible"),
            _("Enrolled"),
            _("Receiving"),
            _("Eligible, not enrolled"),
            _("Enrolled per 100 eligible"),
        ],
        rows,
        note=_("Today, by the rules of each program applied to the registry."),
    )
    return Panel("programs", _("Programs"), [table])


def panel_reconciliation(window: Window) -> Panel:
    """Outcomes of the latest reconciliation with the national data (DTKS/DTSEN)."""
    from pendamping.linkage.models import OutcomeKind

    facts = facts_of(window)
    info = (refresh_state() or FactRefresh()).extra.get("reconciliation") or {}
    url = reverse("linkage:home")
    kinds = OutcomeKind.choices
    rows = [
        [
            Cell(_name(a), _area_url(window, a)),
            *[Cell(facts.get("recon", value, a.pk), url) for value, _l in kinds],
        ]
        for a in window.groups
    ]
    total = [Cell(_("Total")), *[Cell(facts.get("recon", value), url) for value, _l in kinds]]
    note = (
        _("Latest reconciliation: %(source)s %(label)s, data as of %(as_of)s.")
        % {"source": info["source"], "label": info.get("label", ""), "as_of": info["as_of"]}
        if info
        else _("No reconciliation with the national data has finished yet.")
    )
    table = Table(
        "reconciliation",
        _("Reconciliation with the national data"),
        [_("Area"), *[str(label) for _v, label in kinds]],
        rows,
        total,
        note=note,
    )
    return Panel("reconciliation", _("Reconciliation with the national data"), [table])


def panel_staffing(window: Window) -> Panel:
    """Staffing need per kecamatan from the planning app (need, present, shortfall per type)."""
    info = (refresh_state() or FactRefresh()).extra.get("staffing") or {}
    types = info.get("types", [])
    codes = {a.code for a in window.groups} if window.area is None else set()
    if window.area is not None and window.area.level == Level.KECAMATAN:
        codes = {window.area.code}
    url = reverse("planning:staffing")
    rows, sums = [], defaultdict(float)
    for area in window.geo.kecamatan:
        figures = info.get("rows", {}).get(area.code)
        if area.code not in codes or figures is None:
            continue
        cells = [Cell(_name(area), _area_url(window, area))]
        for t in types:
            need, present, shortfall = figures.get(t, [None, None, None])
            cells += [Cell(need, url), Cell(present), Cell(shortfall)]
            sums[(t, 0)] += need or 0
            sums[(t, 1)] += present or 0
            sums[(t, 2)] += shortfall or 0
        rows.append(cells)
    columns = [_("Area")]
    for t in types:
        label = worker_role_label(t)
        columns += [
            _("%(type)s needed") % {"type": label},
            _("%(type)s present") % {"type": label},
            _("%(type)s short") % {"type": label},
        ]
    total = [Cell(_("Total"))] + [Cell(round(sums[(t, i)], 1)) for t in types for i in range(3)]
    table = Table(
        "staffing",
        _("Staffing need"),
        columns,
        rows,
        total if rows else None,
        note=_("From the workforce planning norms, counted with the figures above."),
    )
    return Panel("staffing", _("Staffing need"), [table])


TREND_METRICS = (
    ("activities", gettext_lazy("Activities")),
    ("cases_opened", gettext_lazy("Cases opened")),
    ("cases_closed", gettext_lazy("Cases closed")),
    ("referrals", gettext_lazy("Referrals")),
    ("verval_done", gettext_lazy("Verval done")),
    ("mobility_reports", gettext_lazy("Move reports")),
    ("complaints", gettext_lazy("Complaints")),
)


def panel_trends(window: Window) -> Panel:
    """Month by month: activities, cases opened and closed, referrals, verval done."""
    facts = facts_of(window)
    months = window.months
    labels = [str(label) for _m, label in TREND_METRICS]
    rows = [
        [
            Cell(f"{month:%Y-%m}"),
            *[Cell(facts.month(metric, month)) for metric, _l in TREND_METRICS],
        ]
        for month in months
    ]
    series = []
    for metric, label in TREND_METRICS:
        values = [facts.month(metric, m) for m in months]
        top = max(values, default=0) or 1
        series.append(
            {
                "label": str(label),
                "points": [
                    {"month": m, "value": v, "pct": round(100 * v / top)}
                    for m, v in zip(months, values, strict=True)
                ],
            }
        )
    table = Table("trends", _("Trends per month"), [_("Month"), *labels], rows)
    return Panel("trends", _("Trends per month"), [table], {"series": series})
