"""Complaint writes: submission (public form, phone, walk-in, API), routing, deadlines,
escalation, field checks for targeting/data complaints, resolution, and handover on moves."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Role, User
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.handover import HandoverContext, OpenItem
from pendamping.core.notifications import notify
from pendamping.core.scope import get_scoped
from pendamping.registry import nik as nikmod
from pendamping.registry.models import Person
from pendamping.wilayah.models import Area

from ..services import ProgramsError, ProgramsErrorCode
from .models import (
    DEFAULT_DAYS,
    OPEN_COMPLAINT,
    VERVAL_CATEGORIES,
    Category,
    Channel,
    Complaint,
    ComplaintDeadline,
    ComplaintEvent,
    ComplaintStatus,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
DUPLICATE_WINDOW = timedelta(hours=24)
MAX_PHOTO_BYTES = 2 * 1024 * 1024
HANDLERS = (*CITY_WIDE_ROLES, *FIELD_ROLES)
C = ComplaintStatus
TRANSITIONS: dict[str, tuple[str, ...]] = {
    C.RECEIVED: (C.IN_PROGRESS, C.RESOLVED, C.CLOSED),
    C.IN_PROGRESS: (C.RESOLVED, C.CLOSED),
    C.RESOLVED: (),
    C.CLOSED: (),
}


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def pin_for(code: str) -> str:
    """The 6-digit secret shown with the code; derived, so a resubmission can show it again."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"complaint-pin:{code}".encode(), "sha256")
    return f"{int.from_bytes(digest.digest()[:6], 'big') % 1_000_000:06d}"


def normalise_code(code: str) -> str:
    raw = re.sub(r"[^A-Z0-9]", "", (code or "").upper())[:8]
    return f"{raw[:4]}-{raw[4:]}"


def _fingerprint(category: str, kelurahan_id: int, nik: str, description: str, contact: str):
    text = "|".join(
        [category, str(kelurahan_id), nik, " ".join(description.lower().split()), contact.lower()]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def deadline_days(category: str) -> int:
    row = ComplaintDeadline.objects.filter(category=category).first()
    return row.days if row else DEFAULT_DAYS.get(category, 14)


def _supervisor() -> User | None:
    return User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk").first()


def _invalid(message: str, field: str) -> ProgramsError:
    return ProgramsError(ProgramsErrorCode.INVALID, message, field=field)


def _check_photo(photo) -> None:
    if photo is None:
        return
    if photo.size > MAX_PHOTO_BYTES:
        raise _invalid(_("The photo is larger than 2 MB."), "photo")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(photo) as image:
            image.verify()
            if image.format not in ("JPEG", "PNG", "WEBP"):
                raise _invalid(_("The photo must be a JPEG, PNG or WebP image."), "photo")
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise _invalid(_("The file is not an image."), "photo") from exc
    photo.seek(0)


def _event(complaint, actor, from_status="", to_status="", note="", public=False):
    return ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
    )


def _url(complaint: Complaint) -> str:
    return reverse("programs:complaint_detail", args=[complaint.pk])


