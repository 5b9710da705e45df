"""The linkage app owns the national extracts (DTKS/DTSEN snapshots), the reconciliation runs
with their pairs and outcome lists, the supervisors' review decisions, and the verval field
checks: created here by reconciliation, complaints and mobility, answered by the assistant
with a result that updates the registry through its services, and handed over when a person
moves."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.accounts.models import Role
from pendamping.accounts.selectors import assistant_for_kelurahan
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError, OutOfScope
from pendamping.core.handover import HandoverContext, OpenItem
from pendamping.core.scope import area_in_scope
from pendamping.registry import services as registry
from pendamping.registry.models import ChangeSource, RecordStatus
from pendamping.wilayah.models import Area, Level

from . import extracts
from .models import (
    MatchPair,
    NationalRecord,
    Outcome,
    OutcomeKind,
    PairDecision,
    PairKind,
    ReconciliationRun,
    ReviewDecision,
    RunStatus,
    Snapshot,
    VervalResult,
    VervalSource,
    VervalStatus,
    VervalTask,
)

RECONCILE_ROLES = (Role.ADMIN, Role.SUPERVISOR)
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CORRECTABLE = ("name", "nik", "birth_date", "birth_place", "sex")


class LinkageErrorCode(StrEnum):
    FORBIDDEN = "linkage_forbidden"
    FILE = "linkage_file"
    RUN_BUSY = "linkage_run_busy"
    PAIR_DECIDED = "linkage_pair_decided"
    TASK_CLOSED = "verval_task_closed"
    RESULT_INVALID = "verval_result_invalid"
    PHOTO_INVALID = "verval_photo_invalid"


class LinkageError(DomainError):
    def __init__(self, code: LinkageErrorCode, message: str, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


DEFAULT_DAYS_TO_DUE = 14


@transaction.atomic
def verval_task_create(
    *,
    actor,
    reason: str,
    source: str,
    person=None,
    kelurahan=None,
    subject: str = "",
    source_ref: str = "",
    due_on: date | None = None,
    assignee=None,
    national_record: NationalRecord | None = None,
) -> VervalTask:
    """Open a field check, routed to whoever covers the area unless an assignee is given.
    A second open task for the same person and source reference is not created twice."""
    if person is None and kelurahan is None:
        raise DomainError("verval_no_area", _("A field check needs a person or a kelurahan."))
    if source not in VervalSource.values:
        raise DomainError("verval_source", _("Unknown source of a field check."))
    kelurahan = kelurahan or person.kelurahan
    if person is not None and source_ref:
        existing = VervalTask.objects.filter(
            person=person, source=source, source_ref=source_ref, status=VervalStatus.OPEN
        ).first()
        if existing is not None:
            return existing
    task = VervalTask.objects.create(
        person=person,
        kelurahan=kelurahan,
        subject=(subject or (person.name if person is not None else ""))[:200],
        assignee=assignee or assistant_for_kelurahan(kelurahan),
        source=source,
        source_ref=source_ref[:60],
        reason=reason[:300],
        due_on=due_on or timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_DUE),
        national_record=national_record,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action=Action.WRITE, obj=task, summary=f"verval task: {reason}")
    return task


class VervalHandover:
    """Open field checks follow the person to the destination's assistant."""

    kind = "verval_task"

    def open_items(self, *, person_ids) -> list[OpenItem]:
        tasks = VervalTask.objects.filter(person_id__in=person_ids, status=VervalStatus.OPEN)
        return [
            OpenItem("verval_task", t.pk, f"{_('Verval task')}: {t.reason}", owner_id=t.assignee_id)
            for t in tasks
        ]

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        tasks = list(
            VervalTask.objects.select_for_update().filter(
                person_id__in=context.person_ids, status=VervalStatus.OPEN
            )
        )
        moved = []
        for task in tasks:
            task.handover_note = (task.handover_note + "\n" + context.note).strip()
            if context.left_city:
                task.status = VervalStatus.CANCELLED
                task.result_notes = (task.result_notes + "\n" + context.note).strip()
            else:
                if context.to_kelurahan_id:
                    task.kelurahan_id = context.to_kelurahan_id
                task.assignee = context.to_user
            task.save()
            moved.append(
                OpenItem(
                    "verval_task",
                    task.pk,
                    f"{_('Verval task')}: {task.reason}",
                    owner_id=task.assignee_id,
                )
            )
        return moved


