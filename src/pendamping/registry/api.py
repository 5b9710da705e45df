"""Registry endpoints: the same scoped selectors and services as the pages, NIK masked by role."""

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from pendamping.accounts.models import Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.scope import get_scoped, scoped
from pendamping.wilayah.models import Area

from . import exports, nik, selectors, sensitive, services
from .models import ChangeSource, Household, Person
from .nikmask import nik_display
from .search import SearchFilters

router = Router(tags=["registry"])


def _require_registry_role(request: HttpRequest) -> None:
    if request.user.role == Role.RTRW:
        raise HttpError(404, "Not Found")


class CategoryOut(Schema):
    code: str
    name: str
    assessed_on: date
    valid_until: date | None
    household_level: bool


class PersonOut(Schema):
    id: int
    nik: str
    name: str
    sex: str
    birth_date: date | None
    birth_place: str
    relationship: str
    kelurahan_code: str
    household_id: int
    status: str

    @staticmethod
    def resolve_nik(obj, context) -> str:
        return nik_display(context["request"].user, obj.nik)

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code


class PersonDetailOut(PersonOut):
    marital_status: str
    education: str
    occupation: str
    disability: str
    phone: str
    categories: list[CategoryOut]

    @staticmethod
    def resolve_categories(obj, context) -> list[dict]:
        shown, _ = sensitive.shown_classifications(
            context["request"].user, obj, selectors.person_classifications(person=obj)
        )
        return [
            {
                "code": c.category.code,
                "name": c.category.name_id,
                "assessed_on": c.assessed_on,
                "valid_until": c.valid_until,
                "household_level": c.household_id is not None,
            }
            for c in shown
        ]


class HouseholdOut(Schema):
    id: int
    kk: str
    address: str
    kelurahan_code: str
    rt: str | None
    dwelling_status: str
    latitude: float | None
    longitude: float | None
    status: str
    members: list[PersonOut]

    @staticmethod
    def resolve_kk(obj, context) -> str:
        return nik_display(context["request"].user, obj.kk)

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_rt(obj) -> str | None:
        return obj.rt.code if obj.rt_id else None

    @staticmethod
    def resolve_members(obj, context) -> list:
        return list(
            selectors.household_members(
                actor=context["request"].user, household=obj
            ).select_related("kelurahan")
        )


class PersonIn(Schema):
    name: str
    sex: str
    nik: str | None = None
    birth_date: date | None = None
    birth_place: str = ""
    relationship: str = ""
    marital_status: str = ""
    education: str = ""
    occupation: str = ""
    disability: str = ""
    phone: str = ""
    confirm_not_duplicate: bool = False


class PersonPatch(Schema):
    name: str | None = None
    sex: str | None = None
    nik: str | None = None
    birth_date: date | None = None
    birth_place: str | None = None
    relationship: str | None = None
    marital_status: str | None = None
    education: str | None = None
    occupation: str | None = None
    disability: str | None = None
    phone: str | None = None


class HouseholdIn(Schema):
    kk: str
    kelurahan_code: str
    rw: int | None = None
    rt: int | None = None
    address: str = ""
    dwelling_status: str = ""
    latitude: float | None = None
    longitude: float | None = None
    head: PersonIn | None = None


class SearchParams(Schema):
    q: str = ""
    kecamatan: str | None = None
    category: str | None = None
    status: str | None = None
    page: int = 1


class NumberCheckOut(Schema):
    valid: bool
    kecamatan_code: str | None
    date: date | None
    sex: str | None
    problems: list[dict]


def _filters(params: SearchParams) -> SearchFilters:
    kecamatan = Area.objects.filter(code=params.kecamatan).first() if params.kecamatan else None
    return SearchFilters(
        kecamatan_id=kecamatan.pk if kecamatan else None,
        category=sensitive.searchable_category(params.category),
        status=params.status,
    )


@router.get("/people", response=list[PersonOut], summary="Search people within your areas")
def list_people(request, params: Query[SearchParams]):
    """Names tolerate typos and spelling variants; digits search NIK and KK (exact or prefix).
    25 per page; `page` counts from 1."""
    _require_registry_role(request)
    people = selectors.person_page(
        actor=request.user, query=params.q[:100], filters=_filters(params), page=params.page
    ).people
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="registry.person",
        summary=f"search page {params.page}: {len(people)} people",
        request=request,
    )
    return people


