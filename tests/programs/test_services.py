"""Programs services: rules saved as data, whole-registry lists, enrolment transitions with
proposer and approver, quotas, usulan, and handover when a person moves."""

from datetime import date

import pytest

from pendamping.core.exceptions import OutOfScope
from pendamping.core.handover import HandoverContext, hand_over, open_items
from pendamping.programs import selectors, services
from pendamping.programs.models import Enrolment, EnrolmentEvent, Program, Usulan
from pendamping.registry.services import classification_add, household_update
from pendamping.wilayah.models import Area

from .conftest import KEL, OTHER_KEC

pytestmark = pytest.mark.django_db


def _program(admin, code="uji", conditions=()):
    program = services.program_save(
        actor=admin, code=code, name="Program Uji", owner="city", kind="cash"
    )
    for c in conditions:
        services.condition_add(actor=admin, program=program, condition=c)
    return program


def test_seeded_programs_are_the_city_plan_and_national_ones(seeded):
    codes = set(Program.objects.values_list("code", flat=True))
    assert {"pkh", "sembako", "pbi-jk", "atensi", "pembinaan-anak-telantar"} <= codes
    assert Program.objects.filter(owner="city").count() == 5
    assert "disederhanakan" in Program.objects.get(code="pkh").description
    assert Program.objects.get(code="pkh").conditions.filter(group=1).count() == 3


def test_only_office_roles_define_programs_and_rules_are_validated(admin, psm, seeded):
    with pytest.raises(services.ProgramsError) as exc:
        _program(psm)
    assert exc.value.code == services.ProgramsErrorCode.ROLE
    program = _program(admin)
    with pytest.raises(services.ProgramsError) as exc:
        services.condition_add(
            actor=admin, program=program, condition={"field": "age", "op": "between"}
        )
    assert exc.value.code == services.ProgramsErrorCode.RULE
    with pytest.raises(services.ProgramsError):
        services.condition_add(
            actor=admin,
            program=program,
            condition={"field": "program", "op": "person_in", "value": {"program": "nope"}},
        )
    with pytest.raises(services.ProgramsError) as exc:
        _program(admin)
    assert exc.value.code == services.ProgramsErrorCode.DUPLICATE


def test_registry_lists_eligible_not_enrolled_and_enrolled_not_eligible(
    admin, supervisor, psm, make_household
):
    poor = make_household(KEL, members=3)
    household_update(actor=admin, household=poor, decile=2, decile_as_of=date(2026, 7, 1))
    classification_add(
        actor=admin, household=poor, category_code="PPKS24", assessed_on=date(2026, 1, 5)
    )
    better = make_household(KEL, members=2, name="Rudi Hartono")
    household_update(actor=admin, household=better, decile=8, decile_as_of=date(2026, 7, 1))
    far = make_household(OTHER_KEC, members=1, name="Amir Lubis")
    household_update(actor=admin, household=far, decile=1, decile_as_of=date(2026, 7, 1))
    program = _program(
        admin,
        conditions=[
            {"field": "decile", "op": "between", "value": {"min": 1, "max": 4}},
            {"field": "relationship", "op": "in", "value": {"values": ["head"]}},
            {"field": "household_size", "op": "between", "value": {"min": 2}},
        ],
    )
    poor_head = poor.members.get(relationship="head")
    better_head = better.members.get(relationship="head")
    wrongly_in = services.enrolment_propose(actor=psm, program=program, person=better_head)
    services.enrolment_transition(actor=supervisor, enrolment=wrongly_in, to_status="approved")

    result = selectors.registry_eligibility(actor=supervisor, programs=[program])[0]
    assert result.eligible == {poor_head.pk}
    assert result.eligible_not_enrolled == {poor_head.pk}
    assert result.enrolled_not_eligible == {better_head.pk}
    # the PSM sees only their kelurahan; the lonely head elsewhere is out of both scope and rule
    mine = selectors.registry_eligibility(actor=psm, programs=[program])[0]
    assert mine.eligible == {poor_head.pk}

    why = {r["program"].code: r for r in selectors.person_eligibility(person=better_head)}
    assert why["uji"]["eligible"] is False
    assert [c.met for c in why["uji"]["checks"]] == [False, True, True]


