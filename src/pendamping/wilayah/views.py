"""Area pages: public facts (codes, names, population, history) and who covers the area."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from pendamping.accounts.selectors import workers_of_area

from . import selectors
from .models import AreaVersion, Population


def _as_of(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET["as_of"]) if request.GET.get("as_of") else None
    except ValueError:
        return None


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    return area_detail(request, settings.PENDAMPING_REGION_CODE)


@login_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code)
    if area is None:
        raise Http404
    as_of = _as_of(request)
    children = selectors.area_children(area.code, as_of=as_of)
    population = selectors.population_latest([c.area for c in children])
    ancestors = []
    node = area.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    return render(
        request,
        "wilayah/area_detail.html",
        {
            "area": area,
            "ancestors": ancestors,
            "children": [{"child": c, "population": population.get(c.area.pk)} for c in children],
            "as_of": as_of,
            "populations": Population.objects.filter(area=area).order_by("-year", "source"),
            "versions": AreaVersion.objects.filter(area=area),
            "workers": workers_of_area([area.pk]).order_by("user__role", "user__last_name"),
            "predecessors": area.predecessors.all()[:20],
        },
    )
