"""Web hardening: CSP with no inline scripts, CSRF on every form, uploads by real type and
size, the rate limiter for public endpoints, error reports without NIK or secrets."""

import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from pendamping.core.ratelimit import rate_limit
from pendamping.core.uploads import UploadRejected, check_upload

SRC = Path(__file__).resolve().parents[2] / "src" / "pendamping"
NIK = "1471084107900012"


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script.strip() == "'self'"
    assert "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|hx-on", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handler():
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in INLINE.finditer(text)]
    assert offenders == []


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str | None:
    if route.startswith(("api/", "admin/", "^")) or "(?P" in route:
        return None
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(str:)?[^>]+>", "x", route)
    return "/" + route.replace("\\Z", "").replace("^", "").replace("$", "")


@pytest.mark.django_db
def test_every_page_refuses_a_post_without_csrf_token(make_user):
    user = make_user("admin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    urls = sorted({u for u in map(_concrete, _patterns()) if u})
    assert len(urls) > 30
    refused = {url: client.post(url, {"a": "b"}).status_code for url in urls}
    assert {url: code for url, code in refused.items() if code != 403} == {}


@pytest.mark.django_db
def test_api_with_a_session_needs_csrf(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("tksk", "14.71.01"))
    assert client.post("/api/v1/households", {}, content_type="application/json").status_code in (
        401,
        403,
    )


def _xlsx_bytes() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet().write_row(0, 0, ["nik", "nama"])
    book.close()
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _upload(data: bytes, name="f.xlsx"):
    return SimpleUploadedFile(name, data)


def test_uploads_are_judged_by_their_bytes_not_their_name():
    assert check_upload(_upload(_xlsx_bytes()), kinds={"xlsx"}, max_bytes=1 << 20) == "xlsx"
    assert check_upload(_upload(b"nik;nama\n1;A\n", "a.xlsx"), kinds={"csv"}, max_bytes=99) == "csv"
    with pytest.raises(UploadRejected) as err:
        check_upload(_upload(b"%PDF-1.7 ...", "data.xlsx"), kinds={"xlsx", "csv"}, max_bytes=999)
    assert err.value.reason == "wrong_type"
    with pytest.raises(UploadRejected) as err:
        check_upload(_upload(b"x" * 2000, "a.csv"), kinds={"csv"}, max_bytes=1000)
    assert err.value.reason == "too_large"
    with pytest.raises(UploadRejected) as err:
        check_upload(_upload(b"MZ\x90\x00\x03\x00"), kinds={"csv"}, max_bytes=1000)
    assert err.value.reason == "wrong_type"


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (
            {"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000},
            "zip_bomb",
        ),
        ({"[Content_Types].xml": b"<x/>", "xl/inner.zip": b"PK"}, "nested_archive"),
        ({"[Content_Types].xml": b"<x/>", "../../etc/passwd": b"root"}, "unsafe_path"),
    ],
)
def test_hostile_archives_are_refused_without_unpacking(members, reason):
    with pytest.raises(UploadRejected) as err:
        check_upload(_upload(_zip(members)), kinds={"xlsx"}, max_bytes=100 << 20)
    assert err.value.reason == reason


def test_broken_zip_is_refused():
    with pytest.raises(UploadRejected) as err:
        check_upload(_upload(b"PK\x03\x04garbage"), kinds={"xlsx"}, max_bytes=1000)
    assert err.value.reason == "broken_archive"


def test_rate_limit_answers_429_with_retry_after(settings):
    settings.PENDAMPING_RATE_LIMITS = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    @rate_limit("test-complaint", limit=3, per=60)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    codes = [view(factory.post("/", REMOTE_ADDR="10.5.5.5")).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    blocked = view(factory.post("/", REMOTE_ADDR="10.5.5.5"))
    assert 0 < int(blocked["Retry-After"]) <= 60
    assert view(factory.post("/", REMOTE_ADDR="10.5.5.6")).status_code == 200
    assert view(factory.get("/", REMOTE_ADDR="10.5.5.5")).status_code == 200


def test_error_reports_mask_nik_and_hide_secrets(settings):
    from pendamping.core.errorreports import MaskingExceptionReporter

    secret = "-".join(("rahasia", "sekali", "123"))  # not in the source lines the report shows
    request = RequestFactory().post(
        f"/registry/people/?q={NIK}",
        {"nik": NIK, "password": secret, "note": f"ditemukan {NIK}"},
    )
    try:
        local_nik = NIK  # noqa: F841 (shown in the traceback's local variables)
        raise ValueError(f"bad NIK {NIK}")
    except ValueError:
        reporter = MaskingExceptionReporter(request, *sys.exc_info())
    for text in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert NIK not in text
        assert secret not in text
        assert "1471**********12" in text


def test_logs_never_carry_a_full_nik(caplog):
    import logging

    from pendamping.core.logging import MaskNikFilter

    logger = logging.getLogger("pendamping.test")
    logger.addFilter(MaskNikFilter())
    with caplog.at_level(logging.INFO):
        logger.info("imported %s", NIK)
    assert NIK not in caplog.text
    assert "1471**********12" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people?page=9223372036854775808",
        "/api/v1/mobility/reports?offset=99999999999999999999",
    ],
)
def test_hostile_numbers_answer_400_not_500(url, make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("tksk", "14.71.01"))
    assert client.get(url).status_code in (200, 400, 422)
