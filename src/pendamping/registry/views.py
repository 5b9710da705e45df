"""Registry pages: thin views over the scoped selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pendamping.accounts.models import FIELD_ROLES, Role
from pendamping.core.http import not_found_outside_scope, roles_required

from . import selectors
from .nikmask import nik_display

READ_ROLES = (Role.ADMIN, Role.SUPERVISOR, *FIELD_ROLES)


@login_required
@roles_required(*READ_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = selectors.person_list(actor=request.user, query=query)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    for person in page:
        person.nik_shown = nik_display(request.user, person.nik)
    template = "registry/_person_rows.html" if request.htmx else "registry/person_list.html"
    return render(request, template, {"page": page, "query": query})


@login_required
@roles_required(*READ_ROLES)
@not_found_outside_scope
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    members = selectors.household_members(actor=request.user, household=person.household)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "nik_shown": nik_display(request.user, person.nik),
            "kk_shown": nik_display(request.user, person.household.kk),
            "members": members,
        },
    )


@login_required
@roles_required(*READ_ROLES)
@not_found_outside_scope
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    members = list(selectors.household_members(actor=request.user, household=household))
    for member in members:
        member.nik_shown = nik_display(request.user, member.nik)
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "kk_shown": nik_display(request.user, household.kk),
            "members": members,
        },
    )
