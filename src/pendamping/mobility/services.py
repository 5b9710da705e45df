"""The mobility app owns the reports of RT/RW heads and assistants about people who move out,
arrive, die, are born or cannot be found, and what follows once a report is confirmed.

A report changes nothing by itself. The assistant covering the area confirms it (possibly with
corrections) or rejects it with a reason; only `report_confirm` writes to the registry, through
`registry.services`, with source MOBILITY, and hands the person's open work over to the assistant
of the destination (`core.handover`). Tracing of people not found lives in `mobility.tracing`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import Role
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core import handover
from pendamping.core.exceptions import DomainError, OutOfScope
from pendamping.core.notifications import notify
from pendamping.core.scope import area_in_scope, get_scoped, scope_of
from pendamping.registry import nik as nikmod
from pendamping.registry import services as registry
from pendamping.registry.models import ChangeSource, Household, Person, RecordStatus, Relationship
from pendamping.wilayah.models import Area, Level

from .models import Destination, MoveReport, ReportChannel, ReportKind, ReportStatus

LATE_AFTER = dt.timedelta(hours=24)
CONFIRMING_ROLES = (
    Role.ADMIN,
    Role.SUPERVISOR,
    Role.TKSK,
    Role.PSM,
    Role.PKH,
    Role.PENYULUH,
    Role.PEKSOS,
)
REPORTING_ROLES = (*CONFIRMING_ROLES, Role.RTRW)
SUBJECT_KINDS = (ReportKind.MOVED_OUT, ReportKind.DECEASED, ReportKind.UNKNOWN, ReportKind.PRESENT)
TRANSITIONS = {
    ReportStatus.PENDING: (ReportStatus.CONFIRMED, ReportStatus.REJECTED),
    ReportStatus.CONFIRMED: (),
    ReportStatus.REJECTED: (),
}
CORRECTABLE = (
    "destination",
    "to_kelurahan",
    "to_rt",
    "to_address",
    "subject_name",
    "subject_nik",
    "subject_sex",
    "new_kk",
    "event_on",
)


class MobilityErrorCode(StrEnum):
    KIND = "mobility_kind"
    SUBJECT = "mobility_subject"
    NAME = "mobility_name"
    SEX = "mobility_sex"
    NIK = "mobility_nik"
    WHEN = "mobility_when"
    DESTINATION = "mobility_destination"
    CLIENT_ID = "mobility_client_id"
    TRANSITION = "mobility_transition"
    REASON = "mobility_reason"
    ROLE = "mobility_role"
    AREA = "mobility_area"


class MobilityError(DomainError):
    def __init__(self, code: MobilityErrorCode, message: str, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


def is_late(*, event_at: dt.datetime, reported_at: dt.datetime) -> bool:
    """Newcomers must be reported within 1x24 hours (the study); later than that is late."""
    return reported_at - event_at > LATE_AFTER


def event_moment(event_on: dt.date, event_time: dt.time | None = None) -> dt.datetime:
    """When the event happened. Without a time of day, the end of that day is taken, so a
    reporter who gives only the date is never marked late by the clock of the morning."""
    moment = dt.datetime.combine(event_on, event_time or dt.time(23, 59, 59))
    return timezone.make_aware(moment)


def _check_when(event_on: dt.date | None, event_time: dt.time | None, now: dt.datetime):
    if event_on is None:
        raise MobilityError(
            MobilityErrorCode.WHEN, _("Enter the date of the event."), field="event_on"
        )
    today = timezone.localdate(now)
    if event_on > today or (
        event_time is not None
        and event_moment(event_on, event_time) > now + dt.timedelta(minutes=10)
    ):
        raise MobilityError(
            MobilityErrorCode.WHEN, _("The date of the event is in the future."), field="event_on"
        )
    if event_on < today - dt.timedelta(days=5 * 366):
        raise MobilityError(
            MobilityErrorCode.WHEN,
            _("The date of the event is more than five years ago."),
            field="event_on",
        )
    return event_moment(event_on, event_time)


def _check_nik(value: str) -> str:
    value = "".join((value or "").split())
    if not value:
        return ""
    result = nikmod.validate_nik(value)
    if not result.valid:
        problems = "; ".join(p.message_id + " / " + p.message_en for p in result.errors)
        raise MobilityError(
            MobilityErrorCode.NIK,
            _("The NIK is not valid: %(problems)s") % {"problems": problems},
            field="subject_nik",
        )
    return result.value


def _city_kelurahan(area: Area | None) -> Area | None:
    if area is None:
        return None
    if (
        area.level not in (Level.KELURAHAN, Level.DESA)
        or area.valid_to is not None
        or not area.code.startswith(settings.PENDAMPING_REGION_CODE + ".")
    ):
        raise MobilityError(
            MobilityErrorCode.DESTINATION,
            _("Choose a current kelurahan of the city as the destination."),
            field="to_kelurahan",
        )
    return area


def _check_destination(report: MoveReport) -> None:
    """A move needs a coherent destination; the rest of the kinds carry none."""
    if report.kind != ReportKind.MOVED_OUT:
        report.destination, report.to_kelurahan, report.to_rt = "", None, None
        return
    report.destination = report.destination or Destination.UNKNOWN
    if report.destination not in Destination.values:
        raise MobilityError(
            MobilityErrorCode.DESTINATION, _("Unknown destination."), field="destination"
        )
    if report.destination == Destination.SAME_KELURAHAN:
        report.to_kelurahan = report.kelurahan
    elif report.destination == Destination.OTHER_KELURAHAN:
        _city_kelurahan(report.to_kelurahan)
        if report.to_kelurahan is None:
            raise MobilityError(
                MobilityErrorCode.DESTINATION,
                _("Choose the kelurahan they moved to."),
                field="to_kelurahan",
            )
        if report.to_kelurahan_id == report.kelurahan_id:
            report.destination = Destination.SAME_KELURAHAN
    else:
        report.to_kelurahan, report.to_rt = None, None
    if report.to_rt is not None and (
        report.to_rt.level != Level.RT or report.to_rt.parent.parent_id != report.to_kelurahan_id
    ):
        raise MobilityError(
            MobilityErrorCode.DESTINATION,
            _("The RT does not belong to the destination kelurahan."),
            field="to_rt",
        )


def _reporter_rt(actor) -> Area | None:
    scope = scope_of(actor)
    if scope.rt_ids and len(scope.rt_ids) == 1:
        return Area.objects.get(pk=next(iter(scope.rt_ids)))
    return None


@transaction.atomic
def report_submit(
    *,
    actor,
    kind: str,
    event_on: dt.date | None,
    event_time: dt.time | None = None,
    household: Household | None = None,
    person: Person | None = None,
    subject_name: str = "",
    subject_nik: str = "",
    subject_sex: str = "",
    kelurahan: Area | None = None,
    rt: Area | None = None,
    destination: str = "",
    to_kelurahan: Area | None = None,
    to_rt: Area | None = None,
    to_address: str = "",
    came_from: str = "",
    new_kk: str = "",
    notes: str = "",
    client_id: str | None = None,
    channel: str = ReportChannel.WEB,
    request=None,
) -> tuple[MoveReport, bool]:
    """Store a report (and tell the assistant of the area). Returns (report, created): a report
    sent again with the same `client_id` is stored once and the first one is returned."""
    if getattr(actor, "role", None) not in REPORTING_ROLES:
        raise OutOfScope
    client_id = (client_id or "").strip() or None
    if client_id:
        if len(client_id) > 64:
            raise MobilityError(
                MobilityErrorCode.CLIENT_ID, _("The client id is too long."), field="client_id"
            )
        existing = MoveReport.objects.filter(client_id=client_id).first()
        if existing is not None:
            return _same_sender(existing, actor), False
    if kind not in ReportKind.values:
        raise MobilityError(MobilityErrorCode.KIND, _("Choose what happened."), field="kind")
    now = timezone.now()
    event_at = _check_when(event_on, event_time, now)
    if person is not None:
        person = get_scoped(Person.objects.select_related("household"), actor, pk=person.pk)
        household = person.household
    elif household is not None:
        household = get_scoped(Household.objects.all(), actor, pk=household.pk)
    subject_name = " ".join((subject_name or "").split())[:150]
    if household is not None:
        kelurahan, rt = household.kelurahan, household.rt
    else:
        rt = rt or _reporter_rt(actor)
        kelurahan = kelurahan or (rt.parent.parent if rt is not None else None)
        if kelurahan is None:
            raise MobilityError(
                MobilityErrorCode.AREA,
                _("Choose the kelurahan where it happened."),
                field="kelurahan",
            )
        if rt is not None and (rt.level != Level.RT or rt.parent.parent_id != kelurahan.pk):
            raise MobilityError(
                MobilityErrorCode.AREA, _("The RT does not belong to this kelurahan."), field="rt"
            )
        if not area_in_scope(actor, kelurahan.pk):
            raise OutOfScope
        rt_ids = scope_of(actor).rt_ids
        if rt_ids is not None and (rt is None or rt.pk not in rt_ids):
            raise OutOfScope
    if kind in SUBJECT_KINDS and household is None and not subject_name:
        raise MobilityError(
            MobilityErrorCode.SUBJECT,
            _("Choose the household or person, or write the name of someone not in the list."),
            field="subject_name",
        )
    if kind == ReportKind.DECEASED and household is not None and person is None:
        raise MobilityError(MobilityErrorCode.SUBJECT, _("Choose who died."), field="person")
    if kind in (ReportKind.MOVED_IN, ReportKind.BIRTH) and not subject_name:
        raise MobilityError(MobilityErrorCode.NAME, _("Enter the name."), field="subject_name")
    if kind == ReportKind.BIRTH and subject_sex not in ("L", "P"):
        raise MobilityError(MobilityErrorCode.SEX, _("Choose the sex."), field="subject_sex")
    if subject_sex and subject_sex not in ("L", "P"):
        raise MobilityError(MobilityErrorCode.SEX, _("Sex must be L or P."), field="subject_sex")
    report = MoveReport(
        client_id=client_id,
        kind=kind,
        household=household,
        person=person,
        subject_name=subject_name,
        subject_nik=_check_nik(subject_nik),
        subject_sex=subject_sex,
        kelurahan=kelurahan,
        rt=rt,
        event_at=event_at,
        reported_at=now,
        late=is_late(event_at=event_at, reported_at=now),
        destination=destination,
        to_kelurahan=to_kelurahan,
        to_rt=to_rt,
        to_address=" ".join((to_address or "").split())[:255],
        came_from=" ".join((came_from or "").split())[:255],
        new_kk="".join((new_kk or "").split())[:16],
        notes=(notes or "").strip()[:2000],
        reporter=actor,
        reporter_role=actor.role,
        channel=channel,
    )
    _check_destination(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same client id sent twice at the same moment
        existing = MoveReport.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
        return _same_sender(existing, actor), False
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=report,
        summary=f"mobility report {report.kind}",
        request=request,
    )
    assistant = assistant_for_kelurahan(kelurahan)
    if assistant is not None and assistant.pk != actor.pk:
        notify(
            user=assistant,
            text=_("New report to confirm: %(kind)s, %(who)s (%(area)s)")
            % {
                "kind": report.get_kind_display(),
                "who": report.subject_label,
                "area": kelurahan.name,
            },
            url=f"/mobility/reports/{report.pk}/",
            kind="mobility_report",
        )
    return report, True


def _same_sender(existing: MoveReport, actor) -> MoveReport:
    if existing.reporter_id != actor.pk:
        raise MobilityError(
            MobilityErrorCode.CLIENT_ID,
            _("This client id was already used by another sender."),
            field="client_id",
        )
    return existing


def _locked_pending(actor, report: MoveReport, to_status: str) -> MoveReport:
    if getattr(actor, "role", None) not in CONFIRMING_ROLES:
        raise OutOfScope
    get_scoped(MoveReport.objects.all(), actor, pk=report.pk)
    report = MoveReport.objects.select_for_update().get(pk=report.pk)
    if to_status not in TRANSITIONS[report.status]:
        raise MobilityError(
            MobilityErrorCode.TRANSITION,
            _("This report was already decided."),
            from_status=report.status,
            to_status=to_status,
        )
    return report


@transaction.atomic
def report_reject(*, actor, report: MoveReport, reason: str, request=None) -> MoveReport:
    report = _locked_pending(actor, report, ReportStatus.REJECTED)
    reason = (reason or "").strip()
    if not reason:
        raise MobilityError(
            MobilityErrorCode.REASON, _("Say why the report is rejected."), field="reason"
        )
    report.status = ReportStatus.REJECTED
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.decision_reason = reason[:2000]
    report.save()
    audit_record(
        actor=actor, action=Action.WRITE, obj=report, summary="report rejected", request=request
    )
    _tell_reporter(report, actor)
    return report


def _apply_corrections(report: MoveReport, corrections: dict) -> dict:
    unknown = set(corrections) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"Not correctable: {sorted(unknown)}")
    diff: dict[str, list] = {}
    for field, new in corrections.items():
        if field == "event_on":
            if new is None or new == timezone.localtime(report.event_at).date():
                continue
            old = timezone.localtime(report.event_at).date()
            report.event_at = _check_when(new, None, timezone.now())
            report.late = is_late(event_at=report.event_at, reported_at=report.reported_at)
            diff[field] = [old.isoformat(), new.isoformat()]
            continue
        if field == "subject_nik":
            new = _check_nik(new or "")
        old = getattr(report, field)
        if field in ("to_kelurahan", "to_rt"):
            if (old.pk if old else None) != (new.pk if new else None):
                diff[field] = [old.code if old else None, new.code if new else None]
        else:
            new = new or ""
            if (old or "") != new:
                diff[field] = [old, new]
        setattr(report, field, new)
    _check_destination(report)
    return diff


@transaction.atomic
def report_confirm(
    *, actor, report: MoveReport, corrections: dict | None = None, note: str = "", request=None
) -> MoveReport:
    """Confirm (with corrections) and apply the report to the registry, then hand over or close
    the person's open work. Conflicting reports still pending stay visible for a decision."""
    report = _locked_pending(actor, report, ReportStatus.CONFIRMED)
    diff = _apply_corrections(report, corrections or {})
    report.status = ReportStatus.CONFIRMED
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.decision_reason = (note or "").strip()[:2000]
    report.corrections = diff
    report.save()
    _APPLY[report.kind](actor, report)
    report.save()
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=report,
        summary=f"report confirmed: {report.kind}" + (" (corrected)" if diff else ""),
        request=request,
    )
    _tell_reporter(report, actor)
    return report


