"""Registry pages: thin views over the scoped selectors and the services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pendamping.accounts.models import FIELD_ROLES, Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.casework import selectors as casework_selectors
from pendamping.core.http import not_found_outside_scope, roles_required
from pendamping.core.scope import scoped

from . import exports, nik, selectors, sensitive, services
from .forms import ClassificationForm, HouseholdFieldsForm, PersonFieldsForm, SearchForm
from .models import ChangeSource, Person
from .nikmask import nik_display
from .search import SearchFilters

READ_ROLES = (Role.ADMIN, Role.SUPERVISOR, *FIELD_ROLES)
WRITE_ROLES = (Role.ADMIN, Role.SUPERVISOR, *FIELD_ROLES)
PERSON_FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "marital_status",
    "education",
    "occupation",
    "disability",
    "phone",
)


HOUSEHOLD_FIELDS = (
    "kk",
    "kelurahan",
    "address",
    "dwelling_status",
    "latitude",
    "longitude",
    "status",
)


def _shown(user, changes) -> list:
    """Timeline entries with NIK/KK values masked for roles that may not see them."""
    changes = list(changes)
    for change in changes:
        change.shown_fields = {
            field: [nik_display(user, v) if field in ("nik", "kk") and v else v for v in values]
            for field, values in change.fields.items()
        }
    return changes


def _filters(form: SearchForm) -> SearchFilters:
    data = form.cleaned_data if form.is_valid() else {}
    kecamatan, category = data.get("kecamatan"), data.get("category")
    kelurahan = data.get("kelurahan")
    return SearchFilters(
        kelurahan_id=kelurahan.pk if kelurahan else None,
        kecamatan_id=kecamatan.pk if kecamatan else None,
        category=sensitive.searchable_category(category.code if category else None),
        status=data.get("status") or None,
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
@roles_required(*READ_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = request.GET.get("q", "")[:100]
    page = selectors.person_page(
        actor=request.user,
        query=query,
        filters=_filters(form),
        page=_page_number(request),
        as_you_type=bool(request.htmx),
    )
    for person in page.people:
        person.nik_shown = nik_display(request.user, person.nik)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "query": query, "form": form, "params": params.urlencode()}
    if request.htmx and request.htmx.target == "person-rows":
        return render(request, "registry/_person_rows.html", context)
    return render(request, "registry/person_list.html", context)


@login_required
@roles_required(*READ_ROLES)
def person_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = SearchForm(request.GET)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="registry.person",
        summary=f"people export {fmt}",
        request=request,
    )
    return exports.people_response(
        actor=request.user, query=request.GET.get("q", "")[:100], filters=_filters(form), fmt=fmt
    )


@login_required
@roles_required(*READ_ROLES)
@not_found_outside_scope
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    audit_record(actor=request.user, action=Action.READ, obj=person, request=request)
    members = list(selectors.household_members(actor=request.user, household=person.household))
    classifications, withheld = sensitive.shown_classifications(
        request.user, person, selectors.person_classifications(person=person)
    )
    timeline = sensitive.hide_sensitive_changes(
        request.user, person, selectors.person_timeline(person=person)
    )
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "nik_shown": nik_display(request.user, person.nik),
            "kk_shown": nik_display(request.user, person.household.kk),
            "members": members,
            "classifications": classifications,
            "withheld": withheld,
            "may_break_glass": sensitive.needs_break_glass(request.user, person, withheld),
            "timeline": _shown(request.user, timeline),
            "person_cases": casework_selectors.person_cases(request.user, person),
            "classification_form": ClassificationForm(
                initial={"assessed_on": timezone.localdate()}
            ),
        },
    )


@login_required
@roles_required(*WRITE_ROLES)
@not_found_outside_scope
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    initial = {f: getattr(person, f) for f in (*PERSON_FIELDS, "status")}
    form = PersonFieldsForm(request.POST or None, initial=initial, with_status=True)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in PERSON_FIELDS}
        changes["nik"] = changes["nik"] or None
        changes["status"] = form.cleaned_data["status"] or person.status
        try:
            services.person_update(
                actor=request.user, person=person, source=ChangeSource.UI, **changes
            )
        except services.RegistryError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


def _create_person(request, form: PersonFieldsForm, household) -> tuple[object, list]:
    data = {f: form.cleaned_data[f] for f in PERSON_FIELDS}
    try:
        person = services.person_create(
            actor=request.user,
            household=household,
            source=ChangeSource.UI,
            confirm_not_duplicate=form.cleaned_data["confirm_not_duplicate"],
            **data,
        )
    except services.RegistryError as exc:
        form.add_error(exc.field or None, exc.message)
        return None, exc.params.get("candidates", [])
    return person, []


@login_required
@roles_required(*WRITE_ROLES)
@not_found_outside_scope
def member_add(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=household_pk)
    form = PersonFieldsForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        person, duplicate_ids = _create_person(request, form, household)
        if person:
            messages.success(request, _("Saved."))
            return redirect("registry:person_detail", pk=person.pk)
        duplicates = _duplicates(request, duplicate_ids)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "household": household, "duplicates": duplicates},
    )


def _duplicates(request, ids: list[int]) -> list:
    return list(scoped(Person.objects.filter(pk__in=ids), request.user).select_related("kelurahan"))


@login_required
@roles_required(*WRITE_ROLES)
def household_create(request: HttpRequest) -> HttpResponse:
    """A new household with its head in one form (the most common first entry)."""
    household_form = HouseholdFieldsForm(request.POST or None, actor=request.user, prefix="hh")
    person_form = PersonFieldsForm(
        request.POST or None, prefix="head", initial={"relationship": "head"}
    )
    duplicates = []
    if request.method == "POST" and household_form.is_valid() and person_form.is_valid():
        from django.db import transaction

        data = household_form.cleaned_data
        try:
            with transaction.atomic():
                rt = services.rt_resolve(
                    actor=request.user,
                    kelurahan=data["kelurahan"],
                    rw=data.get("rw"),
                    rt=data.get("rt"),
                )
                household = services.household_create(
                    actor=request.user,
                    kk=data["kk"],
                    kelurahan=data["kelurahan"],
                    rt=rt,
                    address=data["address"],
                    dwelling_status=data["dwelling_status"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
                person, duplicate_ids = _create_person(request, person_form, household)
                if person is None:
                    transaction.set_rollback(True)
        except services.RegistryError as exc:
            household_form.add_error(
                exc.field if exc.field in household_form.fields else None, exc.message
            )
        else:
            if person is not None:
                messages.success(request, _("Household saved. Add its other members."))
                return redirect("registry:household_detail", pk=household.pk)
            duplicates = _duplicates(request, duplicate_ids)
    return render(
        request,
        "registry/household_form.html",
        {
            "household_form": household_form,
            "person_form": person_form,
            "duplicates": duplicates,
        },
    )


@login_required
@roles_required(*WRITE_ROLES)
@not_found_outside_scope
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a household or record its move within the city (members move with it)."""
    household = selectors.household_get(actor=request.user, pk=pk)
    initial = {f: getattr(household, f) for f in HOUSEHOLD_FIELDS}
    if household.rt_id:
        initial["rw"] = int(household.rt.parent.code.rsplit(".", 1)[1])
        initial["rt"] = int(household.rt.code.rsplit(".", 1)[1])
    form = HouseholdFieldsForm(
        request.POST or None, actor=request.user, initial=initial, with_status=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rt = services.rt_resolve(
                actor=request.user,
                kelurahan=data["kelurahan"],
                rw=data.get("rw"),
                rt=data.get("rt"),
            )
            changes = {f: data[f] for f in HOUSEHOLD_FIELDS}
            moved = data["kelurahan"] != household.kelurahan or rt != household.rt
            services.household_update(
                actor=request.user,
                household=household,
                rt=rt,
                action="move" if moved else "update",
                **changes,
            )
        except services.RegistryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_edit.html", {"form": form, "household": household})


@login_required
@roles_required(*READ_ROLES)
@not_found_outside_scope
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    audit_record(actor=request.user, action=Action.READ, obj=household, request=request)
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
            "timeline": _shown(request.user, selectors.household_timeline(household=household)),
        },
    )