@router.get("/people/{person_id}", response=PersonDetailOut, summary="One person within your areas")
def get_person(request, person_id: int):
    _require_registry_role(request)
    person = selectors.person_get(actor=request.user, pk=person_id)
    audit_record(actor=request.user, action=Action.API_READ, obj=person, request=request)
    return person


@router.patch("/people/{person_id}", response=PersonDetailOut, summary="Correct a person's data")
def patch_person(request, person_id: int, payload: PersonPatch):
    _require_registry_role(request)
    person = selectors.person_get(actor=request.user, pk=person_id)
    changes = payload.dict(exclude_unset=True)
    # null clears a text field (stored as ""); found by schemathesis, it reached the database
    # as a NOT NULL violation (500). The sex cannot be cleared, and is L or P as on creation.
    for field, value in changes.items():
        if value is None and not Person._meta.get_field(field).null:
            changes[field] = ""
    if "sex" in changes and changes["sex"] not in ("L", "P"):
        raise services.RegistryError(
            services.RegistryErrorCode.SEX_INVALID, _("Sex must be L or P."), field="sex"
        )
    return services.person_update(
        actor=request.user, person=person, source=ChangeSource.API, **changes
    )


@router.get("/households/{household_id}", response=HouseholdOut, summary="A household and members")
def get_household(request, household_id: int):
    _require_registry_role(request)
    household = selectors.household_get(actor=request.user, pk=household_id)
    audit_record(actor=request.user, action=Action.API_READ, obj=household, request=request)
    return household


@router.post("/households", response={201: HouseholdOut}, summary="Register a household")
def create_household(request, payload: HouseholdIn):
    from django.db import transaction

    _require_registry_role(request)
    kelurahan = Area.objects.filter(code=payload.kelurahan_code).first()
    if kelurahan is None:
        raise services.RegistryError(
            services.RegistryErrorCode.AREA_INVALID,
            "Unknown kelurahan code.",
            field="kelurahan_code",
        )
    with transaction.atomic():
        rt = services.rt_resolve(
            actor=request.user, kelurahan=kelurahan, rw=payload.rw, rt=payload.rt
        )
        household = services.household_create(
            actor=request.user,
            kk=payload.kk,
            kelurahan=kelurahan,
            rt=rt,
            address=payload.address,
            dwelling_status=payload.dwelling_status,
            latitude=payload.latitude,
            longitude=payload.longitude,
            source=ChangeSource.API,
        )
        if payload.head:
            services.person_create(
                actor=request.user,
                household=household,
                source=ChangeSource.API,
                **payload.head.dict(),
            )
    return Status(201, household)


@router.post(
    "/households/{household_id}/members",
    response={201: PersonDetailOut},
    summary="Add a member to a household",
)
def add_member(request, household_id: int, payload: PersonIn):
    _require_registry_role(request)
    household = get_scoped(Household.objects.all(), request.user, pk=household_id)
    person = services.person_create(
        actor=request.user, household=household, source=ChangeSource.API, **payload.dict()
    )
    return Status(201, person)


@router.get("/people-export", summary="Export the filtered list (CSV or XLSX)")
def export_people(request, params: Query[SearchParams], format: str = "csv"):
    _require_registry_role(request)
    if format not in ("csv", "xlsx"):
        raise HttpError(400, "format must be csv or xlsx")
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="registry.person",
        summary=f"people export {format} (API)",
        request=request,
    )
    return exports.people_response(
        actor=request.user, query=params.q[:100], filters=_filters(params), fmt=format
    )


@router.get("/numbers/check", response=NumberCheckOut, summary="Validate a NIK or KK")
def check_number(
    request, value: str, kind: str = "nik", birth_date: date | None = None, sex: str | None = None
):
    """What a NIK or KK decodes to, or every problem with it (code and messages)."""
    if kind == "kk":
        result = nik.validate_kk(value[:40])
        when, sex_out = result.issued_on, None
    else:
        result = nik.validate_nik(value[:40], birth_date=birth_date, sex=sex)
        when, sex_out = result.birth_date, result.sex
    return {
        "valid": result.valid,
        "kecamatan_code": result.kecamatan_code,
        "date": when,
        "sex": sex_out,
        "problems": [
            {
                "code": p.code,
                "severity": p.severity,
                "message_id": p.message_id,
                "message_en": p.message_en,
            }
            for p in result.problems
        ],
    }


def existing_visible(actor, pk: int | None) -> int | None:
    """The id of a clashing record, only when the actor may see it."""
    if pk and scoped(Person.objects.filter(pk=pk), actor).exists():
        return pk
    return None
