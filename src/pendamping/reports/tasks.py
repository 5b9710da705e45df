"""Background task: rebuild the dashboard figures (run by `pendamping serve`'s worker)."""

from django_tasks import task

from .services import facts_refresh


@task()
def refresh_facts() -> None:
    facts_refresh()