# ---------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------


def _require_reconciler(actor) -> None:
    if getattr(actor, "role", None) not in RECONCILE_ROLES:
        raise LinkageError(
            LinkageErrorCode.FORBIDDEN,
            _("Only the Dinas (supervisors and administrators) reconcile the national data."),
        )


def _kelurahan_index() -> tuple[dict[str, int], dict[str, int]]:
    """Current kelurahan of the region by code and by name key (for exports naming them)."""
    from pendamping.registry.names import name_search_key

    qs = Area.objects.filter(
        level__in=(Level.KELURAHAN, Level.DESA),
        valid_to__isnull=True,
        code__startswith=settings.PENDAMPING_REGION_CODE + ".",
    ).values_list("pk", "code", "name")
    by_code, by_name = {}, {}
    for pk, code, name in qs:
        by_code[code] = pk
        by_name.setdefault(name_search_key(name), pk)
    return by_code, by_name


@transaction.atomic
def snapshot_import(
    *,
    actor,
    path: str | Path,
    source: str,
    as_of: date,
    label: str = "",
    file_name: str = "",
    mapping: bytes | None = None,
    request=None,
) -> Snapshot:
    """Import a DTKS/DTSEN extract as a dated snapshot. A whole-file problem (unreadable,
    wrong encoding, no name or identifier column, a bad mapping file) raises LinkageError
    and writes nothing; a bad value in a row is kept as written and listed as a problem."""
    from pendamping.registry.importer.parsing import FileError
    from pendamping.registry.names import name_search_key

    _require_reconciler(actor)
    if source not in ("dtks", "dtsen"):
        raise LinkageError(LinkageErrorCode.FILE, _("Choose DTKS or DTSEN."), field="source")
    try:
        columns = extracts.parse_mapping(mapping, name="mapping") if mapping else None
        extract = extracts.open_extract(path, columns)
        rows = list(extract.rows())
    except FileError as exc:
        raise LinkageError(
            LinkageErrorCode.FILE, f"{exc.message_id} / {exc.message_en}", field="file"
        ) from exc
    by_code, by_name = _kelurahan_index()
    snapshot = Snapshot.objects.create(
        source=source,
        as_of=as_of,
        label=label[:120],
        file_name=(file_name or Path(path).name)[:200],
        columns={k: str(extract_header(extract, i)) for k, i in extract.columns.items()},
        ignored_columns=extract.ignored[:50],
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    records, problems = [], []
    seen_keys: set[str] = set()
    for row in rows:
        kel_id = by_code.get(row.kelurahan_code)
        if kel_id is None and row.kelurahan_name:
            kel_id = by_name.get(name_search_key(row.kelurahan_name))
        key = row.record_key
        if key in seen_keys:  # the same ID twice in one extract: keep both rows, apart
            key = f"{key[:30]}#{row.row_number}"
        seen_keys.add(key)
        records.append(
            NationalRecord(
                snapshot=snapshot,
                row_number=row.row_number,
                record_key=key,
                id_dtks=row.id_dtks,
                id_dtsen=row.id_dtsen,
                nik=row.nik[:20],
                kk=row.kk[:20],
                name=row.name,
                birth_place=row.birth_place,
                birth_date=row.birth_date,
                birth_date_text=row.birth_date_text,
                sex=row.sex,
                relationship=row.relationship,
                address=row.address,
                rt=row.rt,
                rw=row.rw,
                kelurahan_code=row.kelurahan_code,
                kelurahan_id=kel_id,
                decile=row.decile,
                programs=row.programs,
                status=row.status,
            )
        )
        for p in row.problems:
            if len(problems) < extracts.MAX_PROBLEMS:
                problems.append([p.row, p.column, p.value, p.reason_id, p.reason_en])
        if not kel_id and len(problems) < extracts.MAX_PROBLEMS:
            problems.append(
                [
                    row.row_number,
                    "kelurahan",
                    row.kelurahan_code or row.kelurahan_name,
                    "Kelurahan tidak dikenal di kota ini; baris disimpan tanpa wilayah.",
                    "Kelurahan not known in this city; the row is kept without an area.",
                ]
            )
    NationalRecord.objects.bulk_create(records, batch_size=2000)
    snapshot.row_count = len(records)
    snapshot.error_count = sum(1 for r in rows if r.problems)
    snapshot.problems = problems
    snapshot.save(update_fields=["row_count", "error_count", "problems"])
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=snapshot,
        summary=f"snapshot import {snapshot}: {len(records)} rows",
        request=request,
    )
    return snapshot


