"""Background tasks of the programs app (run by `pendamping serve`'s worker)."""

from django_tasks import task

from .complaints.services import complaints_escalate_overdue


@task()
def escalate_overdue_complaints() -> int:
    """Escalate complaints past their deadline; enqueue from cron or the complaints command."""
    return complaints_escalate_overdue()
