"""Reconciliation pages: thin views over the selectors (scope) and the services."""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pendamping.accounts.models import FIELD_ROLES
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.registry.nikmask import nik_display
from pendamping.wilayah.models import Area

from . import exports, forms, selectors, services
from .models import (
    OutcomeKind,
    ReconciliationRun,
    RunStatus,
    Snapshot,
    VervalResult,
    VervalStatus,
)
from .services import RECONCILE_ROLES, LinkageError

WORK_ROLES = (*RECONCILE_ROLES, *FIELD_ROLES)
FIELD_LABELS = {
    "nik": gettext_lazy("NIK"),
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Birth date"),
    "sex": gettext_lazy("Sex"),
    "household": gettext_lazy("Household (KK, address)"),
    "birth_place": gettext_lazy("Birth place"),
}

# The engine's level names (matching/model.py), for people.
LEVEL_LABELS = {
    "NIK date": gettext_lazy("equals the date in the NIK"),
    "day/month swapped": gettext_lazy("day and month swapped"),
    "different": gettext_lazy("different"),
    "exact": gettext_lazy("exact"),
    "exact, same KK": gettext_lazy("exact, same KK"),
    "missing": gettext_lazy("missing"),
    "one digit": gettext_lazy("one digit differs"),
    "same": gettext_lazy("same"),
    "same KK": gettext_lazy("same KK"),
    "same KK and address": gettext_lazy("same KK and address"),
    "same RT": gettext_lazy("same RT"),
    "same address": gettext_lazy("same address"),
    "same kelurahan": gettext_lazy("same kelurahan"),
    "same sound": gettext_lazy("sounds the same"),
    "same text, not a NIK": gettext_lazy("same text, not a valid NIK"),
    "shortened": gettext_lazy("shortened"),
    "similar": gettext_lazy("similar"),
    "transposed": gettext_lazy("two digits swapped"),
    "two digits": gettext_lazy("two digits differ"),
    "typo": gettext_lazy("typo"),
    "within a year": gettext_lazy("within a year"),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Supervisors: snapshots, runs and the review queue. Field workers: their worklist."""
    if request.user.role not in RECONCILE_ROLES:
        return redirect("linkage:worklist")
    snapshots = list(selectors.snapshot_list()[:20])
    runs = list(selectors.run_list()[:10])
    return render(
        request,
        "linkage/home.html",
        {
            "snapshots": snapshots,
            "runs": runs,
            "review_count": selectors.review_queue(actor=request.user).count(),
        },
    )


@login_required
@roles_required(*RECONCILE_ROLES)
def snapshot_new(request: HttpRequest) -> HttpResponse:
    form = forms.SnapshotImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "extract"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                snapshot = services.snapshot_import(
                    actor=request.user,
                    path=path,
                    source=data["source"],
                    as_of=data["as_of"],
                    label=data["label"],
                    file_name=upload.name,
                    mapping=data["mapping"].read() if data["mapping"] else None,
                    request=request,
                )
            except LinkageError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(n)d rows imported as a snapshot.") % {"n": snapshot.row_count},
                )
                return redirect("linkage:snapshot_detail", pk=snapshot.pk)
    return render(request, "linkage/snapshot_form.html", {"form": form})


@login_required
@roles_required(*RECONCILE_ROLES)
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(Snapshot, pk=pk)
    records = list(
        selectors.national_records(actor=request.user, snapshot=snapshot).select_related(
            "kelurahan"
        )[:50]
    )
    for r in records:
        r.nik_shown = nik_display(request.user, r.nik)
    audit_record(
        actor=request.user, action=Action.READ, obj=snapshot, summary="snapshot", request=request
    )
    others = selectors.snapshot_list().exclude(pk=snapshot.pk)
    return render(
        request,
        "linkage/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "records": records,
            "runs": list(selectors.run_list(snapshot=snapshot)[:10]),
            "others": others,
        },
    )


@login_required
@roles_required(*RECONCILE_ROLES)
def snapshot_compare(request: HttpRequest, pk: int) -> HttpResponse:
    newer = get_object_or_404(Snapshot, pk=pk)
    try:
        older = get_object_or_404(Snapshot, pk=int(request.GET.get("with", "")))
    except ValueError as exc:
        raise Http404 from exc
    if (older.as_of, older.pk) > (newer.as_of, newer.pk):
        older, newer = newer, older
    result = selectors.snapshot_compare(older=older, newer=newer, actor=request.user)
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=newer,
        summary=f"compare with snapshot {older.pk}",
        request=request,
    )
    return render(
        request,
        "linkage/snapshot_compare.html",
        {"older": older, "newer": newer, **result},
    )


@login_required
@roles_required(*RECONCILE_ROLES)
@require_POST
def run_start(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(Snapshot, pk=pk)
    try:
        run = services.reconciliation_start(
            actor=request.user,
            snapshot=snapshot,
            create_tasks=request.POST.get("create_tasks", "1") == "1",
            request=request,
        )
    except LinkageError as exc:
        messages.error(request, exc.message)
        return redirect("linkage:snapshot_detail", pk=snapshot.pk)
    return redirect("linkage:run_detail", pk=run.pk)


def _run_context(request, run: ReconciliationRun) -> dict:
    counts = selectors.outcome_counts(actor=request.user, run=run)
    return {
        "run": run,
        "running": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "kinds": [(k, label, counts.get(k, 0)) for k, label in OutcomeKind.choices],
    }


@login_required
@roles_required(*RECONCILE_ROLES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ReconciliationRun.objects.select_related("snapshot"), pk=pk)
    return render(request, "linkage/run_detail.html", _run_context(request, run))


@login_required
@roles_required(*RECONCILE_ROLES)
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel, polled by htmx while the run is queued or running."""
    run = get_object_or_404(ReconciliationRun.objects.select_related("snapshot"), pk=pk)
    return render(request, "linkage/_run_progress.html", _run_context(request, run))


@login_required
@roles_required(*RECONCILE_ROLES)
def outcome_list(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    run = get_object_or_404(ReconciliationRun.objects.select_related("snapshot"), pk=pk)
    if kind not in OutcomeKind.values:
        raise Http404
    outcomes = list(selectors.outcome_list(actor=request.user, run=run, kind=kind)[:300])
    difference = request.GET.get("diff", "")
    if difference:
        outcomes = [o for o in outcomes if difference in o.differences]
    audit_record(
        actor=request.user,
        action=Action.READ,
        obj=run,
        summary=f"outcomes {kind}: {len(outcomes)}",
        request=request,
    )
    return render(
        request,
        "linkage/outcome_list.html",
        {
            "run": run,
            "kind": kind,
            "kind_label": OutcomeKind(kind).label,
            "outcomes": outcomes,
            "difference": difference,
        },
    )


@login_required
@roles_required(*RECONCILE_ROLES)
def review_queue(request: HttpRequest) -> HttpResponse:
    pairs = list(selectors.review_queue(actor=request.user)[:200])
    return render(request, "linkage/review_queue.html", {"pairs": pairs})


def _pair_rows(request, pair) -> list[dict]:
    """Both records field by field, with whether they differ."""
    person, rec = pair.person, pair.national
    household = person.household
    rt = household.rt.code.split(".") if household.rt_id else None
    left_rt = f"{int(rt[-1]):03d}/{int(rt[-2]):03d}" if rt and len(rt) >= 6 else ""
    right_rt = f"{rec.rt:03d}/{rec.rw or 0:03d}" if rec.rt else ""
    rows = [
        ("nik", nik_display(request.user, person.nik), nik_display(request.user, rec.nik)),
        ("kk", nik_display(request.user, household.kk), nik_display(request.user, rec.kk)),
        ("name", person.name, rec.name),
        ("birth_place", person.birth_place, rec.birth_place),
        (
            "birth_date",
            person.birth_date.isoformat() if person.birth_date else "",
            rec.birth_date.isoformat() if rec.birth_date else rec.birth_date_text,
        ),
        ("sex", person.sex, rec.sex),
        ("address", household.address, rec.address),
        ("rt_rw", left_rt, right_rt),
        (
            "kelurahan",
            household.kelurahan.name,
            rec.kelurahan.name if rec.kelurahan else rec.kelurahan_code,
        ),
        ("status", person.get_status_display(), rec.get_status_display()),
    ]
    labels = {
        "nik": _("NIK"),
        "kk": _("KK number"),
        "name": _("Name"),
        "birth_place": _("Birth place"),
        "birth_date": _("Birth date"),
        "sex": _("Sex"),
        "address": _("Address"),
        "rt_rw": _("RT/RW"),
        "kelurahan": _("Kelurahan"),
        "status": _("Status"),
    }
    return [
        {
            "label": labels[key],
            "left": left or "—",
            "right": right or "—",
            "differs": (str(left).strip().lower() != str(right).strip().lower()),
        }
        for key, left, right in rows
    ]


def _evidence_rows(pair) -> list[dict]:
    rows = []
    for field, (level, weight) in pair.evidence.items():
        rows.append(
            {
                "label": FIELD_LABELS.get(field, field),
                "level": LEVEL_LABELS.get(level, level) if level else "—",
                "weight": weight,
                "sign": "pos" if (weight or 0) > 0 else ("neg" if (weight or 0) < 0 else ""),
            }
        )
    return rows


@login_required
@roles_required(*RECONCILE_ROLES)
@not_found_outside_scope
def review_pair(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_get(actor=request.user, pk=pk)
    if pair.person_id is None or pair.national_id is None:
        raise Http404
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "reject"):
            raise Http404
        try:
            services.review_decide(
                actor=request.user, pair=pair, accept=decision == "accept", request=request
            )
        except LinkageError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Accepted: the two records are one person.")
                if decision == "accept"
                else _("Rejected: the two records are different people."),
            )
        following = selectors.review_queue(actor=request.user).exclude(pk=pair.pk).first()
        if following:
            return redirect("linkage:review_pair", pk=following.pk)
        return redirect("linkage:review_queue")
    audit_record(
        actor=request.user, action=Action.READ, obj=pair, summary="review pair", request=request
    )
    return render(
        request,
        "linkage/review_pair.html",
        {
            "pair": pair,
            "rows": _pair_rows(request, pair),
            "evidence": _evidence_rows(pair),
        },
    )


# ---------------------------------------------------------------------------
# Verval worklists
# ---------------------------------------------------------------------------


@login_required
@roles_required(*WORK_ROLES)
def worklist(request: HttpRequest) -> HttpResponse:
    everyone = request.GET.get("all") == "1"
    status = request.GET.get("status", VervalStatus.OPEN)
    if status not in ("", *VervalStatus.values):
        status = VervalStatus.OPEN
    tasks = list(selectors.worklist(actor=request.user, status=status, mine=not everyone)[:200])
    return render(
        request,
        "linkage/worklist.html",
        {
            "tasks": tasks,
            "everyone": everyone,
            "status": status,
            "statuses": VervalStatus.choices,
            "may_export": request.user.role in RECONCILE_ROLES,
        },
    )


@login_required
@roles_required(*WORK_ROLES)
@not_found_outside_scope
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    form = forms.VervalResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_kelurahan = None
        if data["new_kelurahan"]:
            new_kelurahan = Area.objects.filter(pk=data["new_kelurahan"]).first()
        try:
            services.verval_result_record(
                actor=request.user,
                task=task,
                result=data["result"],
                notes=data["notes"],
                photo=data["photo"],
                corrections=form.corrections(),
                new_kelurahan=new_kelurahan,
                new_rw=data["new_rw"],
                new_rt=data["new_rt"],
                new_address=data["new_address"],
                request=request,
            )
        except LinkageError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except services.registry.RegistryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Result saved."))
            return redirect("linkage:worklist")
    audit_record(
        actor=request.user, action=Action.READ, obj=task, summary="verval task", request=request
    )
    person = task.person
    return render(
        request,
        "linkage/task_detail.html",
        {
            "task": task,
            "form": form,
            "person": person,
            "nik_shown": nik_display(request.user, person.nik) if person else "",
            "national": task.national_record,
            "national_nik": nik_display(
                request.user, task.national_record.nik if task.national_record else ""
            ),
            "open": task.status == VervalStatus.OPEN,
            "move_code": VervalResult.MOVED_WITHIN,
            "correct_code": VervalResult.FOUND_CORRECTED,
        },
    )


@login_required
@roles_required(*WORK_ROLES)
@not_found_outside_scope
def task_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence photo, served only to those who may see the task."""
    task = selectors.task_get(actor=request.user, pk=pk)
    if not task.result_photo:
        raise Http404
    audit_record(
        actor=request.user, action=Action.READ, obj=task, summary="verval photo", request=request
    )
    content_type = mimetypes.guess_type(task.result_photo.name)[0] or "application/octet-stream"
    response = FileResponse(task.result_photo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@roles_required(*RECONCILE_ROLES)
def results_export(request: HttpRequest) -> HttpResponse:
    """Field check results as a CSV to send back upstream (full NIK: the Dinas needs it)."""
    tasks = selectors.results_for_export(actor=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hasil-verval.csv"'
    count = exports.write_results_csv(response, tasks)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="linkage.vervaltask",
        summary=f"verval results export: {count} rows",
        request=request,
    )
    return response