def _tell_reporter(report: MoveReport, actor) -> None:
    if report.reporter_id == actor.pk:
        return
    text = (
        _("Your report was confirmed: %(kind)s, %(who)s")
        if report.status == ReportStatus.CONFIRMED
        else _("Your report was rejected: %(kind)s, %(who)s")
    )
    notify(
        user=report.reporter,
        text=text % {"kind": report.get_kind_display(), "who": report.subject_label},
        url=f"/mobility/reports/{report.pk}/",
        kind="mobility_decision",
    )


def _note(report: MoveReport, actor) -> str:
    return _(
        "Mobility report #%(id)s (%(kind)s, reported by %(reporter)s, confirmed by %(actor)s)"
    ) % {
        "id": report.pk,
        "kind": report.get_kind_display(),
        "reporter": report.reporter.get_username(),
        "actor": actor.get_username(),
    }


def _subjects(report: MoveReport) -> list[Person]:
    if report.person_id:
        return [report.person]
    if report.household_id:
        return list(
            report.household.members.exclude(
                status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT)
            ).order_by("pk")
        )
    return []


def _whole_household(report: MoveReport, people: list[Person]) -> bool:
    if report.household_id is None:
        return False
    if report.person_id is None:
        return True
    others = report.household.members.exclude(pk=report.person_id).exclude(
        status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT, RecordStatus.MOVED_WITHIN)
    )
    return not others.exists()


