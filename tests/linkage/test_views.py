"""The reconciliation pages, read in Indonesian: import, run, review, worklist, result, export."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pendamping.audit.models import AuditEvent
from pendamping.linkage import reconciliation, services
from pendamping.linkage.models import (
    MatchPair,
    PairDecision,
    ReconciliationRun,
    RunStatus,
    Snapshot,
    VervalResult,
    VervalSource,
    VervalStatus,
    VervalTask,
)
from pendamping.registry.models import RecordStatus
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def _png(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def test_import_run_and_outcomes(client, world, django_capture_on_commit_callbacks):
    _login(client, world["supervisor"])
    with world["path"].open("rb") as fh:
        response = client.post(
            "/reconciliation/snapshots/new/",
            {"source": "dtsen", "as_of": "2025-06-30", "label": "Juni", "file": fh},
        )
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Rekonsiliasi dengan registri" in page
    assert f"{snapshot.row_count} baris" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reconciliation/snapshots/{snapshot.pk}/run/")
    run = ReconciliationRun.objects.get()
    assert response["Location"] == f"/reconciliation/runs/{run.pk}/"
    assert run.status == RunStatus.DONE or run.refresh_from_db() or run.status == RunStatus.DONE
    page = client.get(f"/reconciliation/runs/{run.pk}/progress/").content.decode()
    assert 'data-kind="deceased">1<' in page
    assert "hx-trigger" not in page  # finished: no more polling
    page = client.get(f"/reconciliation/runs/{run.pk}/outcomes/deceased/").content.decode()
    assert world["dead"].name in page
    assert AuditEvent.objects.filter(
        action="read", object_type="linkage.reconciliationrun"
    ).exists()


def test_bad_extract_is_refused_in_indonesian(client, world, tmp_path):
    _login(client, world["supervisor"])
    bad = SimpleUploadedFile("x.csv", b"KOLOM_A;KOLOM_B\n1;2\n", content_type="text/csv")
    response = client.post(
        "/reconciliation/snapshots/new/", {"source": "dtsen", "as_of": "2025-06-30", "file": bad}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kolom wajib tidak ditemukan" in page
    assert "Required columns not found" in page
    assert not Snapshot.objects.exists()
    binary = SimpleUploadedFile("x.csv", b"\x00\x01\x02" * 100, content_type="text/csv")
    page = client.post(
        "/reconciliation/snapshots/new/", {"source": "dtks", "as_of": "2025-06-30", "file": binary}
    ).content.decode()
    assert "bukan CSV maupun XLSX" in page


def test_field_workers_cannot_reconcile(client, world):
    _login(client, world["psm"])
    assert client.get("/reconciliation/snapshots/new/").status_code == 404
    assert client.get("/reconciliation/results.csv").status_code == 404
    assert client.get("/reconciliation/").status_code == 302  # to the worklist


def _pending_pair(world):
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    run = ReconciliationRun.objects.create(
        snapshot=snapshot, started_by=world["supervisor"], status=RunStatus.DONE
    )
    person = world["households"][4].members.order_by("pk").first()
    rec = snapshot.records.get(nik=person.nik)
    rec.address = "Jl. Lain No. 1"
    rec.save()
    pair = MatchPair.objects.create(
        run=run,
        person=person,
        national=rec,
        kelurahan=person.kelurahan,
        probability=0.72,
        evidence={"nik": ["exact", 9.1], "name": ["typo", -1.5]},
        decision=PairDecision.PENDING,
    )
    return pair


def test_review_page_side_by_side(client, world):
    pair = _pending_pair(world)
    _login(client, world["supervisor"])
    page = client.get("/reconciliation/review/").content.decode()
    assert pair.person.name in page
    page = client.get(f"/reconciliation/review/{pair.pk}/").content.decode()
    assert 'class="differs"' in page  # the address differs
    assert "Jl. Lain No. 1" in page
    assert "9,1" in page
    assert "-1,5" in page
    response = client.post(f"/reconciliation/review/{pair.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.decision == PairDecision.ACCEPTED
    # a psm outside the dinas cannot review
    client.logout()
    _login(client, world["psm"])
    assert client.get(f"/reconciliation/review/{pair.pk}/").status_code == 404


def _task(world, person=None):
    person = person or world["households"][0].members.order_by("pk").first()
    return services.verval_task_create(
        actor=world["supervisor"],
        person=person,
        reason="cek",
        source=VervalSource.RECONCILIATION,
        source_ref="t",
    )


def test_assistant_records_a_death_with_a_photo(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    task = _task(world)
    assert task.assignee == world["psm"]
    _login(client, world["psm"])
    page = client.get("/reconciliation/tasks/").content.decode()
    assert task.person.name in page
    photo = SimpleUploadedFile("bukti.png", _png(), content_type="image/png")
    response = client.post(
        f"/reconciliation/tasks/{task.pk}/",
        {"result": VervalResult.DECEASED, "notes": "Keterangan RT", "photo": photo},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == VervalStatus.DONE
    assert task.result_photo.name.startswith("verval/")
    assert (tmp_path / "media" / task.result_photo.name).exists()
    person = task.person
    person.refresh_from_db()
    assert person.status == RecordStatus.DECEASED
    assert person.changes.filter(source="verval", action="status").exists()
    photo_response = client.get(f"/reconciliation/tasks/{task.pk}/photo/")
    assert photo_response.status_code == 200
    assert photo_response["Content-Type"] == "image/png"


def test_photo_must_be_an_image_of_limited_size(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    task = _task(world)
    _login(client, world["psm"])
    fake = SimpleUploadedFile("x.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    page = client.post(
        f"/reconciliation/tasks/{task.pk}/", {"result": VervalResult.FOUND_VALID, "photo": fake}
    ).content.decode()
    assert "Foto bukan gambar" in page
    task.refresh_from_db()
    assert task.status == VervalStatus.OPEN
    big = SimpleUploadedFile(
        "big.png", _png() + b"0" * (services.PHOTO_MAX_BYTES + 1), content_type="image/png"
    )
    page = client.post(
        f"/reconciliation/tasks/{task.pk}/", {"result": VervalResult.FOUND_VALID, "photo": big}
    ).content.decode()
    assert "terlalu besar" in page
    task.refresh_from_db()
    assert task.status == VervalStatus.OPEN


def test_task_outside_scope_is_404(client, world):
    other = world["households"][1].members.first()  # kelurahan B
    task = _task(world, other)
    _login(client, world["psm"])
    assert client.get(f"/reconciliation/tasks/{task.pk}/").status_code == 404


def test_moved_within_and_corrections_go_through_registry(world):
    from pendamping.wilayah.models import Area

    task = _task(world)
    household = task.person.household
    origin = task.kelurahan
    other_check = services.verval_task_create(
        actor=world["supervisor"], person=task.person, reason="lain", source=VervalSource.MANUAL
    )
    target = Area.objects.get(code="14.71.02.1001")
    services.verval_result_record(
        actor=world["psm"],
        task=task,
        result=VervalResult.MOVED_WITHIN,
        new_kelurahan=target,
        new_rw=2,
        new_rt=5,
        new_address="Jl. Baru 7",
    )
    household.refresh_from_db()
    assert household.kelurahan == target
    assert household.rt.code == "14.71.02.1001.002.005"
    assert household.address == "Jl. Baru 7"
    assert household.changes.filter(action="move", source="verval").exists()
    # The check that found the move stays, done, with the area that did it; the family's
    # other open work follows them.
    task.refresh_from_db()
    other_check.refresh_from_db()
    assert (task.kelurahan, task.status, task.result_by) == (origin, "done", world["psm"])
    assert (other_check.kelurahan, other_check.status) == (target, "open")
    person2 = world["households"][2].members.order_by("pk").first()
    task2 = _task(world, person2)
    services.verval_result_record(
        actor=world["psm"],
        task=task2,
        result=VervalResult.FOUND_CORRECTED,
        corrections={"name": "Nama Yang Benar"},
    )
    person2.refresh_from_db()
    assert person2.name == "Nama Yang Benar"
    with pytest.raises(services.LinkageError):
        services.verval_result_record(
            actor=world["psm"], task=task2, result=VervalResult.FOUND_VALID
        )


def test_export_of_results(client, world):
    task = _task(world)
    services.verval_result_record(
        actor=world["psm"], task=task, result=VervalResult.NOT_FOUND, notes="=HYPERLINK(1)"
    )
    _login(client, world["supervisor"])
    response = client.get("/reconciliation/results.csv")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("id_dtsen,id_dtks,nik")
    assert task.person.nik in body
    assert "not_found" in body
    assert "'=HYPERLINK(1)" in body
    assert AuditEvent.objects.filter(action="export").exists()


def test_unused_helpers_are_reachable():
    assert reconciliation.TASK_KINDS
    assert VervalTask._meta.get_field("result_photo")


def test_lists_do_not_grow_their_query_count(client, world, django_assert_max_num_queries):
    _login(client, world["psm"])
    people = [hh.members.order_by("pk").first() for hh in world["households"][0:12:2]]
    for p in people[:2]:
        _task(world, p)
    client.get("/reconciliation/tasks/")
    with django_assert_max_num_queries(12) as few:
        client.get("/reconciliation/tasks/")
    for p in people[2:]:
        _task(world, p)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/reconciliation/tasks/").content.decode()
    assert all(p.name in page for p in people)
