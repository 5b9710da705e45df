"""Pages: role gates, the person page panel, usulan export, and lists with a fixed number of
queries whatever their length."""

import io

import pytest
from python_calamine import CalamineWorkbook

from pendamping.programs import services
from pendamping.programs.complaints import services as complaint_services
from pendamping.programs.models import Program
from pendamping.wilayah.models import Area

from .conftest import KEL

pytestmark = pytest.mark.django_db


def test_field_workers_read_programs_but_cannot_define_them(client, psm, seeded):
    client.force_login(psm)
    assert client.get("/programs/").status_code == 200
    assert client.get("/programs/new/").status_code == 404
    response = client.post("/programs/p/pkh/conditions/", {"rule": "age:between", "minimum": "1"})
    assert response.status_code == 404
    assert Program.objects.get(code="pkh").conditions.count() == 6


def test_rt_heads_do_not_reach_programs(client, make_user):
    client.force_login(make_user("rtrw"))
    assert client.get("/programs/").status_code in (302, 403, 404)


def test_program_form_and_a_refused_condition_explained(client, admin, seeded):
    client.force_login(admin)
    client.post(
        "/programs/new/",
        {
            "code": "uji-ui",
            "name": "Uji",
            "owner": "city",
            "kind": "cash",
            "unit": "person",
            "active": "on",
        },
    )
    assert Program.objects.filter(code="uji-ui").exists()
    response = client.post("/programs/p/uji-ui/conditions/", {"rule": "age:between"}, follow=True)
    assert "Isi minimum, maksimum, atau keduanya." in response.content.decode()
    assert not Program.objects.get(code="uji-ui").conditions.exists()


def test_person_page_shows_programs_and_eligibility(client, psm, supervisor, person, seeded):
    enrolment = services.enrolment_propose(
        actor=psm, program=Program.objects.get(code="atensi"), person=person
    )
    client.force_login(psm)
    page = client.get(f"/registry/people/{person.pk}/").content.decode()
    assert f'hx-get="/programs/people/{person.pk}/programs/"' in page  # loaded after the page
    html = client.get(f"/programs/people/{person.pk}/programs/").content.decode()
    assert 'data-testid="person-programs"' in html
    assert f"/programs/enrolments/{enrolment.pk}/" in html
    assert "Diusulkan" in html
    assert f"/programs/p/pkh/why/{person.pk}/" in html


def test_usulan_export_xlsx_masks_and_neutralises(client, psm, person):
    services.usulan_create(
        actor=psm, person=person, kind="inclusion", reason='=HYPERLINK("x")', evidence="Kunjungan"
    )
    client.force_login(psm)
    response = client.get("/programs/usulan/", {"kelurahan": person.kelurahan_id, "format": "xlsx"})
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["kelurahan", "proposal", "nik", "name"]
    assert rows[1][3] == person.name
    assert rows[1][6].startswith("'=")
    csv_text = client.get("/programs/usulan/", {"format": "csv"}).content.decode("utf-8-sig")
    assert person.name in csv_text


def _complaints(n):
    kel = Area.objects.get(code=KEL)
    for i in range(n):
        complaint_services.complaint_submit(
            actor=None,
            channel="web",
            category="not_served",
            kelurahan=kel,
            description=f"Belum dilayani di kantor lurah, pengaduan ke-{i}.",
        )


def test_complaint_list_queries_do_not_grow(client, psm, django_assert_max_num_queries):
    client.force_login(psm)
    _complaints(2)
    with django_assert_max_num_queries(25) as few:
        client.get("/programs/complaints/")
    _complaints(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert (
            client.get("/programs/complaints/").content.decode().count("/programs/complaints/")
            >= 17
        )


def test_enrolment_list_queries_do_not_grow(
    client, psm, make_household, seeded, django_assert_max_num_queries
):
    program = Program.objects.get(code="atensi")
    client.force_login(psm)

    def add(n):
        for i in range(n):
            person = make_household(KEL, members=1, name=f"Warga Uji {i}").members.first()
            services.enrolment_propose(actor=psm, program=program, person=person)

    add(2)
    with django_assert_max_num_queries(25) as few:
        client.get("/programs/enrolments/")
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/programs/enrolments/")
