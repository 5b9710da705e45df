"""The reconciliation API over HTTP with a bearer token, as a field phone or a script uses it."""

import io

import pytest
from PIL import Image

from pendamping.accounts.services import api_token_create
from pendamping.linkage import services
from pendamping.linkage.models import RunStatus, VervalResult, VervalSource
from pendamping.registry.models import RecordStatus

pytestmark = pytest.mark.django_db


def _auth(user):
    _, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_supervisor_imports_runs_and_lists(client, world, django_capture_on_commit_callbacks):
    h = _auth(world["supervisor"])
    with world["path"].open("rb") as fh:
        r = client.post(
            "/api/v1/reconciliation/snapshots",
            {"source": "dtsen", "as_of": "2025-06-30", "file": fh},
            **h,
        )
    assert r.status_code == 201, r.content
    snap = r.json()
    assert snap["columns"]["nik"] == "NIK"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/api/v1/reconciliation/snapshots/{snap['id']}/runs",
            {"create_tasks": True},
            content_type="application/json",
            **h,
        )
    assert r.status_code == 202
    run = client.get(f"/api/v1/reconciliation/runs/{r.json()['id']}", **h).json()
    assert run["status"] == RunStatus.DONE
    rows = client.get(
        f"/api/v1/reconciliation/runs/{run['id']}/outcomes", {"kind": "national_only"}, **h
    ).json()
    assert [o["national"]["id_dtsen"] for o in rows] == ["NEW1"]
    assert client.get("/api/v1/reconciliation/review", **h).status_code == 200
    compare = client.get(
        f"/api/v1/reconciliation/snapshots/{snap['id']}/compare/{snap['id']}", **h
    ).json()
    assert compare == {"added": 0, "removed": 0, "changed": 0}


def test_bad_file_is_400_with_code(client, world):
    h = _auth(world["supervisor"])
    r = client.post(
        "/api/v1/reconciliation/snapshots",
        {"source": "dtsen", "as_of": "2025-06-30", "file": io.BytesIO(b"A,B\n1,2\n")},
        **h,
    )
    assert r.status_code == 400
    assert r.json()["code"] == "linkage_file"


def test_field_worker_cannot_reconcile_but_records_results(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    h = _auth(world["psm"])
    assert client.get("/api/v1/reconciliation/snapshots", **h).status_code == 404
    person = world["households"][0].members.order_by("pk").first()
    task = services.verval_task_create(
        actor=world["supervisor"], person=person, reason="cek", source=VervalSource.MANUAL
    )
    tasks = client.get("/api/v1/reconciliation/tasks", **h).json()
    assert [t["id"] for t in tasks] == [task.pk]
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="JPEG")
    buf.seek(0)
    buf.name = "bukti.jpg"
    r = client.post(
        f"/api/v1/reconciliation/tasks/{task.pk}/result",
        {"result": VervalResult.MOVED_OUT, "notes": "pindah ke Dumai", "photo": buf},
        **h,
    )
    assert r.status_code == 200, r.content
    assert r.json()["has_photo"] is True
    person.refresh_from_db()
    assert person.status == RecordStatus.MOVED_OUT
    r = client.post(
        f"/api/v1/reconciliation/tasks/{task.pk}/result", {"result": "found_valid"}, **h
    )
    assert r.status_code == 400
    assert r.json()["code"] == "verval_task_closed"


def test_task_outside_scope_is_404(client, world):
    other = world["households"][1].members.first()
    task = services.verval_task_create(
        actor=world["supervisor"], person=other, reason="cek", source=VervalSource.MANUAL
    )
    h = _auth(world["psm"])
    assert client.get(f"/api/v1/reconciliation/tasks/{task.pk}", **h).status_code == 404


def test_review_over_the_api(client, world):
    from pendamping.linkage.models import PairDecision
    from tests.linkage.test_views import _pending_pair

    pair = _pending_pair(world)
    h = _auth(world["supervisor"])
    queue = client.get("/api/v1/reconciliation/review", **h).json()
    assert [p["id"] for p in queue] == [pair.pk]
    assert queue[0]["evidence"]["nik"] == ["exact", 9.1]
    r = client.post(
        f"/api/v1/reconciliation/review/{pair.pk}",
        {"accept": False},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200
    assert r.json()["decision"] == PairDecision.REJECTED
    r = client.post(
        f"/api/v1/reconciliation/review/{pair.pk}",
        {"accept": True},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 400
    assert r.json()["code"] == "linkage_pair_decided"