def _set_status(actor, people: list[Person], status: str, note: str) -> None:
    """People of the report's area, which the confirming actor covers (checked before)."""
    for person in people:
        registry.person_set_status(
            actor=actor, person=person, status=status, source=ChangeSource.MOBILITY, note=note
        )


def _hand_over(
    actor,
    report: MoveReport,
    people: list[Person],
    *,
    to_kelurahan: Area | None,
    left_city: bool = False,
    reason: str = "moved",
) -> None:
    ids = [p.pk for p in people]
    if not ids:
        return
    to_user = assistant_for_kelurahan(to_kelurahan) if to_kelurahan is not None else None
    note = _note(report, actor)
    if left_city:
        note += " — " + (
            _("the person died; open work closed")
            if reason == "deceased"
            else _("the person left the city; open work closed")
            if reason == "moved"
            else _("the person was not found; open work closed")
        )
    elif to_kelurahan is not None:
        note += " — " + _("handed over to %(user)s (%(area)s)") % {
            "user": to_user.get_username() if to_user else _("nobody assigned"),
            "area": to_kelurahan.name,
        }
    items = handover.hand_over(
        context=handover.HandoverContext(
            person_ids=ids,
            actor=actor,
            note=note,
            to_user=to_user,
            to_kelurahan_id=to_kelurahan.pk if to_kelurahan is not None else None,
            left_city=left_city,
            source=f"mobility report #{report.pk}",
            extra={"reason": reason, "report_id": report.pk},
        )
    )
    report.handover = {
        "left_city": left_city,
        "reason": reason,
        "to_user": to_user.get_username() if to_user else "",
        "to_kelurahan": to_kelurahan.code if to_kelurahan else "",
        "note": note,
        "items": [
            {
                "kind": i.kind,
                "id": i.object_id,
                "label": i.label,
                "url": i.url,
                "owner_id": i.owner_id,
            }
            for i in items
        ],
    }
    if left_city:
        return
    handover.notify_new_owners(
        items,
        to_user=to_user,
        actor=actor,
        text=_("Handed over to you: %(n)s open item(s) about %(who)s, who moved to %(area)s")
        % {"n": len(items), "who": report.subject_label, "area": to_kelurahan.name},
        url=f"/mobility/reports/{report.pk}/",
    )


