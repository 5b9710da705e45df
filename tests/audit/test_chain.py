"""The audit log is append-only in effect: any edit, deletion or truncation is detected."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from pendamping.audit.models import Action, AuditEvent, AuditHead
from pendamping.audit.selectors import audit_events_for, audit_verify
from pendamping.audit.services import audit_record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@contextmanager
def tampering():
    """On PostgreSQL the trigger refuses edits; an attacker owning the table disables it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
            )


def _three_events():
    user = make_user("psm", "14.71.01.1002")
    for n in range(3):
        audit_record(actor=user, action=Action.READ, object_type="registry.person", object_id=n)
    return user


def test_intact_chain_verifies():
    _three_events()
    report = audit_verify()
    assert report.ok
    assert report.checked == 3
    call_command("audit", "verify")


def test_edited_entry_is_detected():
    _three_events()
    first = AuditEvent.objects.order_by("id").first()
    with tampering():
        AuditEvent.objects.filter(pk=first.pk).update(actor_name="someone-else")
    report = audit_verify()
    assert not report.ok
    assert any(f"#{first.id}" in p and "edited" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_deleted_middle_and_last_entries_are_detected():
    _three_events()
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with tampering():
        AuditEvent.objects.filter(pk=ids[1]).delete()
    assert any(f"#{ids[2]}" in p for p in audit_verify().problems)
    with tampering():
        AuditEvent.objects.filter(pk=ids[2]).delete()
    report = audit_verify()
    assert not report.ok
    assert report.checked == 1


def test_truncating_the_whole_log_is_detected_by_the_anchors_outside_the_database(settings):
    _three_events()
    call_command("audit", "verify")  # intact, and anchors the end (entry 3)
    assert settings.PENDAMPING_AUDIT_ANCHORS.read_text().split()[1:] == [
        "3",
        AuditHead.objects.get().last_hash,
    ]
    with tampering():
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
    report = audit_verify()  # an empty chain is valid in itself
    assert not report.ok
    assert any("anchor of entry 3" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_rewritten_log_differs_from_its_anchor():
    user = _three_events()
    call_command("audit", "anchor")
    with tampering():
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
    for n in range(4):  # a forger writes a fresh, internally valid chain
        audit_record(actor=user, action=Action.READ, object_type="registry.person", object_id=n)
    report = audit_verify()
    assert not report.ok
    assert any("entry 3 differs from its anchor" in p for p in report.problems)


def test_full_nik_never_stored_in_summary():
    user = make_user("psm", "14.71.01.1002")
    event = audit_record(actor=user, action=Action.READ, summary="looked up 1471084107900012")
    assert "1471084107900012" not in event.summary
    assert "1471**********12" in event.summary
    assert AuditHead.objects.get().count == 1


def test_person_page_read_is_audited(client):
    from tests.factories import TEST_PASSWORD, make_household

    household = make_household("14.71.01.1002")
    person = household.members.first()
    user = make_user("psm", "14.71.01.1002")
    client.login(username=user.username, password=TEST_PASSWORD)
    assert client.get(f"/registry/people/{person.pk}/").status_code == 200
    events = list(audit_events_for(object_type="registry.person", object_id=person.pk))
    assert [(e.actor_id, e.action) for e in events] == [(user.id, "read")]
    assert events[0].ip == "127.0.0.1"


def test_postgresql_refuses_update_and_delete_of_audit_entries():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    _three_events()
    first = AuditEvent.objects.order_by("id").first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=first.pk).update(summary="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=first.pk).delete()
    assert audit_verify().ok


def test_verify_command_reports_an_edited_summary_and_a_forged_insert():
    _three_events()
    last = AuditEvent.objects.order_by("id").last()
    AuditEvent.objects.create(
        at=last.at,
        actor_name="forger",
        action=Action.READ,
        prev_hash=last.hash,
        hash="f" * 64,
    )
    report = audit_verify()
    assert not report.ok
    assert any("edited" in p for p in report.problems)
    assert any("written but" in p for p in report.problems)


def test_path_with_a_full_nik_is_masked(rf):
    user = make_user("psm", "14.71.01.1002")
    request = rf.get("/registry/people/?q=1471084107900012")
    event = audit_record(actor=user, action=Action.READ, request=request)
    assert "1471084107900012" not in event.path
    assert request._pendamping_audited
