from datetime import date, timedelta

import pytest
from django.utils import timezone

from pendamping.casework import selectors, services
from pendamping.casework.models import (
    AccessKind,
    AccessLog,
    Activity,
    Agency,
    CaseStatus,
    ReferralStatus,
)
from pendamping.core.exceptions import OutOfScope

pytestmark = pytest.mark.django_db


def test_case_opens_in_assessment_with_lead_and_kelurahan(case, tksk, person):
    assert case.status == CaseStatus.ASSESSMENT
    assert case.lead == tksk
    assert case.kelurahan_id == person.kelurahan_id
    assert case.events.get().to_status == CaseStatus.ASSESSMENT


def test_case_outside_scope_cannot_be_opened(make_user, person, category):
    stranger = make_user("tksk", "14.71.02")
    with pytest.raises(OutOfScope):
        services.case_open(actor=stranger, person=person, category=category, problem="x")


def test_allowed_transitions_only(case, tksk):
    with pytest.raises(services.CaseworkError) as exc:
        services.case_transition(actor=tksk, case=case, to_status=CaseStatus.REVIEW)
    assert exc.value.code == services.CaseworkErrorCode.TRANSITION
    services.case_transition(actor=tksk, case=case, to_status=CaseStatus.PLANNED)
    case = services.case_transition(actor=tksk, case=case, to_status=CaseStatus.IN_PROGRESS)
    assert case.status == CaseStatus.IN_PROGRESS
    assert services.allowed_transitions(case) == (CaseStatus.REVIEW, CaseStatus.CLOSED)
    with pytest.raises(services.CaseworkError) as exc:
        services.case_transition(actor=tksk, case=case, to_status=CaseStatus.CLOSED)
    assert exc.value.code == services.CaseworkErrorCode.OUTCOME_REQUIRED


def test_close_needs_outcome_and_is_final(case, tksk):
    with pytest.raises(services.CaseworkError):
        services.case_close(actor=tksk, case=case, outcome="")
    case = services.case_close(actor=tksk, case=case, outcome="referred_on", note="To LKS")
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    with pytest.raises(services.CaseworkError):
        services.case_close(actor=tksk, case=case, outcome="other")
    with pytest.raises(services.CaseworkError):
        services.case_transition(actor=tksk, case=case, to_status=CaseStatus.IN_PROGRESS)
    assert [e.to_status for e in case.events.all()] == ["assessment", "closed"]


def test_goal_toggle_and_overdue_on_home(case, tksk):
    goal = services.goal_add(
        actor=tksk, case=case, text="KIS card", due_on=timezone.localdate() - timedelta(days=2)
    )
    assert [g.pk for g in selectors.home_panel(tksk)["overdue_goals"]] == [goal.pk]
    services.goal_toggle(actor=tksk, goal=goal)
    assert selectors.home_panel(tksk)["overdue_goals"] == []