def _apply_moved_out(actor, report: MoveReport) -> None:
    from . import tracing

    people = _subjects(report)
    note = _note(report, actor)
    if not people:
        return
    whole = _whole_household(report, people)
    household = report.household
    if report.destination == Destination.UNKNOWN:
        _set_status(actor, people, RecordStatus.NOT_FOUND, note)
        for person in people:
            tracing.tracing_open_for_report(actor=actor, person=person, report=report)
        return
    tracing.tracing_close_found(actor=actor, people=people, note=note)
    if report.destination == Destination.OUTSIDE_CITY:
        _set_status(actor, people, RecordStatus.MOVED_OUT, note)
        if whole:
            registry.household_update(
                actor=actor,
                household=household,
                status=RecordStatus.MOVED_OUT,
                source=ChangeSource.MOBILITY,
                note=note,
                action="status",
                confirmed_move=True,
            )
        _hand_over(actor, report, people, to_kelurahan=None, left_city=True)
        return
    if whole:
        changes = {"kelurahan": report.to_kelurahan, "rt": report.to_rt}
        if report.to_address:
            changes["address"] = report.to_address
        registry.household_update(
            actor=actor,
            household=household,
            source=ChangeSource.MOBILITY,
            note=note,
            action="move",
            confirmed_move=True,
            **changes,
        )
    else:
        _set_status(
            actor, people, RecordStatus.MOVED_WITHIN, note + " → " + report.to_kelurahan.name
        )
        _register_at_destination(actor, report, people)
    if report.to_kelurahan_id != report.kelurahan_id:
        _hand_over(actor, report, people, to_kelurahan=report.to_kelurahan)


