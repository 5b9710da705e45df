"""Background task of the upload page (run by `pendamping serve`'s worker)."""

from django_tasks import task

from .services import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id)
