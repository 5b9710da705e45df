"""Registry endpoints: the same scoped selectors as the pages, with NIK masked by role."""

from datetime import date

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors
from .nikmask import nik_display

router = Router(tags=["registry"])


class PersonOut(Schema):
    id: int
    nik: str
    name: str
    sex: str
    birth_date: date | None
    kelurahan_code: str
    household_id: int
    status: str

    @staticmethod
    def resolve_nik(obj, context) -> str:
        return nik_display(context["request"].user, obj.nik)

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code


@router.get("/people", response=list[PersonOut], summary="Search people within your areas")
@paginate(LimitOffsetPagination)
def list_people(request, q: str = "", status: str | None = None):
    return selectors.person_list(actor=request.user, query=q, status=status)


@router.get("/people/{person_id}", response=PersonOut, summary="One person within your areas")
def get_person(request, person_id: int):
    return selectors.person_get(actor=request.user, pk=person_id)