@transaction.atomic
def complaint_submit(
    *,
    actor,
    channel: str,
    category: str,
    kelurahan: Area,
    description: str,
    nik: str = "",
    name: str = "",
    contact: str = "",
    about_name: str = "",
    about_user=None,
    photo=None,
    code: str = "",
) -> tuple[Complaint, bool]:
    """File a complaint and route it. Returns (complaint, created); the same complaint sent
    twice within a day returns the first one. `code` is for callers that need stable codes
    (the demo); otherwise a random one is drawn."""
    if channel not in Channel.values:
        raise _invalid(_("Unknown channel."), "channel")
    if channel != Channel.WEB and getattr(actor, "role", None) not in HANDLERS:
        raise ProgramsError(ProgramsErrorCode.ROLE, _("Your role may not do this."))
    if category not in Category.values:
        raise _invalid(_("Choose what the complaint is about."), "category")
    if kelurahan is None or not kelurahan.code.startswith(settings.PENDAMPING_REGION_CODE + "."):
        raise _invalid(_("Choose a kelurahan of this city."), "kelurahan")
    description = description.strip()
    if len(description) < 10:
        raise _invalid(_("Describe the problem in at least 10 characters."), "description")
    if len(description) > 2000:
        raise _invalid(_("The description is longer than 2,000 characters."), "description")
    nik = re.sub(r"\s", "", nik or "")
    if nik and not nikmod.validate_nik(nik).valid:
        raise _invalid(_("The NIK is not valid: it must be 16 digits of a real NIK."), "nik")
    name, contact, about_name = name.strip()[:100], contact.strip()[:100], about_name.strip()[:100]
    fingerprint = _fingerprint(category, kelurahan.pk, nik, description, contact)
    existing = (
        Complaint.objects.select_for_update()
        .filter(fingerprint=fingerprint, created_at__gte=timezone.now() - DUPLICATE_WINDOW)
        .first()
    )
    if existing is not None:
        return existing, False
    _check_photo(photo)
    # The record is linked only when registered in the complaint's kelurahan: its field check
    # and the complaint go to that kelurahan's assistant, who must not see (name, NIK) a
    # person of another area. Elsewhere in the registry is noted, without details.
    registered = Person.objects.filter(nik=nik).first() if nik else None
    person = registered if registered and registered.kelurahan_id == kelurahan.pk else None
    conduct = category == Category.ASSISTANT_CONDUCT
    assignee = _supervisor() if conduct else assistant_for_kelurahan(kelurahan)
    if conduct and about_user is None:
        about_user = assistant_for_kelurahan(kelurahan)
    complaint = Complaint(
        code=code or new_code(),
        category=category,
        channel=channel,
        kelurahan=kelurahan,
        nik=nik,
        person=person,
        name=name,
        contact=contact,
        description=description,
        about_user=about_user if conduct else None,
        about_name=about_name if conduct else "",
        assignee=assignee,
        due_at=timezone.now() + timedelta(days=deadline_days(category)),
        fingerprint=fingerprint,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    while Complaint.objects.filter(code=complaint.code).exists():
        complaint.code = new_code()
    if photo is not None:
        complaint.photo.save(f"{complaint.code}.img", photo, save=False)
    complaint.save()
    _event(complaint, actor, "", C.RECEIVED, public=True)
    if registered is not None and person is None:
        _event(
            complaint,
            actor,
            note=_(
                "The NIK is in the registry at an address in another kelurahan; the field "
                "check decides whether the person moved (a supervisor can look the NIK up)."
            ),
        )
    if category in VERVAL_CATEGORIES:
        from pendamping.linkage.services import verval_task_create

        task = verval_task_create(
            actor=actor,
            reason=f"{_('Complaint')} {complaint.code}: {complaint.get_category_display()}",
            source="complaint",
            person=person,
            kelurahan=kelurahan,
            subject=(person.name if person else name) or _("Complainant"),
            source_ref=complaint.code,
        )
        _event(complaint, actor, note=_("Field check (verval) #%(n)s opened.") % {"n": task.pk})
    if assignee is not None:
        notify(
            user=assignee,
            text=_("New complaint %(code)s: %(category)s")
            % {"code": complaint.code, "category": complaint.get_category_display()},
            url=_url(complaint),
            kind="complaint",
        )
    audit_record(actor=actor, action=Action.WRITE, obj=complaint, summary=f"complaint {category}")
    return complaint, True


def complaint_locked(actor, complaint: Complaint) -> Complaint:
    from .selectors import complaint_get

    complaint_get(actor=actor, pk=complaint.pk)  # scope and the conduct rule
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def allowed_transitions(complaint: Complaint) -> tuple[str, ...]:
    return TRANSITIONS[complaint.status]


@transaction.atomic
def complaint_transition(
    *, actor, complaint: Complaint, to_status: str, note: str = "", answer: str = ""
) -> Complaint:
    """Take up, resolve (with an answer to the complainant) or close (with a reason)."""
    if getattr(actor, "role", None) not in HANDLERS:
        raise ProgramsError(ProgramsErrorCode.ROLE, _("Your role may not do this."))
    complaint = complaint_locked(actor, complaint)
    if to_status not in TRANSITIONS[complaint.status]:
        raise ProgramsError(
            ProgramsErrorCode.TRANSITION, _("A complaint cannot go from this status to that one.")
        )
    answer, note = answer.strip()[:2000], note.strip()[:2000]
    if to_status in (C.RESOLVED, C.CLOSED) and not answer:
        raise ProgramsError(
            ProgramsErrorCode.REASON_REQUIRED,
            _("Write the answer to the complainant."),
            field="answer",
        )
    from_status = complaint.status
    complaint.status = to_status
    if answer:
        complaint.answer = answer
    if to_status in (C.RESOLVED, C.CLOSED):
        complaint.resolved_at = timezone.now()
    if to_status == C.IN_PROGRESS and complaint.assignee_id is None:
        complaint.assignee = actor
    complaint.save()
    _event(complaint, actor, from_status, to_status, note, public=True)
    audit_record(
        actor=actor, action=Action.WRITE, obj=complaint, summary=f"{from_status} -> {to_status}"
    )
    return complaint


@transaction.atomic
def complaint_note(*, actor, complaint: Complaint, note: str) -> ComplaintEvent:
    if getattr(actor, "role", None) not in HANDLERS or not note.strip():
        raise ProgramsError(ProgramsErrorCode.INVALID, _("Write the note."), field="note")
    complaint = complaint_locked(actor, complaint)
    audit_record(actor=actor, action=Action.WRITE, obj=complaint, summary="note")
    return _event(complaint, actor, note=note.strip()[:2000])


@transaction.atomic
def complaint_assign(*, actor, complaint: Complaint, user) -> Complaint:
    """A supervisor hands a complaint to someone else (never a conduct complaint to the assistant
    it is about)."""
    if actor.role not in CITY_WIDE_ROLES:
        raise ProgramsError(ProgramsErrorCode.ROLE, _("Only a supervisor may reassign."))
    complaint = complaint_locked(actor, complaint)
    if complaint.category == Category.ASSISTANT_CONDUCT and user.role not in CITY_WIDE_ROLES:
        raise ProgramsError(
            ProgramsErrorCode.INVALID, _("A complaint about an assistant stays with supervisors.")
        )
    complaint.assignee = user
    complaint.save(update_fields=["assignee"])
    _event(complaint, actor, note=_("Assigned to %(user)s") % {"user": user})
    notify(
        user=user,
        text=_("Complaint %(code)s assigned to you") % {"code": complaint.code},
        url=_url(complaint),
        kind="complaint",
    )
    audit_record(actor=actor, action=Action.WRITE, obj=complaint, summary=f"assigned {user.pk}")
    return complaint


@transaction.atomic
def deadline_set(*, actor, category: str, days: int) -> ComplaintDeadline:
    if actor.role not in CITY_WIDE_ROLES:
        raise ProgramsError(ProgramsErrorCode.ROLE, _("Only a supervisor may set deadlines."))
    if category not in Category.values or not 1 <= days <= 365:
        raise _invalid(_("Days must be between 1 and 365."), "days")
    row, _created = ComplaintDeadline.objects.update_or_create(
        category=category, defaults={"days": days}
    )
    audit_record(actor=actor, action=Action.WRITE, obj=row, summary=f"deadline {category}={days}")
    return row


@transaction.atomic
def complaints_escalate_overdue(*, now: datetime | None = None) -> int:
    """Open complaints past their deadline go to the supervisors, once each (run periodically)."""
    now = now or timezone.now()
    overdue = list(
        Complaint.objects.select_for_update()
        .filter(status__in=OPEN_COMPLAINT, due_at__lt=now, escalated_at__isnull=True)
        .select_related("kelurahan")
    )
    supervisors = list(User.objects.filter(role=Role.SUPERVISOR, is_active=True))
    for complaint in overdue:
        complaint.escalated_at = now
        complaint.save(update_fields=["escalated_at"])
        _event(complaint, None, note=_("Overdue: escalated to the supervisor."))
        for user in supervisors:
            notify(
                user=user,
                text=_("Complaint %(code)s in %(area)s is overdue")
                % {"code": complaint.code, "area": complaint.kelurahan.name},
                url=_url(complaint),
                kind="complaint_overdue",
            )
        audit_record(actor=None, action=Action.WRITE, obj=complaint, summary="escalated: overdue")
    return len(overdue)


def public_status(*, code: str, pin: str) -> Complaint | None:
    """The complaint whose code and PIN both match, else None (same answer for either wrong)."""
    code = normalise_code(code)
    complaint = Complaint.objects.filter(code=code).select_related("kelurahan").first()
    expected = pin_for(code)
    if not hmac.compare_digest(expected, re.sub(r"\D", "", pin or "")[:6]) or complaint is None:
        return None
    return complaint


class ComplaintHandover:
    """Open complaints about a person who moves go to the destination's assistant, or are
    closed with the reason when the person left the city. Conduct complaints stay with
    the supervisors."""

    kind = "complaint"

    def open_items(self, *, person_ids) -> list[OpenItem]:
        rows = Complaint.objects.filter(person_id__in=person_ids, status__in=OPEN_COMPLAINT)
        return [
            OpenItem("complaint", c.pk, f"{_('Complaint')} {c.code}", owner_id=c.assignee_id)
            for c in rows
        ]

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        rows = list(
            Complaint.objects.select_for_update().filter(
                person_id__in=context.person_ids, status__in=OPEN_COMPLAINT
            )
        )
        moved = []
        for c in rows:
            if context.left_city:
                from_status = c.status
                c.status = C.CLOSED
                c.resolved_at = timezone.now()
                c.answer = c.answer or _("The person concerned has moved out of the city.")
                c.save()
                _event(c, context.actor, from_status, C.CLOSED, context.note, public=True)
            else:
                if context.to_kelurahan_id:
                    c.kelurahan_id = context.to_kelurahan_id
                if c.category != Category.ASSISTANT_CONDUCT:
                    c.assignee = context.to_user
                c.save(update_fields=["kelurahan", "assignee"])
                _event(c, context.actor, note=context.note)
                if c.assignee is not None and c.category != Category.ASSISTANT_CONDUCT:
                    notify(
                        user=c.assignee,
                        text=_("Complaint %(code)s handed over to you") % {"code": c.code},
                        url=_url(c),
                        kind="complaint",
                    )
            moved.append(
                OpenItem("complaint", c.pk, f"{_('Complaint')} {c.code}", owner_id=c.assignee_id)
            )
        return moved


def scoped_person(actor, pk: int) -> Person:
    return get_scoped(Person.objects.all(), actor, pk=pk)