def _register_at_destination(actor, report: MoveReport, people: list[Person]) -> None:
    """A member who left their household alone: the destination's assistant registers them
    in their new household (a field check, since a new KK cannot be guessed)."""
    from pendamping.linkage.models import VervalSource
    from pendamping.linkage.services import verval_task_create

    for person in people:
        verval_task_create(
            actor=actor,
            person=person,
            kelurahan=report.to_kelurahan,
            source=VervalSource.MOBILITY,
            source_ref=f"mobility:{report.pk}",
            reason=_(
                "Moved here alone (report #%(id)s): register in their new household. %(address)s"
            )
            % {"id": report.pk, "address": report.to_address},
        )


def _apply_deceased(actor, report: MoveReport) -> None:
    from . import tracing

    people = _subjects(report)
    note = _note(report, actor)
    tracing.tracing_close_found(actor=actor, people=people, note=note)
    _set_status(actor, people, RecordStatus.DECEASED, note)
    _hand_over(actor, report, people, to_kelurahan=None, left_city=True, reason="deceased")


def _apply_unknown(actor, report: MoveReport) -> None:
    from . import tracing

    note = _note(report, actor)
    for person in _subjects(report):
        if person.status == RecordStatus.ACTIVE:
            _set_status(actor, [person], RecordStatus.NOT_FOUND, note)
        tracing.tracing_open_for_report(actor=actor, person=person, report=report)