def extract_header(extract: extracts.Extract, index: int) -> object:
    headers = extract._table.headers
    return headers[index] if index < len(headers) else index


# ---------------------------------------------------------------------------
# Reconciliation runs
# ---------------------------------------------------------------------------


@transaction.atomic
def reconciliation_start(
    *, actor, snapshot: Snapshot, create_tasks: bool = True, request=None
) -> ReconciliationRun:
    """Queue a reconciliation of a snapshot; the background task runs it after commit."""
    from .reconciliation import backend
    from .tasks import reconciliation_task

    _require_reconciler(actor)
    busy = (
        ReconciliationRun.objects.select_for_update()
        .filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        .exists()
    )
    if busy:
        raise LinkageError(
            LinkageErrorCode.RUN_BUSY,
            _("A reconciliation is already running; wait until it has finished."),
        )
    run = ReconciliationRun.objects.create(
        snapshot=snapshot,
        started_by=actor,
        backend=backend(),
        create_tasks=create_tasks,
        step=_("Waiting for the background worker"),
    )
    audit_record(
        actor=actor, action=Action.WRITE, obj=run, summary=f"reconcile {snapshot}", request=request
    )
    transaction.on_commit(lambda: reconciliation_task.enqueue(run.pk))
    return run


@transaction.atomic
def review_decide(*, actor, pair: MatchPair, accept: bool, request=None) -> MatchPair:
    """A supervisor accepts or rejects a pair of the uncertain band. The decision is kept for
    later runs (person + national record key) and the run's outcome lists follow it."""
    from . import reconciliation

    _require_reconciler(actor)
    pair = (
        MatchPair.objects.select_for_update(of=("self",))
        .select_related("person__household__rt", "national", "run__snapshot", "run__started_by")
        .get(pk=pair.pk)
    )
    if pair.kind != PairKind.LINK or pair.decision != PairDecision.PENDING:
        raise LinkageError(LinkageErrorCode.PAIR_DECIDED, _("This pair has already been decided."))
    pair.decision = PairDecision.ACCEPTED if accept else PairDecision.REJECTED
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.save(update_fields=["decision", "decided_by", "decided_at"])
    ReviewDecision.objects.update_or_create(
        person=pair.person,
        national_key=pair.national.record_key,
        defaults={"accepted": accept, "decided_by": actor},
    )
    run = pair.run
    Outcome.objects.filter(run=run, pair=pair, kind=OutcomeKind.REVIEW).delete()
    new: list[Outcome] = []
    if accept:
        composition = reconciliation._composition([pair], run.snapshot_id)
        new.append(reconciliation.outcome_for_pair(run, pair, composition))
        reconciliation.copy_deciles(run, [pair])
    else:
        held = MatchPair.objects.filter(
            run=run,
            kind=PairKind.LINK,
            decision__in=(PairDecision.AUTO, PairDecision.ACCEPTED, PairDecision.PENDING),
        )
        if not held.filter(national=pair.national).exists():
            new.append(
                Outcome(
                    run=run,
                    kind=OutcomeKind.NATIONAL_ONLY,
                    national=pair.national,
                    kelurahan_id=pair.national.kelurahan_id,
                )
            )
        if (
            not held.filter(person=pair.person).exists()
            and pair.person.status == RecordStatus.ACTIVE
        ):
            new.append(
                Outcome(
                    run=run,
                    kind=OutcomeKind.REGISTRY_ONLY,
                    person=pair.person,
                    household=pair.person.household,
                    kelurahan_id=pair.kelurahan_id,
                )
            )
    for outcome in new:
        outcome.save()
    if run.create_tasks:
        reconciliation.tasks_for_outcomes(
            run,
            Outcome.objects.filter(pk__in=[o.pk for o in new], kind__in=reconciliation.TASK_KINDS),
        )
    counts = dict(run.counts)
    counts[OutcomeKind.REVIEW] = max(counts.get(OutcomeKind.REVIEW, 0) - 1, 0)
    for outcome in new:
        counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
    ReconciliationRun.objects.filter(pk=run.pk).update(counts=counts)
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=pair,
        summary=f"review {'accept' if accept else 'reject'} pair {pair.pk}",
        request=request,
    )
    return pair


