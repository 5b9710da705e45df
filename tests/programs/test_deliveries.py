"""Benefit delivery records from the program's file: all or nothing, errors in both languages,
re-import updates, and who was missed."""

import io

import pytest
import xlsxwriter

from pendamping.programs import deliveries, selectors, services
from pendamping.programs.models import Delivery, DeliveryImport, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(psm, supervisor, make_household, seeded):
    program = Program.objects.get(code="atensi")
    out = []
    for name in ("Budi Santoso", "Joko Susilo", "Rina Marlina"):
        person = make_household("14.71.01.1002", members=1, name=name).members.first()
        e = services.enrolment_propose(actor=psm, program=program, person=person)
        services.enrolment_transition(actor=supervisor, enrolment=e, to_status="approved")
        services.enrolment_transition(actor=supervisor, enrolment=e, to_status="active")
        out.append(e)
    return program, out


def _csv(rows, sep=",") -> bytes:
    return "\n".join(sep.join(r) for r in rows).encode()


def test_csv_import_and_who_was_missed(admin, active):
    program, (a, b, c) = active
    data = _csv(
        [
            ["NIK", "Status", "Keterangan", "Nominal"],
            [a.person.nik, "diterima", "", "750.000"],
            [b.person.nik, "tidak diterima", "KKS belum aktif", ""],
        ]
    )
    result = deliveries.delivery_import(
        actor=admin, program=program, period="2026-10", file_name="okt.csv", data=data
    )
    assert (result.rows, result.received, result.not_received) == (2, 1, 1)
    assert Delivery.objects.get(enrolment=a).amount == 750000
    missed = selectors.delivery_missed(actor=admin, program=program, period="2026-10")
    assert {m["enrolment"].pk for m in missed} == {b.pk, c.pk}
    assert [m["record"].reason for m in missed if m["record"]] == ["KKS belum aktif"]
    # the corrected file replaces the first
    deliveries.delivery_import(
        actor=admin,
        program=program,
        period="2026-10",
        file_name="okt2.csv",
        data=_csv([["nik", "status"], [b.person.nik, "ya"], [c.person.nik, "ya"]], sep=";"),
    )
    assert Delivery.objects.filter(period="2026-10").count() == 3
    assert selectors.delivery_missed(actor=admin, program=program, period="2026-10") == []


def test_one_bad_row_writes_nothing_and_every_problem_is_told(admin, active):
    program, (a, b, c) = active
    data = _csv(
        [
            ["nik", "status", "periode"],
            [a.person.nik, "diterima", "2026-10"],
            ["1234", "diterima", ""],
            [a.person.nik, "diterima", ""],
            [b.person.nik, "mungkin", ""],
            ["1471015203850003", "diterima", ""],
            [c.person.nik, "diterima", "2026-09"],
        ]
    )
    with pytest.raises(deliveries.DeliveryFileError) as exc:
        deliveries.delivery_import(
            actor=admin, program=program, period="2026-10", file_name="x.csv", data=data
        )
    text = [str(p) for p in exc.value.problems]
    assert text[0].startswith("Baris 3 / Row 3: NIK tidak sah. / The NIK is not valid.")
    assert "Same NIK as row 2" in text[1]
    assert "'received' or 'not received'" in text[2]
    assert "tidak terdaftar" in text[3] or "not enrolled" in text[3]
    assert "2026-09" in text[4]
    assert not Delivery.objects.exists()
    assert not DeliveryImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("x.csv", "nik;status\n1;diterima\n".encode("utf-16"), "UTF-8"),
        ("x.csv", b"", "empty"),
        ("x.csv", b"name,amount\nBudi,1\n", "'nik' and 'status'"),
        ("x.xlsx", b"PK\x03\x04broken", "XLSX"),
    ],
)
def test_broken_files(admin, active, name, data, expected):
    program, _ = active
    with pytest.raises(deliveries.DeliveryFileError) as exc:
        deliveries.delivery_import(
            actor=admin, program=program, period="2026-10", file_name=name, data=data
        )
    assert expected in str(exc.value)


def test_xlsx_from_the_program(admin, active):
    program, (a, b, _c) = active
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["NIK", "Status Penyaluran", "Alasan"])
    sheet.write_row(1, 0, [a.person.nik, "Tersalur", ""])
    sheet.write_row(2, 0, [b.person.nik, "Gagal", "Tidak hadir"])
    book.close()
    result = deliveries.delivery_import(
        actor=admin, program=program, period="2026-09", file_name="sep.xlsx", data=buffer.getvalue()
    )
    assert (result.received, result.not_received) == (1, 1)


def test_field_workers_cannot_import(psm, active):
    program, _ = active
    with pytest.raises(services.ProgramsError):
        deliveries.delivery_import(
            actor=psm, program=program, period="2026-10", file_name="x.csv", data=b"nik,status\n"
        )


def test_import_page_shows_problems(client, admin, active):
    program, _enrolments = active
    client.force_login(admin)
    upload = io.BytesIO(_csv([["nik", "status"], ["123", "diterima"]]))
    upload.name = "bad.csv"
    response = client.post(
        f"/programs/p/{program.code}/deliveries/", {"period": "2026-10", "file": upload}
    )
    html = response.content.decode()
    assert "Tidak ada yang diimpor" in html
    assert "Baris 2 / Row 2" in html
