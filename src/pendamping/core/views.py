"""The home page of each role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pendamping.accounts.models import Role
from pendamping.accounts.selectors import current_assignments, workforce_summary
from pendamping.core.scope import scope_of
from pendamping.registry.selectors import registry_counts_by_kelurahan
from pendamping.wilayah.selectors import city_kecamatan_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role in (Role.ADMIN, Role.SUPERVISOR):
        overview = city_kecamatan_overview(registry_counts=registry_counts_by_kelurahan(actor=user))
        workforce = workforce_summary()
        return render(
            request,
            "core/home_supervisor.html",
            {
                **overview,
                "workforce": workforce,
                "workforce_total": sum(w["count"] for w in workforce),
                "accounts_total": sum(w["accounts"] for w in workforce),
            },
        )
    assignments = list(current_assignments(user=user))
    counts = registry_counts_by_kelurahan(actor=user)
    scope = scope_of(user)
    return render(
        request,
        "core/home_field.html",
        {
            "assignments": assignments,
            "people_total": sum(c["people"] for c in counts.values()),
            "households_total": sum(c["households"] for c in counts.values()),
            "kelurahan_count": len(scope.kelurahan_ids),
            "is_reporter": user.role == Role.RTRW,
            "mobility_panel": user.role != Role.RTRW,
        },
    )