# ---------------------------------------------------------------------------
# Verval results
# ---------------------------------------------------------------------------


def validate_photo(upload) -> tuple[bytes, str]:
    """The bytes of an evidence photo and its extension, or LinkageError: at most
    PHOTO_MAX_BYTES, and a JPEG, PNG or WebP image that Pillow can read whole."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise _photo_error(size)
    data = upload.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise _photo_error(len(data))
    import io

    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            if image.width * image.height > 50_000_000:
                raise ValueError("too many pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise LinkageError(
            LinkageErrorCode.PHOTO_INVALID,
            _("The photo is not a readable JPEG, PNG or WebP image."),
            field="photo",
        ) from exc
    if fmt not in PHOTO_FORMATS:
        raise LinkageError(
            LinkageErrorCode.PHOTO_INVALID,
            _("The photo must be a JPEG, PNG or WebP image."),
            field="photo",
        )
    return data, PHOTO_FORMATS[fmt]


def _photo_error(size: int) -> LinkageError:
    return LinkageError(
        LinkageErrorCode.PHOTO_INVALID,
        _("The photo is too large (%(mb).1f MB); at most %(max)d MB.")
        % {"mb": size / 1_048_576, "max": PHOTO_MAX_BYTES // 1_048_576},
        field="photo",
    )


RESULT_STATUS = {
    VervalResult.MOVED_OUT: RecordStatus.MOVED_OUT,
    VervalResult.DECEASED: RecordStatus.DECEASED,
    VervalResult.NOT_FOUND: RecordStatus.NOT_FOUND,
}


@transaction.atomic
def verval_result_record(
    *,
    actor,
    task: VervalTask,
    result: str,
    notes: str = "",
    photo=None,
    corrections: dict | None = None,
    new_kelurahan: Area | None = None,
    new_rw: int | None = None,
    new_rt: int | None = None,
    new_address: str = "",
    request=None,
) -> VervalTask:
    """Record the result of a field check and apply it to the registry through its services
    (so every change keeps its history): deceased, moved out and not found set the person's
    status; found with corrections corrects the person (and the household's address); moved
    within the city moves the household to its new kelurahan, RT/RW and address. Duplicate
    and not eligible are recorded for the export upstream and change nothing here."""
    task = (
        VervalTask.objects.select_for_update(of=("self",))
        .select_related("person__household")
        .get(pk=task.pk)
    )
    if not area_in_scope(actor, task.kelurahan_id):
        raise OutOfScope
    if task.assignee_id != actor.pk and actor.role not in RECONCILE_ROLES:
        raise LinkageError(
            LinkageErrorCode.FORBIDDEN, _("This field check is assigned to someone else.")
        )
    if task.status != VervalStatus.OPEN:
        raise LinkageError(LinkageErrorCode.TASK_CLOSED, _("This field check is already closed."))
    if result not in VervalResult.values:
        raise LinkageError(LinkageErrorCode.RESULT_INVALID, _("Choose a result."), field="result")
    corrections = {k: v for k, v in (corrections or {}).items() if v not in (None, "")}
    unknown = set(corrections) - set(CORRECTABLE) - {"address", "rw", "rt"}
    if unknown:
        raise LinkageError(
            LinkageErrorCode.RESULT_INVALID, _("Unknown field to correct."), field="corrections"
        )
    if isinstance(corrections.get("birth_date"), str):
        try:
            corrections["birth_date"] = date.fromisoformat(corrections["birth_date"]).isoformat()
        except ValueError as exc:
            raise LinkageError(
                LinkageErrorCode.RESULT_INVALID,
                _("The birth date must be written YYYY-MM-DD."),
                field="birth_date",
            ) from exc
    if result == VervalResult.FOUND_CORRECTED and not corrections:
        raise LinkageError(
            LinkageErrorCode.RESULT_INVALID,
            _("Enter at least one correction."),
            field="corrections",
        )
    if result == VervalResult.MOVED_WITHIN and new_kelurahan is None:
        raise LinkageError(
            LinkageErrorCode.RESULT_INVALID,
            _("Choose the kelurahan the family moved to."),
            field="new_kelurahan",
        )
    note = _("Field check #%(pk)s by %(user)s") % {"pk": task.pk, "user": actor.get_username()}
    person = task.person
    applied: dict = {}
    if person is not None:
        # Finished before its result moves anyone: a move hands the person's open work to the
        # destination, and this check stays with the area that did it.
        VervalTask.objects.filter(pk=task.pk).update(status=VervalStatus.DONE)
        applied = _apply_result(
            actor=actor,
            task=task,
            result=result,
            corrections=corrections,
            new_kelurahan=new_kelurahan,
            new_rw=new_rw,
            new_rt=new_rt,
            new_address=new_address,
            note=note,
        )
    elif result == VervalResult.MOVED_WITHIN or corrections:
        applied = {"not_applied": "no registry person"}
    if photo is not None:
        data, ext = validate_photo(photo)
        task.result_photo.save(
            f"{task.pk}-{uuid.uuid4().hex[:12]}.{ext}", ContentFile(data), save=False
        )
    task.result = result
    task.result_notes = notes.strip()[:4000]
    task.corrections = {
        **corrections,
        **({"new_kelurahan": new_kelurahan.code} if new_kelurahan else {}),
        **({"new_rw": new_rw, "new_rt": new_rt} if new_rt else {}),
        **({"new_address": new_address.strip()} if new_address.strip() else {}),
        **applied,
    }
    task.result_at = timezone.now()
    task.result_by = actor
    task.status = VervalStatus.DONE
    task.save()
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=task,
        summary=f"verval result {result}",
        request=request,
    )
    return task


def _apply_result(
    *, actor, task, result, corrections, new_kelurahan, new_rw, new_rt, new_address, note
) -> dict:
    person = task.person
    household = person.household
    if result in RESULT_STATUS:
        registry.person_set_status(
            actor=actor,
            person=person,
            status=RESULT_STATUS[result],
            source=ChangeSource.VERVAL,
            note=note,
        )
        return {"registry": f"status:{RESULT_STATUS[result]}"}
    if result == VervalResult.FOUND_CORRECTED:
        person_changes = {k: corrections[k] for k in CORRECTABLE if k in corrections}
        if "birth_date" in person_changes and isinstance(person_changes["birth_date"], str):
            person_changes["birth_date"] = date.fromisoformat(person_changes["birth_date"])
        if person_changes:
            registry.person_update(
                actor=actor, person=person, source=ChangeSource.VERVAL, note=note, **person_changes
            )
        hh_changes: dict = {}
        if corrections.get("address"):
            hh_changes["address"] = str(corrections["address"]).strip()[:255]
        if corrections.get("rt") and corrections.get("rw"):
            hh_changes["rt"] = registry.rt_resolve(
                actor=actor,
                kelurahan=household.kelurahan,
                rw=int(corrections["rw"]),
                rt=int(corrections["rt"]),
            )
        if hh_changes:
            registry.household_update(
                actor=actor,
                household=household,
                source=ChangeSource.VERVAL,
                note=note,
                **hh_changes,
            )
        return {"registry": "corrected"}
    if result == VervalResult.MOVED_WITHIN:
        # The destination may lie outside the assistant's areas: the move is checked against
        # the origin (the task's scope, checked above) and recorded with the assistant named.
        rt = registry.rt_resolve(actor=None, kelurahan=new_kelurahan, rw=new_rw, rt=new_rt)
        registry.household_update(
            actor=actor,
            origin_checked=True,
            household=household,
            kelurahan=new_kelurahan,
            rt=rt,
            address=(new_address or household.address).strip()[:255],
            source=ChangeSource.VERVAL,
            action="move",
            note=note,
        )
        return {"registry": "moved"}
    return {}
