"""The one NinjaAPI instance; each app keeps its endpoints in its own `api.py` router."""

from django.db import DataError, IntegrityError
from django.http import Http404
from ninja import NinjaAPI

from pendamping.core.exceptions import DomainError, OutOfScope

from .auth import AUTH

api = NinjaAPI(
    title="Pendamping API",
    version="1",
    description="Registry, areas and field work of the social assistants. Personal data is "
    "scoped to the caller's areas and role; records outside the scope answer 404.",
    auth=AUTH,
    urls_namespace="api-v1",
)


@api.exception_handler(OutOfScope)
def out_of_scope(request, exc):
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    from pendamping.registry.api import existing_visible

    body = {"code": str(exc.code), "detail": str(exc.message)}
    if getattr(exc, "field", ""):
        body["field"] = exc.field
    if "problems" in exc.params:
        body["problems"] = exc.params["problems"]
    if "existing_pk" in exc.params:
        body["existing_id"] = existing_visible(request.user, exc.params["existing_pk"])
    return api.create_response(request, body, status=400)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
@api.exception_handler(IntegrityError)
def value_out_of_range(request, exc):
    """Hostile numbers (page=2**63, offset=1e30) reach the database as out-of-range values:
    answer 400 for every endpoint rather than 500 (found by bench/reliability.py). Other
    integrity errors are real faults and stay 500."""
    if isinstance(exc, IntegrityError) and "datatype mismatch" not in str(exc):
        raise exc
    return api.create_response(
        request, {"code": "invalid", "detail": "A value is out of range."}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not Found"}, status=404)


from pendamping.casework.api import router as casework_router  # noqa: E402
from pendamping.linkage.api import router as linkage_router  # noqa: E402
from pendamping.mobility.api import router as mobility_router  # noqa: E402
from pendamping.planning.api import router as planning_router  # noqa: E402
from pendamping.programs.api import router as programs_router  # noqa: E402
from pendamping.registry.api import router as registry_router  # noqa: E402
from pendamping.reports.api import router as reports_router  # noqa: E402
from pendamping.wilayah.api import router as wilayah_router  # noqa: E402

api.add_router("/areas", wilayah_router)
api.add_router("/", registry_router)
api.add_router("/casework", casework_router)
api.add_router("/mobility", mobility_router)
api.add_router("/reconciliation", linkage_router)
api.add_router("/workforce", planning_router)
api.add_router("/programs", programs_router)
api.add_router("/reports", reports_router)
