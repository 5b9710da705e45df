"""Background task of the reconciliation page (run by `pendamping serve`'s worker)."""

from django_tasks import task

from .reconciliation import execute


@task()
def reconciliation_task(run_id: int) -> None:
    execute(run_id)