def test_activity_needs_known_roles_and_is_idempotent(case, tksk):
    with pytest.raises(services.CaseworkError) as exc:
        services.activity_record(actor=tksk, case=case, kind="home_visit", roles=[])
    assert exc.value.code == services.CaseworkErrorCode.ROLES_REQUIRED
    with pytest.raises(services.CaseworkError):
        services.activity_record(actor=tksk, case=case, kind="home_visit", roles=["wizard"])
    first, created = services.activity_record(
        actor=tksk,
        case=case,
        kind="home_visit",
        roles=["broker", "facilitator"],
        client_id="phone-1:abc",
    )
    again, created_again = services.activity_record(
        actor=tksk, case=case, kind="home_visit", roles=["broker"], client_id="phone-1:abc"
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert Activity.objects.count() == 1
    assert first.roles == ["facilitator", "broker"]  # the fixed order
    assert list(first.people.all()) == [case.person]


def test_standalone_activity_in_own_area_only(tksk, person):
    activity, _ = services.activity_record(
        actor=tksk, kind="info_session", roles=["mobiliser"], kelurahan_id=person.kelurahan_id
    )
    assert activity.case is None
    from pendamping.wilayah.models import Area

    elsewhere = Area.objects.get(code="14.71.02.1001")
    with pytest.raises(OutOfScope):
        services.activity_record(
            actor=tksk, kind="info_session", roles=["mobiliser"], kelurahan_id=elsewhere.pk
        )


def test_referral_loop_and_overdue(case, tksk):
    agency = Agency.objects.create(name="BPJS Kesehatan", kind="insurance", services="JKN")
    referral = services.referral_create(
        actor=tksk, case=case, agency=agency, need="KIS", due_on=date(2020, 1, 1)
    )
    assert referral.person == case.person
    assert [r.pk for r in selectors.home_panel(tksk)["overdue_referrals"]] == [referral.pk]
    with pytest.raises(services.CaseworkError):
        services.referral_transition(
            actor=tksk, referral=referral, to_status=ReferralStatus.SERVICE_GIVEN
        )
    services.referral_transition(actor=tksk, referral=referral, to_status="accepted")
    referral = services.referral_transition(
        actor=tksk, referral=referral, to_status="service_given", feedback="Card issued."
    )
    assert referral.feedback == "Card issued."
    assert [e.to_status for e in referral.events.all()] == ["sent", "accepted", "service_given"]
    assert selectors.home_panel(tksk)["overdue_referrals"] == []


def test_protection_case_hidden_from_neighbour_and_refusal_logged(protection_case, neighbour, tksk):
    assert protection_case.urgency == 4
    assert selectors.case_get(tksk, protection_case.pk) == protection_case
    assert not selectors.case_list(neighbour, mine=False).filter(pk=protection_case.pk).exists()
    with pytest.raises(OutOfScope):
        selectors.case_get(neighbour, protection_case.pk)
    log = AccessLog.objects.get(case=protection_case)
    assert log.user == neighbour
    assert log.kind == AccessKind.REFUSED


def test_protection_activities_and_referrals_hidden_too(protection_case, neighbour, tksk):
    services.activity_record(actor=tksk, case=protection_case, kind="meeting", roles=["protector"])
    assert not selectors.visible_activities(neighbour).exists()
    assert selectors.visible_activities(tksk).count() == 1


def test_member_sees_protection_case(protection_case, neighbour, tksk):
    services.case_join(actor=tksk, case=protection_case, user=neighbour)
    assert selectors.case_get(neighbour, protection_case.pk) == protection_case


def test_supervisor_breaks_the_glass_with_a_logged_reason(protection_case, supervisor, neighbour):
    listed = selectors.case_list(supervisor, mine=False)
    row = listed.get(pk=protection_case.pk)
    assert row.may_open is False
    with pytest.raises(OutOfScope):
        selectors.case_get(supervisor, protection_case.pk)
    with pytest.raises(services.CaseworkError):
        services.case_break_glass(actor=supervisor, case_id=protection_case.pk, reason="now")
    with pytest.raises(services.CaseworkError):
        services.case_break_glass(
            actor=neighbour, case_id=protection_case.pk, reason="I want to see it please"
        )
    services.case_break_glass(
        actor=supervisor, case_id=protection_case.pk, reason="Police asked for the file tonight"
    )
    assert selectors.case_get(supervisor, protection_case.pk) == protection_case
    kinds = set(protection_case.access_log.values_list("kind", flat=True))
    assert kinds == {AccessKind.REFUSED, AccessKind.BREAK_GLASS}


def test_escalations_are_time_stamped(protection_case, tksk):
    services.escalation_add(actor=tksk, case=protection_case, body="dinsos")
    services.escalation_add(actor=tksk, case=protection_case, body="uptd_ppa", note="Shelter")
    bodies = list(protection_case.escalations.values_list("body", flat=True))
    assert bodies == ["dinsos", "uptd_ppa"]
    assert all(e.handed_over_at for e in protection_case.escalations.all())


def test_mediation_and_event(tksk, person):
    mediation = services.mediation_open(
        actor=tksk,
        kelurahan_id=person.kelurahan_id,
        subject="Boundary wall",
        parties=[person],
        other_parties="Pak RT's neighbour",
    )
    services.mediation_session_add(
        actor=tksk,
        mediation=mediation,
        notes="Both met",
        agreement_reached=True,
        agreement="Shared cost",
    )
    mediation.refresh_from_db()
    assert mediation.agreement_reached is True
    event = services.event_plan(
        actor=tksk, topic="PKH graduation", area=person.kelurahan, on=date(2026, 1, 5)
    )
    event = services.event_held(actor=tksk, event=event, attendance_male=4, attendance_female=9)
    assert event.attendance_total == 13
    with pytest.raises(services.CaseworkError):
        services.event_held(actor=tksk, event=event, attendance_male=1, attendance_female=1)


def test_handing_to_dinas_lets_supervisors_open_without_glass(protection_case, tksk, supervisor):
    with pytest.raises(OutOfScope):
        selectors.case_get(supervisor, protection_case.pk)
    services.escalation_add(actor=tksk, case=protection_case, body="dinsos")
    assert selectors.case_get(supervisor, protection_case.pk) == protection_case
    assert not protection_case.access_log.filter(kind=AccessKind.BREAK_GLASS).exists()


def test_case_list_query_count(django_assert_num_queries, tksk, person, category):
    for i in range(5):
        services.case_open(actor=tksk, person=person, category=category, problem=f"p{i}")
    tksk = type(tksk).objects.get(pk=tksk.pk)
    with django_assert_num_queries(3):  # scope (areas, kelurahan under them), then cases
        rows = list(selectors.case_list(tksk))
        assert [r.person.name for r in rows]