@login_required
@roles_required(*WRITE_ROLES)
@require_POST
@not_found_outside_scope
def classification_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    form = ClassificationForm(request.POST)
    if form.is_valid():
        services.classification_add(
            actor=request.user,
            person=person,
            category_code=form.cleaned_data["category"].code,
            assessed_on=form.cleaned_data["assessed_on"],
            evidence=form.cleaned_data["evidence"],
            valid_until=form.cleaned_data["valid_until"],
        )
        messages.success(request, _("PPKS category added."))
    else:
        messages.error(request, _("Check the category and the date."))
    return redirect("registry:person_detail", pk=person.pk)


@login_required
@roles_required(*WRITE_ROLES)
def nik_check(request: HttpRequest) -> HttpResponse:
    """Inline validation while typing a NIK or KK (htmx): what it decodes to, or its problems."""

    def param(name: str) -> str:
        """Form fields may carry a prefix ("head-nik"), so match on the suffix."""
        for key, value in request.GET.items():
            if key == name or key.endswith(f"-{name}"):
                return value
        return ""

    kind = request.GET.get("kind", "nik")
    raw = "".join(param(kind).split())[:40]
    if not raw:
        return HttpResponse("")
    if kind == "kk":
        result = nik.validate_kk(raw)
    else:
        birth = param("birth_date") or None
        try:
            birth_date = date.fromisoformat(birth) if birth else None
        except ValueError:
            birth_date = None
        result = nik.validate_nik(raw, birth_date=birth_date, sex=param("sex") or None)
    return render(request, "registry/_nik_check.html", {"result": result, "kind": kind})
