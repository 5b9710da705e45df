"""Casework's part in a confirmed move (`core.handover`): open cases and referrals about the
person follow them to the assistant of the destination, or are closed when they left the city
(or died, or were deactivated after tracing).

A case keeps all its history (events, activities, plan, reviews); the handover adds one event
with the note. The new lead is an assistant of the same role as the current lead who covers the
destination (a TKSK's case goes to the destination's TKSK), else the destination's assistant.
A referral's follow-up owner (`referred_by`) moves with it, the previous owner named in its event.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import FIELD_ROLES
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.core.handover import HandoverContext, OpenItem
from pendamping.wilayah.models import Area

from .models import Case, CaseEvent, CaseStatus, Outcome, Referral, ReferralEvent, ReferralStatus

OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.NO_RESPONSE)
CLOSING_OUTCOME = {"deceased": Outcome.DECEASED, "moved": Outcome.MOVED_AWAY}


def _case_item(case: Case) -> OpenItem:
    return OpenItem(
        "case",
        case.pk,
        f"{_('Case')} #{case.pk}: {case.category.name_id}",
        url=f"/casework/cases/{case.pk}/",
        owner_id=case.lead_id,
    )


def _referral_item(referral: Referral) -> OpenItem:
    return OpenItem(
        "referral",
        referral.pk,
        f"{_('Referral')} #{referral.pk}: {referral.agency.name}",
        url=f"/casework/referrals/{referral.pk}/",
        owner_id=referral.referred_by_id,
    )


class CaseHandover:
    kind = "case"

    def open_items(self, *, person_ids: Iterable[int]) -> list[OpenItem]:
        ids = list(person_ids)
        cases = (
            Case.objects.filter(person_id__in=ids)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("category")
        )
        referrals = Referral.objects.filter(
            person_id__in=ids, status__in=OPEN_REFERRAL
        ).select_related("agency")
        return [_case_item(c) for c in cases] + [_referral_item(r) for r in referrals]

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        destination = (
            Area.objects.get(pk=context.to_kelurahan_id) if context.to_kelurahan_id else None
        )
        leads: dict[int, object] = {}
        moved: list[OpenItem] = []
        cases = (
            Case.objects.select_for_update(of=("self",))
            .filter(person_id__in=context.person_ids)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("lead", "category")
        )
        for case in cases:
            if context.left_city:
                self._close(case, context)
            else:
                new_lead = self._new_lead(case.lead, destination, context)
                note = context.note
                if new_lead is not None and new_lead.pk != case.lead_id:
                    note += " · " + _("lead: %(old)s → %(new)s") % {
                        "old": case.lead.get_username(),
                        "new": new_lead.get_username(),
                    }
                    previous = case.lead
                    case.lead = new_lead
                    # The previous lead stays on the case, so both see its whole history.
                    case.members.add(previous)
                if destination is not None:
                    case.kelurahan = destination
                case.save(update_fields=["lead", "kelurahan"])
                CaseEvent.objects.create(
                    case=case,
                    actor=context.actor,
                    from_status=case.status,
                    to_status=case.status,
                    note=note,
                )
            leads[case.pk] = case.lead
            moved.append(_case_item(case))
        referrals = (
            Referral.objects.select_for_update(of=("self",))
            .filter(person_id__in=context.person_ids, status__in=OPEN_REFERRAL)
            .select_related("agency", "referred_by", "case")
        )
        for referral in referrals:
            note = context.note
            if not context.left_city:
                owner = leads.get(referral.case_id) or self._new_lead(
                    referral.referred_by, destination, context
                )
                if owner is not None and owner.pk != referral.referred_by_id:
                    note += " · " + _("follow-up: %(old)s → %(new)s") % {
                        "old": referral.referred_by.get_username(),
                        "new": owner.get_username(),
                    }
                    referral.referred_by = owner
                if destination is not None:
                    referral.kelurahan = destination
                referral.save(update_fields=["referred_by", "kelurahan"])
            ReferralEvent.objects.create(
                referral=referral,
                actor=context.actor,
                from_status=referral.status,
                to_status=referral.status,
                note=note,
            )
            moved.append(_referral_item(referral))
        return moved

    @staticmethod
    def _new_lead(current, destination: Area | None, context: HandoverContext):
        if destination is not None and getattr(current, "role", None) in FIELD_ROLES:
            same_role = assistant_for_kelurahan(destination, roles=(current.role,))
            if same_role is not None:
                return same_role
        return context.to_user

    @staticmethod
    def _close(case: Case, context: HandoverContext) -> None:
        outcome = CLOSING_OUTCOME.get(context.extra.get("reason", "moved"), Outcome.OTHER)
        CaseEvent.objects.create(
            case=case,
            actor=context.actor,
            from_status=case.status,
            to_status=CaseStatus.CLOSED,
            note=context.note,
        )
        case.status = CaseStatus.CLOSED
        case.outcome = outcome
        case.outcome_note = context.note
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "outcome", "outcome_note", "closed_at"])
