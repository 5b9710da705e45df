"""Background task: rebuild the dashboard figures (run by `pendamping serve`'s worker), then
render the city dashboard once so that its first reader gets it from the cache."""

from django_tasks import task

from .rendering import warm_city_dashboard
from .services import facts_refresh


@task()
def refresh_facts() -> None:
    facts_refresh()
    warm_city_dashboard()
