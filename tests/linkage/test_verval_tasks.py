"""Field checks go to whoever covers the area and follow the person when they move."""

import pytest

from pendamping.core import handover
from pendamping.linkage.models import VervalSource, VervalStatus
from pendamping.linkage.services import verval_task_create
from tests.factories import make_household, make_user

pytestmark = pytest.mark.django_db


def test_task_goes_to_psm_of_kelurahan_else_tksk_of_kecamatan():
    person = make_household("14.71.01.1002").members.first()
    tksk = make_user("tksk", "14.71.01")
    admin = make_user("admin")
    task = verval_task_create(
        actor=admin, person=person, reason="check", source=VervalSource.MANUAL
    )
    assert task.assignee == tksk
    psm = make_user("psm", "14.71.01.1002")
    task2 = verval_task_create(
        actor=admin, person=person, reason="again", source=VervalSource.MANUAL
    )
    assert task2.assignee == psm


def test_same_source_reference_is_not_duplicated():
    person = make_household("14.71.01.1002").members.first()
    admin = make_user("admin")
    a = verval_task_create(
        actor=admin, person=person, reason="x", source=VervalSource.COMPLAINT, source_ref="C-1"
    )
    b = verval_task_create(
        actor=admin, person=person, reason="x", source=VervalSource.COMPLAINT, source_ref="C-1"
    )
    assert a.pk == b.pk


def test_open_task_follows_person_in_handover():
    person = make_household("14.71.01.1002").members.first()
    admin = make_user("admin")
    other = make_user("tksk", "14.71.02")
    task = verval_task_create(actor=admin, person=person, reason="x", source=VervalSource.MANUAL)
    items = handover.open_items(person_ids=[person.pk])
    assert ("verval_task", task.pk) in [(i.kind, i.object_id) for i in items]
    context = handover.HandoverContext(
        person_ids=[person.pk], actor=admin, note="moved", to_user=other
    )
    handover.hand_over(context=context)
    task.refresh_from_db()
    assert task.assignee == other
    assert task.status == VervalStatus.OPEN
    assert "moved" in task.handover_note