def test_enrolment_follows_the_transition_table(psm, supervisor, person, seeded):
    program = Program.objects.get(code="atensi")
    enrolment = services.enrolment_propose(actor=psm, program=program, person=person, reason="x")
    assert enrolment.status == "proposed"
    assert services.allowed_transitions(enrolment, psm) == ("ended",)
    with pytest.raises(services.ProgramsError) as exc:
        services.enrolment_transition(actor=psm, enrolment=enrolment, to_status="approved")
    assert exc.value.code == services.ProgramsErrorCode.ROLE
    services.enrolment_transition(actor=supervisor, enrolment=enrolment, to_status="approved")
    services.enrolment_transition(actor=psm, enrolment=enrolment, to_status="active")
    with pytest.raises(services.ProgramsError) as exc:
        services.enrolment_transition(actor=psm, enrolment=enrolment, to_status="proposed")
    assert exc.value.code == services.ProgramsErrorCode.TRANSITION
    with pytest.raises(services.ProgramsError) as exc:
        services.enrolment_transition(actor=psm, enrolment=enrolment, to_status="suspended")
    assert exc.value.code == services.ProgramsErrorCode.REASON_REQUIRED
    services.enrolment_transition(
        actor=psm,
        enrolment=enrolment,
        to_status="graduated",
        reason="Usaha mandiri",
        on=date(2026, 11, 2),
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.status_on, enrolment.approved_by) == (
        "graduated",
        date(2026, 11, 2),
        supervisor,
    )
    steps = list(
        EnrolmentEvent.objects.filter(enrolment=enrolment).values_list("to_status", flat=True)
    )
    assert steps == ["proposed", "approved", "active", "graduated"]
    # graduated is closed: a new proposal is allowed again, two open ones are not
    again = services.enrolment_propose(actor=psm, program=program, person=person)
    with pytest.raises(services.ProgramsError) as exc:
        services.enrolment_propose(actor=psm, program=program, person=person)
    assert exc.value.code == services.ProgramsErrorCode.ALREADY_ENROLLED
    assert again.is_open


def test_outside_scope_cannot_propose(make_user, person, seeded):
    stranger = make_user("psm", OTHER_KEC)
    with pytest.raises(OutOfScope):
        services.enrolment_propose(
            actor=stranger, program=Program.objects.get(code="atensi"), person=person
        )


def test_quota_per_kelurahan_stops_the_approval_that_passes_it(
    admin, psm, supervisor, make_household, seeded
):
    program = Program.objects.get(code="atensi")
    services.quota_set(actor=admin, program=program, area=Area.objects.get(code=KEL), quota=1)
    a = make_household(KEL, members=1).members.first()
    b = make_household(KEL, members=1, name="Joko Susilo").members.first()
    first = services.enrolment_propose(actor=psm, program=program, person=a)
    second = services.enrolment_propose(actor=psm, program=program, person=b)
    services.enrolment_transition(actor=supervisor, enrolment=first, to_status="approved")
    with pytest.raises(services.ProgramsError) as exc:
        services.enrolment_transition(actor=supervisor, enrolment=second, to_status="approved")
    assert exc.value.code == services.ProgramsErrorCode.QUOTA_FULL
    services.enrolment_transition(
        actor=supervisor, enrolment=first, to_status="ended", reason="Meninggal"
    )
    services.enrolment_transition(actor=supervisor, enrolment=second, to_status="approved")


def test_usulan_open_once_per_kind_and_decided_at_the_musyawarah(psm, person):
    usulan = services.usulan_create(
        actor=psm, person=person, kind="inclusion", reason="Belum di DTSEN", evidence="Kunjungan"
    )
    with pytest.raises(services.ProgramsError):
        services.usulan_create(actor=psm, person=person, kind="inclusion", reason="lagi")
    with pytest.raises(services.ProgramsError):
        services.usulan_decide(actor=psm, usulan=usulan, to_status="submitted")
    services.usulan_decide(actor=psm, usulan=usulan, to_status="agreed")
    services.usulan_decide(actor=psm, usulan=usulan, to_status="submitted")
    assert Usulan.objects.get().status == "submitted"
    assert selectors.usulan_list(actor=psm, kind="inclusion").count() == 1


def test_handover_moves_open_enrolments_or_ends_them_when_the_person_left(
    psm, supervisor, make_user, person, seeded
):
    program = Program.objects.get(code="atensi")
    enrolment = services.enrolment_propose(actor=psm, program=program, person=person)
    services.enrolment_transition(actor=supervisor, enrolment=enrolment, to_status="approved")
    assert any(i.kind == "enrolment" for i in open_items(person_ids=[person.pk]))
    there = make_user("psm", OTHER_KEC)
    hand_over(
        context=HandoverContext(
            person_ids=[person.pk],
            actor=supervisor,
            note="Pindah ke Simpang Empat",
            to_user=there,
            to_kelurahan_id=Area.objects.get(code=OTHER_KEC).pk,
        )
    )
    enrolment.refresh_from_db()
    assert (enrolment.assistant, enrolment.kelurahan.code, enrolment.status) == (
        there,
        OTHER_KEC,
        "approved",
    )
    hand_over(
        context=HandoverContext(
            person_ids=[person.pk], actor=supervisor, note="Pindah ke Medan", left_city=True
        )
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "ended"
    assert "Pindah ke Medan" in enrolment.reason
    assert not [i for i in open_items(person_ids=[person.pk]) if i.kind == "enrolment"]
    assert Enrolment.objects.count() == 1