def _apply_present(actor, report: MoveReport) -> None:
    from . import tracing

    people = _subjects(report)
    note = _note(report, actor)
    tracing.tracing_close_found(actor=actor, people=people, note=note)
    _set_status(
        actor, [p for p in people if p.status == RecordStatus.NOT_FOUND], RecordStatus.ACTIVE, note
    )


def _apply_birth(actor, report: MoveReport) -> None:
    if report.household_id is None:
        _newcomer_check(actor, report, _("Birth reported (report #%(id)s): register the child."))
        return
    report.result_person = registry.person_create(
        actor=actor,
        household=report.household,
        name=report.subject_name,
        sex=report.subject_sex,
        nik=report.subject_nik or None,
        birth_date=timezone.localtime(report.event_at).date(),
        relationship=Relationship.CHILD,
        source=ChangeSource.MOBILITY,
        note=_note(report, actor),
        confirm_not_duplicate=True,
    )


def _apply_moved_in(actor, report: MoveReport) -> None:
    note = _note(report, actor)
    known = (
        Person.objects.select_related("household", "kelurahan")
        .filter(nik=report.subject_nik)
        .first()
        if report.subject_nik
        else None
    )
    if known is not None:
        report.result_person = known
        old_kelurahan = known.kelurahan
        people = list(
            known.household.members.exclude(
                status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT)
            )
        )
        changes = {"kelurahan": report.kelurahan, "rt": report.rt}
        if report.to_address:
            changes["address"] = report.to_address
        registry.household_update(
            actor=actor,
            household=known.household,
            source=ChangeSource.MOBILITY,
            note=note,
            action="move",
            confirmed_move=True,
            **changes,
        )
        if old_kelurahan.pk != report.kelurahan_id:
            _hand_over(actor, report, people, to_kelurahan=report.kelurahan)
        return
    if report.household_id is not None or report.new_kk:
        household = report.household
        if household is None:
            household = registry.household_create(
                actor=actor,
                kk=report.new_kk,
                kelurahan=report.kelurahan,
                rt=report.rt,
                address=report.to_address,
                source=ChangeSource.MOBILITY,
                note=note,
            )
        if report.subject_sex not in ("L", "P"):
            raise MobilityError(
                MobilityErrorCode.SEX,
                _("Choose the sex of the newcomer to register them."),
                field="subject_sex",
            )
        report.result_person = registry.person_create(
            actor=actor,
            household=household,
            name=report.subject_name,
            sex=report.subject_sex,
            nik=report.subject_nik or None,
            relationship="" if report.household_id else Relationship.HEAD,
            source=ChangeSource.MOBILITY,
            note=note + (f" — {report.came_from}" if report.came_from else ""),
            confirm_not_duplicate=True,
        )
        return
    _newcomer_check(
        actor, report, _("Newcomer reported (report #%(id)s): visit, and register if in need.")
    )


def _newcomer_check(actor, report: MoveReport, reason: str) -> None:
    """Someone not in the registry and no KK to register them under: a field visit."""
    from pendamping.linkage.models import VervalSource
    from pendamping.linkage.services import verval_task_create

    task = verval_task_create(
        actor=actor,
        kelurahan=report.kelurahan,
        subject=report.subject_name,
        source=VervalSource.MOBILITY,
        source_ref=f"mobility:{report.pk}",
        reason=(reason % {"id": report.pk} + " " + report.came_from).strip(),
    )
    report.handover = {
        "left_city": False,
        "to_user": task.assignee.get_username() if task.assignee else "",
        "note": task.reason,
        "items": [
            {
                "kind": "verval_task",
                "id": task.pk,
                "label": f"{_('Verval task')}: {task.reason}",
                "url": "",
                "owner_id": task.assignee_id,
            }
        ],
    }


_APPLY = {
    ReportKind.MOVED_OUT: _apply_moved_out,
    ReportKind.MOVED_IN: _apply_moved_in,
    ReportKind.DECEASED: _apply_deceased,
    ReportKind.BIRTH: _apply_birth,
    ReportKind.UNKNOWN: _apply_unknown,
    ReportKind.PRESENT: _apply_present,
}
