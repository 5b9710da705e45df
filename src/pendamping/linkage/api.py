"""Reconciliation endpoints (router mounted at /api/v1/reconciliation): the same selectors and
services as the pages, so scope and roles are the same. Field phones use the task endpoints."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope
from pendamping.registry.nikmask import nik_display
from pendamping.wilayah.models import Area

from . import exports, selectors, services
from .models import OutcomeKind, ReconciliationRun, Snapshot, VervalStatus
from .services import RECONCILE_ROLES

router = Router(tags=["reconciliation"])


def _require_reconciler(request) -> None:
    if request.user.role not in RECONCILE_ROLES:
        raise OutOfScope


class SnapshotOut(Schema):
    id: int
    source: str
    as_of: dt.date
    label: str
    file_name: str
    row_count: int
    error_count: int
    columns: dict
    ignored_columns: list
    imported_at: dt.datetime


class RunOut(Schema):
    id: int
    snapshot_id: int
    status: str
    progress: int
    step: str
    backend: str
    counts: dict
    seconds: dict
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


class RunIn(Schema):
    create_tasks: bool = True


class CompareOut(Schema):
    added: int
    removed: int
    changed: int


class NationalOut(Schema):
    id: int
    id_dtks: str
    id_dtsen: str
    nik: str
    name: str
    birth_date: dt.date | None
    address: str
    rt: int | None
    rw: int | None
    kelurahan_code: str
    decile: int | None
    programs: list
    status: str


class OutcomeOut(Schema):
    id: int
    kind: str
    person_id: int | None
    household_id: int | None
    national: NationalOut | None
    differences: list
    probability: float | None
    task_id: int | None


class PairOut(Schema):
    id: int
    person_id: int
    person_name: str
    national: NationalOut
    probability: float
    evidence: dict
    decision: str


class DecisionIn(Schema):
    accept: bool


class TaskOut(Schema):
    id: int
    person_id: int | None
    national_record_id: int | None
    subject: str
    kelurahan_code: str
    assignee: str | None
    source: str
    reason: str
    status: str
    due_on: dt.date | None
    result: str
    result_notes: str
    result_at: dt.datetime | None
    corrections: dict
    has_photo: bool


def _national(request, rec) -> dict | None:
    if rec is None:
        return None
    return {
        "id": rec.pk,
        "id_dtks": rec.id_dtks,
        "id_dtsen": rec.id_dtsen,
        "nik": nik_display(request.user, rec.nik),
        "name": rec.name,
        "birth_date": rec.birth_date,
        "address": rec.address,
        "rt": rec.rt,
        "rw": rec.rw,
        "kelurahan_code": rec.kelurahan_code,
        "decile": rec.decile,
        "programs": rec.programs,
        "status": rec.status,
    }


def _task(task) -> dict:
    return {
        "id": task.pk,
        "person_id": task.person_id,
        "national_record_id": task.national_record_id,
        "subject": task.subject,
        "kelurahan_code": task.kelurahan.code,
        "assignee": task.assignee.username if task.assignee else None,
        "source": task.source,
        "reason": task.reason,
        "status": task.status,
        "due_on": task.due_on,
        "result": task.result,
        "result_notes": task.result_notes,
        "result_at": task.result_at,
        "corrections": task.corrections,
        "has_photo": bool(task.result_photo),
    }


@router.get("/snapshots", response=list[SnapshotOut])
def snapshot_list(request):
    _require_reconciler(request)
    return list(selectors.snapshot_list()[:100])


@router.post("/snapshots", response={201: SnapshotOut})
def snapshot_create(
    request,
    source: Form[str],
    as_of: Form[dt.date],
    file: File[UploadedFile],
    label: Form[str] = "",
    mapping: UploadedFile | None = File(None),  # noqa: B008
):
    """Import an extract (CSV or XLSX, multipart) as a dated snapshot."""
    _require_reconciler(request)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extract"
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        snapshot = services.snapshot_import(
            actor=request.user,
            path=path,
            source=source,
            as_of=as_of,
            label=label,
            file_name=file.name or "",
            mapping=mapping.read(100_001) if mapping else None,
            request=request,
        )
    return Status(201, snapshot)


@router.get("/snapshots/{snapshot_id}/compare/{other_id}", response=CompareOut)
def snapshot_compare(request, snapshot_id: int, other_id: int):
    _require_reconciler(request)
    newer = get_object_or_404(Snapshot, pk=snapshot_id)
    older = get_object_or_404(Snapshot, pk=other_id)
    result = selectors.snapshot_compare(older=older, newer=newer, actor=request.user)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        obj=newer,
        summary=f"compare with snapshot {older.pk}",
        request=request,
    )
    return result["counts"]


@router.post("/snapshots/{snapshot_id}/runs", response={202: RunOut})
def run_create(request, snapshot_id: int, payload: RunIn):
    """Start a reconciliation in the background; poll the run for its progress."""
    _require_reconciler(request)
    snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
    run = services.reconciliation_start(
        actor=request.user, snapshot=snapshot, create_tasks=payload.create_tasks, request=request
    )
    return Status(202, run)


@router.get("/runs/{run_id}", response=RunOut)
def run_get(request, run_id: int):
    _require_reconciler(request)
    return get_object_or_404(ReconciliationRun, pk=run_id)


@router.get("/runs/{run_id}/outcomes", response=list[OutcomeOut])
def outcome_list(request, run_id: int, kind: str, limit: int = 500, offset: int = 0):
    _require_reconciler(request)
    run = get_object_or_404(ReconciliationRun, pk=run_id)
    if kind not in OutcomeKind.values:
        raise OutOfScope
    limit = max(1, min(limit, 2000))
    rows = list(
        selectors.outcome_list(actor=request.user, run=run, kind=kind)[offset : offset + limit]
    )
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        obj=run,
        summary=f"outcomes {kind}: {len(rows)}",
        request=request,
    )
    return [
        {
            "id": o.pk,
            "kind": o.kind,
            "person_id": o.person_id,
            "household_id": o.household_id,
            "national": _national(request, o.national),
            "differences": o.differences,
            "probability": o.pair.probability if o.pair else None,
            "task_id": o.task_id,
        }
        for o in rows
    ]


def _pair(request, pair) -> dict:
    return {
        "id": pair.pk,
        "person_id": pair.person_id,
        "person_name": pair.person.name,
        "national": _national(request, pair.national),
        "probability": pair.probability,
        "evidence": pair.evidence,
        "decision": pair.decision,
    }


@router.get("/review", response=list[PairOut])
def review_queue(request):
    _require_reconciler(request)
    pairs = list(selectors.review_queue(actor=request.user)[:500])
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="linkage.matchpair",
        summary=f"review queue: {len(pairs)}",
        request=request,
    )
    return [_pair(request, p) for p in pairs]


@router.post("/review/{pair_id}", response=PairOut)
def review_decide(request, pair_id: int, payload: DecisionIn):
    _require_reconciler(request)
    pair = selectors.pair_get(actor=request.user, pk=pair_id)
    pair = services.review_decide(
        actor=request.user, pair=pair, accept=payload.accept, request=request
    )
    return _pair(request, selectors.pair_get(actor=request.user, pk=pair.pk))


@router.get("/tasks", response=list[TaskOut])
def task_list(request, status: str = VervalStatus.OPEN, mine: bool = True):
    """The caller's field checks (or all in the caller's areas with mine=false)."""
    tasks = list(selectors.worklist(actor=request.user, status=status, mine=mine)[:500])
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="linkage.vervaltask",
        summary=f"worklist: {len(tasks)}",
        request=request,
    )
    return [_task(t) for t in tasks]


@router.get("/tasks/{task_id}", response=TaskOut)
def task_get(request, task_id: int):
    task = selectors.task_get(actor=request.user, pk=task_id)
    audit_record(actor=request.user, action=Action.API_READ, obj=task, request=request)
    return _task(task)


@router.post("/tasks/{task_id}/result", response=TaskOut)
def task_result(
    request,
    task_id: int,
    result: Form[str],
    notes: Form[str] = "",
    new_kelurahan_code: Form[str] = "",
    new_rw: Form[int | None] = None,
    new_rt: Form[int | None] = None,
    new_address: Form[str] = "",
    name: Form[str] = "",
    nik: Form[str] = "",
    birth_date: Form[str] = "",
    address: Form[str] = "",
    photo: UploadedFile | None = File(None),  # noqa: B008
):
    """Record a field check's result (multipart, with an optional photo of evidence)."""
    task = selectors.task_get(actor=request.user, pk=task_id)
    new_kelurahan = None
    if new_kelurahan_code:
        new_kelurahan = get_object_or_404(Area, code=new_kelurahan_code, valid_to__isnull=True)
    corrections = {
        k: v
        for k, v in {"name": name, "nik": nik, "birth_date": birth_date, "address": address}.items()
        if v
    }
    task = services.verval_result_record(
        actor=request.user,
        task=task,
        result=result,
        notes=notes,
        photo=photo,
        corrections=corrections,
        new_kelurahan=new_kelurahan,
        new_rw=new_rw,
        new_rt=new_rt,
        new_address=new_address,
        request=request,
    )
    return _task(selectors.task_get(actor=request.user, pk=task.pk))


@router.get("/results.csv")
def results_export(request):
    """Field check results for upstream, as CSV (full NIK: the Dinas sends them back)."""
    _require_reconciler(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hasil-verval.csv"'
    count = exports.write_results_csv(response, selectors.results_for_export(actor=request.user))
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="linkage.vervaltask",
        summary=f"verval results export (API): {count} rows",
        request=request,
    )
    return response
