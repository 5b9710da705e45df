"""Registry pages: list, search as you type, forms with inline validation, export."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from pendamping.registry.models import Change, Household, Person
from pendamping.registry.nik import make_kk, make_nik

pytestmark = pytest.mark.django_db
JADIREJO = "14.71.01.1002"


@pytest.fixture
def tksk_client(client, make_user):
    user = make_user("tksk", "14.71.01")
    client.force_login(user)
    client.user = user
    return client


def _household_post(kelurahan_pk, **extra):
    birth = date(1979, 8, 17)
    data = {
        "hh-kk": make_kk("14.71.01", date(2012, 6, 1), 501),
        "hh-kelurahan": kelurahan_pk,
        "hh-rw": "3",
        "hh-rt": "5",
        "hh-address": "Jl. Paus No. 8",
        "hh-dwelling_status": "rent",
        "head-nik": make_nik("14.71.01", birth, "L", 12),
        "head-name": "Zainal Abidin",
        "head-sex": "L",
        "head-birth_date": birth.isoformat(),
        "head-relationship": "head",
    }
    data.update(extra)
    return data


def test_create_household_with_head_then_add_member(tksk_client):
    from pendamping.wilayah.models import Area

    kelurahan = Area.objects.get(code=JADIREJO)
    response = tksk_client.post(reverse("registry:household_create"), _household_post(kelurahan.pk))
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.rt.code == f"{JADIREJO}.003.005"
    head = household.members.get()
    assert head.name == "Zainal Abidin"
    birth = date(1983, 2, 2)
    response = tksk_client.post(
        reverse("registry:member_add", args=[household.pk]),
        {
            "nik": make_nik("14.71.01", birth, "P", 13),
            "name": "Zaenab",
            "sex": "P",
            "birth_date": birth.isoformat(),
            "relationship": "spouse",
        },
    )
    assert response.status_code == 302
    assert household.members.count() == 2
    page = tksk_client.get(reverse("registry:person_detail", args=[head.pk])).content.decode()
    assert "Zaenab" in page
    assert "Dibuat" in page  # the timeline, in Indonesian


def test_invalid_nik_shows_the_reason_next_to_the_field(tksk_client):
    from pendamping.wilayah.models import Area

    kelurahan = Area.objects.get(code=JADIREJO)
    response = tksk_client.post(
        reverse("registry:household_create"),
        _household_post(kelurahan.pk, **{"head-nik": "1471017213790012"}),
    )
    assert response.status_code == 200
    assert "bulan 13" in response.content.decode() or "tanggal" in response.content.decode()
    assert Household.objects.count() == 0  # the household is not half-written


def test_possible_duplicate_asks_for_confirmation(tksk_client, make_household):
    from pendamping.wilayah.models import Area

    existing = make_household(JADIREJO).members.get(relationship="head")
    kelurahan = Area.objects.get(code=JADIREJO)
    data = _household_post(
        kelurahan.pk,
        **{
            "head-nik": "",
            "head-name": existing.name,
            "head-birth_date": existing.birth_date.isoformat(),
        },
    )
    response = tksk_client.post(reverse("registry:household_create"), data)
    assert response.status_code == 200
    assert 'data-testid="duplicates"' in response.content.decode()
    assert Household.objects.count() == 1
    data["head-confirm_not_duplicate"] = "on"
    assert tksk_client.post(reverse("registry:household_create"), data).status_code == 302
    assert Household.objects.count() == 2


def test_inline_number_check(tksk_client):
    birth = date(1990, 7, 1)
    ok = tksk_client.get(
        reverse("registry:nik_check"),
        {"head-nik": make_nik("14.71.08", birth, "P", 1), "head-birth_date": "1990-07-01"},
    )
    assert "14.71.08" in ok.content.decode()
    bad = tksk_client.get(reverse("registry:nik_check"), {"nik": "12345"})
    assert "16" in bad.content.decode()


def test_list_search_and_htmx_fragment(tksk_client, make_household):
    person = make_household(JADIREJO, name="Rudi Hartono Siregar").members.get(relationship="head")
    page = tksk_client.get(reverse("registry:person_list"), {"q": "rudy siregar"})
    assert f"/registry/people/{person.pk}/" in page.content.decode()
    fragment = tksk_client.get(
        reverse("registry:person_list"),
        {"q": "rudi sireg"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="person-rows",
    )
    body = fragment.content.decode()
    assert "<html" not in body
    assert f"/registry/people/{person.pk}/" in body


def test_list_page_query_count_does_not_grow_with_rows(
    tksk_client, make_household, django_assert_max_num_queries
):
    for _ in range(5):
        make_household(JADIREJO, members=3)
    with django_assert_max_num_queries(12):
        tksk_client.get(reverse("registry:person_list"))


def test_edit_person_records_history(tksk_client, make_household):
    person = make_household(JADIREJO).members.get(relationship="head")
    data = {
        "nik": person.nik,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "occupation": "Tukang ojek",
        "relationship": "head",
    }
    assert (
        tksk_client.post(reverse("registry:person_edit", args=[person.pk]), data).status_code == 302
    )
    assert Change.objects.get(person=person, action="update").fields["occupation"] == [
        "",
        "Tukang ojek",
    ]


def test_export_csv_masks_nik_for_psm_and_neutralises_formulas(client, make_user, make_household):
    household = make_household(JADIREJO, name='=HYPERLINK("http://x") Budi')
    Person.objects.filter(household=household).update(phone="+6281234")
    client.force_login(make_user("psm", JADIREJO))
    response = client.get(reverse("registry:person_export", args=["csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    head = next(r for r in rows if r["relationship"] == "head")
    assert head["name"].startswith("'=")
    assert head["phone"].startswith("'+")
    assert "*" in head["nik"]
    assert head["nik"] != Person.objects.get(relationship="head").nik


def test_export_rows_carry_each_column_of_the_record_also_for_a_search(
    client, make_user, make_household
):
    from pendamping.wilayah.models import Area
    from pendamping.wilayah.services import area_ensure_rt

    rt = area_ensure_rt(kelurahan=Area.objects.get(code=JADIREJO), rw=3, rt=5)
    household = make_household(JADIREJO, name="Rahmat Hidayat", rt=rt)
    make_household(JADIREJO, name="Dewi Lestari")
    Person.objects.filter(household=household).update(phone="0812")
    head = Person.objects.get(household=household, relationship="head")
    client.force_login(make_user("tksk", "14.71.01"))
    for query in ("", "Rahmat Hidayat"):
        url = reverse("registry:person_export", args=["csv"])
        response = client.get(url, {"q": query} if query else {})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == (4 if not query else 1)
        row = next(r for r in rows if r["name"] == "Rahmat Hidayat")
        assert row == {
            "nik": head.nik,
            "kk": household.kk,
            "name": "Rahmat Hidayat",
            "sex": head.sex,
            "birth_place": head.birth_place,
            "birth_date": head.birth_date.isoformat(),
            "relationship": "head",
            "address": household.address,
            "rt": "005",
            "rw": "003",
            "kelurahan_code": JADIREJO,
            "kelurahan": head.kelurahan.name,
            "kecamatan": head.kelurahan.parent.name,
            "dwelling_status": household.dwelling_status,
            "status": head.status,
            "phone": "0812",
        }


def test_export_xlsx_within_scope(client, make_user, make_household):
    make_household(JADIREJO)
    make_household("14.71.03.1001")
    client.force_login(make_user("tksk", "14.71.01"))
    response = client.get(reverse("registry:person_export", args=["xlsx"]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(data)
        fh.flush()
        sheet = CalamineWorkbook.from_path(fh.name).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "nik"
    assert len(sheet) == 3
    assert {row[10] for row in sheet[1:]} == {JADIREJO}


def test_household_edit_records_a_move_and_members_follow(tksk_client, make_household):
    from pendamping.wilayah.models import Area

    household = make_household(JADIREJO)
    target = Area.objects.get(code="14.71.01.1003")
    response = tksk_client.post(
        reverse("registry:household_edit", args=[household.pk]),
        {
            "kk": household.kk,
            "kelurahan": target.pk,
            "rw": "1",
            "rt": "2",
            "address": "Jl. Baru No. 1",
            "dwelling_status": "contract",
            "status": "active",
        },
    )
    assert response.status_code == 302
    assert set(household.members.values_list("kelurahan__code", flat=True)) == {"14.71.01.1003"}
    assert Change.objects.filter(household=household, action="move").exists()


def test_status_can_be_set_on_edit(tksk_client, make_household):
    person = make_household(JADIREJO).members.get(relationship="head")
    data = {
        "nik": person.nik,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "status": "deceased",
    }
    tksk_client.post(reverse("registry:person_edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert person.status == "deceased"
