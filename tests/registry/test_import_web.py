"""The upload page through Django's test client, the task run inline (ImmediateBackend)."""

import csv
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pendamping.registry.importer import services
from pendamping.registry.importer.examples import EXAMPLE_CSV
from pendamping.registry.importer.models import ImportJob
from pendamping.registry.importer.parsing import open_table
from pendamping.registry.models import Person
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

UPLOAD = reverse("registry:importer:upload")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def psm(client, make_user):
    user = make_user("psm", "14.71.01.1002")
    client.login(username=user.username, password=TEST_PASSWORD)
    return user


def upload(client, content: bytes, name: str = "data.csv", capture=None, **extra):
    data = {"file": SimpleUploadedFile(name, content), **extra}
    if capture is None:
        return client.post(UPLOAD, data)
    with capture(execute=True):
        return client.post(UPLOAD, data)


def test_upload_runs_the_import_and_shows_counts_and_errors(
    client, psm, reference, django_capture_on_commit_callbacks
):
    response = upload(client, EXAMPLE_CSV.read_bytes(), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response.url == reverse("registry:importer:job", args=[job.pk])
    assert (job.status, job.actor, job.created_people, job.error_rows) == ("done", psm, 3, 3)
    assert job.error_file
    assert not (services.Path(job.upload.path)).exists(), "the upload is not kept once done"
    assert Person.objects.filter(kelurahan__code="14.71.01.1002").count() == 3

    page = client.get(response.url)
    assert page.status_code == 200
    assert 'data-status="done"' in page.content.decode()
    assert reverse("registry:importer:job_errors", args=[job.pk]) in page.content.decode()
    partial = client.get(response.url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "hx-trigger" not in partial.content.decode()  # finished: polling stops

    errors = client.get(reverse("registry:importer:job_errors", args=[job.pk]))
    assert errors.status_code == 200
    lines = list(
        csv.DictReader(io.StringIO(b"".join(errors.streaming_content).decode("utf-8-sig")))
    )
    assert [line["row"] for line in lines] == ["5", "6", "7"]
    assert all(len(line["value"]) < 20 for line in lines)


def test_a_running_job_page_polls(client, psm, reference):
    job = ImportJob.objects.create(actor=psm, file_name="x.csv", status="running", total_rows=10)
    partial = client.get(
        reverse("registry:importer:job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert 'hx-trigger="every 1s"' in partial.content.decode()


def test_jobs_and_error_files_of_others_are_not_found(client, reference, make_user, psm):
    other = make_user("psm", "14.71.01.1002")
    job = ImportJob.objects.create(actor=other, file_name="x.csv", error_file="imports/e.csv")
    assert client.get(reverse("registry:importer:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:importer:job_errors", args=[job.pk])).status_code == 404
    supervisor = make_user("supervisor")
    client.login(username=supervisor.username, password=TEST_PASSWORD)
    assert client.get(reverse("registry:importer:job", args=[job.pk])).status_code == 200


def test_rt_rw_heads_cannot_import(client, reference, make_user):
    rt = make_user("rtrw")
    client.login(username=rt.username, password=TEST_PASSWORD)
    assert client.get(UPLOAD).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "photo.csv", "bukan CSV maupun XLSX"),
        (b"PK\x03\x04 broken archive", "data.xlsx", "XLSX rusak"),
        (b"", "empty.csv", "kosong"),  # Django's own check
        (b"nama,alamat\nBudi,Jl. Riau\n", "people.csv", "Kolom wajib tidak ditemukan"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    client, psm, reference, content, name, words
):
    response = upload(client, content, name)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not ImportJob.objects.exists()


def test_messages_follow_the_language(client, psm, reference):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = upload(client, b"nama,alamat\nBudi,Jl. Riau\n")
    assert "Required columns not found" in response.content.decode()


def test_too_large_files_are_refused(client, psm, reference, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 100)
    response = upload(client, EXAMPLE_CSV.read_bytes())
    assert "terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_same_file_while_it_is_still_importing_is_refused(client, psm, reference):
    content = EXAMPLE_CSV.read_bytes()
    ImportJob.objects.create(
        actor=psm, file_name="a.csv", status="running", sha256=hashlib.sha256(content).hexdigest()
    )
    response = upload(client, content)
    assert "sedang diimpor" in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_a_column_mapping_can_be_uploaded(
    client, psm, reference, django_capture_on_commit_callbacks
):
    content = EXAMPLE_CSV.read_bytes().replace(b"kelurahan_code", b"desa", 1)
    mapping = SimpleUploadedFile("map.csv", b"desa,kelurahan_code\n")
    response = upload(client, content, mapping=mapping, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert ImportJob.objects.get().created_people == 3


def test_a_failed_job_can_be_run_again(
    client, psm, reference, media, django_capture_on_commit_callbacks
):
    folder = media / "imports" / "x"
    folder.mkdir(parents=True)
    (folder / "upload.csv").write_bytes(EXAMPLE_CSV.read_bytes())
    job = ImportJob.objects.create(
        actor=psm, file_name="people.csv", status="failed", upload="imports/x/upload.csv"
    )
    page = client.get(reverse("registry:importer:job", args=[job.pk]))
    assert reverse("registry:importer:job_restart", args=[job.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:importer:job_restart", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_people) == ("done", 3)


def test_example_files_download(client, psm, reference, tmp_path):
    csv_response = client.get(reverse("registry:importer:example", args=["csv"]))
    assert b"".join(csv_response.streaming_content) == EXAMPLE_CSV.read_bytes()
    xlsx = client.get(reverse("registry:importer:example", args=["xlsx"]))
    assert xlsx.status_code == 200
    path = tmp_path / "example.xlsx"
    path.write_bytes(xlsx.content)
    table = open_table(path)
    rows = [row for _, row in table.rows()]
    assert rows[0][table.columns["nik"]] == "1471011204780031"  # text, not a number
    assert client.get(reverse("registry:importer:example", args=["pdf"])).status_code == 404


def test_upload_page_lists_recent_imports(client, psm, reference):
    ImportJob.objects.create(actor=psm, file_name="mine.csv", status="done")
    page = client.get(UPLOAD).content.decode()
    assert "mine.csv" in page
    assert reverse("registry:importer:example", args=["xlsx"]) in page
