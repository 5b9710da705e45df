"""Complaint handling: routing, the conduct rule, verval tasks, duplicates, deadlines and
escalation, resolution, figures and handover."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pendamping.core.exceptions import OutOfScope
from pendamping.core.handover import HandoverContext, hand_over
from pendamping.core.models import Notification
from pendamping.linkage.models import VervalTask
from pendamping.programs.complaints import selectors, services
from pendamping.programs.complaints.models import Complaint, ComplaintDeadline
from pendamping.programs.services import ProgramsError
from pendamping.wilayah.models import Area

from .conftest import KEL, OTHER_KEC

pytestmark = pytest.mark.django_db


def submit(**kw):
    base = dict(
        actor=None,
        channel="web",
        category="not_served",
        kelurahan=Area.objects.get(code=KEL),
        description="Sudah dua kali datang ke kantor lurah, belum dilayani.",
    )
    base.update(kw)
    return services.complaint_submit(**base)


def test_routed_to_the_assistant_of_the_area_with_its_deadline(psm, tksk):
    ComplaintDeadline.objects.create(category="not_served", days=3)
    complaint, created = submit()
    assert created
    assert complaint.assignee == psm  # a PSM assigned to the kelurahan comes before the TKSK
    assert (
        timedelta(days=2, hours=23) < complaint.due_at - complaint.created_at <= timedelta(days=3)
    )
    assert Notification.objects.filter(user=psm, kind="complaint").count() == 1
    assert len(complaint.code) == 9
    assert (
        services.public_status(
            code=complaint.code.lower().replace("-", ""), pin=services.pin_for(complaint.code)
        )
        == complaint
    )


def test_without_a_psm_the_tksk_of_the_kecamatan_gets_it(tksk):
    complaint, _ = submit(kelurahan=Area.objects.get(code="14.71.01.1003"))
    assert complaint.assignee == tksk


def test_complaint_about_an_assistant_goes_to_the_supervisor_and_is_hidden_from_field(
    psm, tksk, supervisor, client
):
    complaint, _ = submit(category="assistant_conduct", about_name="Pak PSM")
    assert complaint.assignee == supervisor
    assert complaint.about_user == psm
    assert not Notification.objects.filter(user=psm).exists()
    for worker in (psm, tksk):
        assert not selectors.complaint_list(actor=worker, status="").filter(pk=complaint.pk)
        with pytest.raises(OutOfScope):
            selectors.complaint_get(actor=worker, pk=complaint.pk)
        with pytest.raises(OutOfScope):
            services.complaint_transition(
                actor=worker, complaint=complaint, to_status="resolved", answer="x"
            )
        client.force_login(worker)
        assert client.get(f"/programs/complaints/{complaint.pk}/").status_code == 404
        assert client.get(f"/api/v1/programs/complaints/{complaint.pk}").status_code == 404
    assert selectors.complaint_get(actor=supervisor, pk=complaint.pk) == complaint
    with pytest.raises(ProgramsError):
        services.complaint_assign(actor=supervisor, complaint=complaint, user=psm)


@pytest.mark.parametrize(
    "category", ["not_registered", "not_receiving", "inclusion_error", "data_wrong"]
)
def test_targeting_and_data_complaints_open_a_verval_task(psm, person, category):
    complaint, _ = submit(category=category, nik=person.nik)
    task = VervalTask.objects.get(source="complaint", source_ref=complaint.code)
    assert task.person == person
    assert task.assignee == psm
    assert complaint.code in task.reason
    assert complaint.person == person


def test_a_nik_registered_in_another_area_is_not_shown_to_this_areas_assistant(psm, make_household):
    """The complaint's field check goes to the assistant of its kelurahan; a person registered
    elsewhere must not reach them by name or NIK (found by schemathesis in the demo)."""
    elsewhere = make_household(OTHER_KEC).members.first()
    complaint, _ = submit(category="not_registered", nik=elsewhere.nik, name="Ibu Rahmah")
    task = VervalTask.objects.get(source_ref=complaint.code)
    assert task.person is None
    assert task.subject == "Ibu Rahmah"
    assert complaint.person is None
    assert complaint.events.filter(note__icontains="kelurahan").exists()  # in either language


def test_exclusion_without_nik_still_opens_a_check_for_the_area(psm):
    complaint, _ = submit(category="not_registered", name="Ibu Rahmah")
    task = VervalTask.objects.get(source_ref=complaint.code)
    assert task.person is None
    assert task.kelurahan.code == KEL
    assert task.subject == "Ibu Rahmah"


def test_other_categories_open_no_check(psm):
    submit(category="not_served")
    assert not VervalTask.objects.exists()


def test_the_same_complaint_twice_is_one(psm):
    first, created = submit(contact="0812 3456 7890")
    again, created_again = submit(
        contact="0812 3456 7890",
        description="  Sudah dua kali datang ke kantor lurah,   belum dilayani. ",
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": "pendek"}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({"nik": "1471010101010000"}, "nik"),
        ({"category": "bribery"}, "category"),
        ({"kelurahan": None}, "kelurahan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(change, field):
    with pytest.raises(ProgramsError) as exc:
        submit(**change)
    assert exc.value.field == field
    assert not Complaint.objects.exists()


def test_phone_complaints_need_a_worker(psm):
    with pytest.raises(ProgramsError):
        submit(channel="phone")
    complaint, _ = submit(channel="phone", actor=psm)
    assert complaint.created_by == psm


def test_resolution_needs_an_answer_and_follows_the_table(psm):
    complaint, _ = submit()
    services.complaint_transition(actor=psm, complaint=complaint, to_status="in_progress")
    with pytest.raises(ProgramsError) as exc:
        services.complaint_transition(actor=psm, complaint=complaint, to_status="resolved")
    assert exc.value.field == "answer"
    services.complaint_transition(
        actor=psm, complaint=complaint, to_status="resolved", answer="Sudah dilayani."
    )
    with pytest.raises(ProgramsError):
        services.complaint_transition(actor=psm, complaint=complaint, to_status="in_progress")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answer) == ("resolved", "Sudah dilayani.")
    public = [e.to_status for e in selectors.public_events(complaint)]
    assert public == ["received", "in_progress", "resolved"]


def test_overdue_complaints_escalate_once_to_the_supervisors(psm, supervisor):
    late, _ = submit()
    fresh, _ = submit(description="Bantuan pangan bulan ini belum datang ke RT kami.")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert selectors.complaint_list(actor=psm, overdue=True).get() == late
    assert services.complaints_escalate_overdue() == 1
    assert services.complaints_escalate_overdue() == 0
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.escalated_at is not None
    assert fresh.escalated_at is None
    assert Notification.objects.filter(user=supervisor, kind="complaint_overdue").count() == 1


def test_escalation_command_and_task(psm, supervisor):
    from django.core.management import call_command

    from pendamping.programs.tasks import escalate_overdue_complaints

    late, _ = submit()
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    call_command("complaints", "escalate")
    assert Complaint.objects.get(pk=late.pk).escalated_at is not None
    assert escalate_overdue_complaints.enqueue().return_value == 0


def test_figures_per_area_and_category(psm, supervisor):
    a, _ = submit()
    submit(description="Kedua kalinya datang, tetap tidak dilayani petugas.")
    Complaint.objects.filter(pk=a.pk).update(created_at=timezone.now() - timedelta(days=4))
    a.refresh_from_db()
    services.complaint_transition(actor=psm, complaint=a, to_status="resolved", answer="Selesai.")
    submit(category="other", description="Mohon info jadwal penyaluran sembako.")
    rows = {(r["area"], r["category"]): r for r in selectors.complaint_figures(actor=supervisor)}
    row = rows[("Sukajadi", "not_served")]
    assert (row["received"], row["resolved"], row["overdue"]) == (2, 1, 0)
    assert row["median_days"] == pytest.approx(4.0, abs=0.1)
    assert rows[("Sukajadi", "other")]["median_days"] is None
    by_kel = selectors.complaint_figures(actor=supervisor, level="kelurahan")
    assert {r["area"] for r in by_kel} == {"Jadirejo"}


def test_handover_of_open_complaints(psm, supervisor, make_user, person):
    complaint, _ = submit(category="data_wrong", nik=person.nik)
    there = make_user("psm", OTHER_KEC)
    hand_over(
        context=HandoverContext(
            person_ids=[person.pk],
            actor=supervisor,
            note="Pindah",
            to_user=there,
            to_kelurahan_id=Area.objects.get(code=OTHER_KEC).pk,
        )
    )
    complaint.refresh_from_db()
    assert (complaint.assignee, complaint.kelurahan.code) == (there, OTHER_KEC)
    with pytest.raises(OutOfScope):
        selectors.complaint_get(actor=psm, pk=complaint.pk)
    hand_over(
        context=HandoverContext(
            person_ids=[person.pk], actor=supervisor, note="Ke Medan", left_city=True
        )
    )
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert "pindah" in complaint.answer.lower()
