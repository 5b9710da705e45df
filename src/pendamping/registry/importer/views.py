"""Import pages: upload, a job's progress (polled by htmx), its error file, the examples."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Role
from pendamping.core.http import roles_required

from . import services
from .examples import EXAMPLE_CSV, example_xlsx_bytes
from .forms import UploadForm
from .models import ImportJob
from .parsing import FileError

IMPORT_ROLES = (Role.ADMIN, Role.SUPERVISOR, *FIELD_ROLES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("actor"), pk=pk)
    if not services.job_visible_to(job, request.user):
        raise Http404
    return job


@login_required
@roles_required(*IMPORT_ROLES)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                mapping_upload=form.cleaned_data.get("mapping"),
            )
        except FileError as exc:
            form.add_error("file", services.message_text(exc))
        else:
            return redirect("registry:importer:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("actor").order_by("-pk")
    if request.user.role not in CITY_WIDE_ROLES:
        jobs = jobs.filter(actor=request.user)
    return render(
        request,
        "registry/import/upload.html",
        {"form": form, "jobs": jobs[:10], "max_mb": services.MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


@login_required
@roles_required(*IMPORT_ROLES)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    context = {"job": job, "restartable": services.import_job_is_stale(job) and bool(job.upload)}
    if request.htmx:
        return render(request, "registry/import/_progress.html", context)
    return render(request, "registry/import/job.html", context)


@login_required
@roles_required(*IMPORT_ROLES)
@require_POST
def job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    services.import_job_restart(job=_job_for(request, pk))
    return redirect("registry:importer:job", pk=pk)


@login_required
@roles_required(*IMPORT_ROLES)
def job_errors(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for(request, pk)
    if not job.error_file:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / job.error_file.name
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"import-{job.pk}-errors.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@roles_required(*IMPORT_ROLES)
def example(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "csv":
        return FileResponse(
            EXAMPLE_CSV.open("rb"),
            as_attachment=True,
            filename="pendamping-import-example.csv",
            content_type="text/csv; charset=utf-8",
        )
    if fmt == "xlsx":
        response = HttpResponse(example_xlsx_bytes(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="pendamping-import-example.xlsx"'
        return response
    raise Http404
