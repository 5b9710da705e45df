"""The access matrix: every page and every API read, for every role, inside and outside its
area, against the expected answers. Apps added later are enumerated too (from the URL
resolver and the OpenAPI schema), so a new page without scope or role checks fails here.

Expected, for each (user, URL):
- nobody gets a 5xx;
- anonymous: pages send to log-in (public pages excepted), the API answers 401;
- Ketua RT/RW: only the reporting allowlist, everything else 404 (pages) or 401/404 (API);
- a worker of another area: the person, household and case of this area answer 404 and their
  name appears in no answer;
- the assistants of this area and the supervisors open the person's page (200).
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pendamping.accounts.models import Role
from pendamping.api.api import api

pytestmark = pytest.mark.django_db
HERE = "14.71.01.1002"  # Jadirejo, Sukajadi
ELSEWHERE = "14.71.02.1001"
NAME = "Zulkarnain Matriks"
# Pages open without log-in, on purpose: a new public page must be added here (and rate-limited).
PUBLIC_PAGES = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "privacy:register",
    "programs:public_complaint",
    "programs:public_status",
}
PUBLIC_API = ("/api/v1/areas", "/api/v1/openapi.json", "/api/v1/docs")
# Pages that exist for every role: the account's own pages.
OWN_PAGES = ("accounts:",)


def _walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            yield prefix + str(entry.pattern), name


@pytest.fixture
def world(make_user, make_household):
    from pendamping.casework.services import case_open
    from pendamping.registry.models import PpksCategory

    household = make_household(HERE, name=NAME)
    person = household.members.order_by("pk").first()
    tksk = make_user("tksk", "14.71.01", username="tksk.here")
    case = case_open(
        actor=tksk,
        person=person,
        category=PpksCategory.objects.get(code="PPKS24"),
        problem="Tidak ada penghasilan.",
    )
    return {"person": person.pk, "household": household.pk, "case": case.pk}


def _page_url(route: str, name: str, world: dict) -> str | None:
    if route.startswith(("api/", "admin/")) or "(?P" in route:
        return None

    def value(match: re.Match) -> str:
        kind, key = match.group(1) or "str:", match.group(2)
        if kind == "int:":
            if name.startswith("registry:person") or name == "registry:classification_add":
                return str(world["person"])
            if name.startswith("registry:household") or key == "household_pk":
                return str(world["household"])
            if name.startswith("casework:case") or name.startswith("casework:goal"):
                return str(world["case"]) if key == "pk" else "1"
            return "1"
        return "csv" if key == "fmt" else HERE if key == "code" else "x"

    return "/" + re.sub(r"<(int:|str:|slug:|path:)?(\w+)>", value, route)


def _pages(world):
    seen = set()
    for route, name in _walk():
        url = _page_url(route, name, world)
        if url and url not in seen:
            seen.add(url)
            yield name, url


def _api_reads(world):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    values = {
        "person_id": world["person"],
        "household_id": world["household"],
        "case_id": world["case"],
    }
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)
        yield path, url


def _users(make_user):
    users = {"anonymous": None}
    for role in Role.values:
        if role in (Role.ADMIN, Role.SUPERVISOR):
            users[role] = make_user(role)
            continue
        here = "14.71.01" if role == Role.TKSK else HERE
        users[f"{role}.here"] = make_user(role, here)
        users[f"{role}.elsewhere"] = make_user(role, ELSEWHERE)
    return users


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["anonymous", "rtrw.here", "psm.elsewhere", "tksk.elsewhere"])
def test_pages_for_those_who_must_not_see_this_area(who, world, make_user):
    user = _users(make_user)[who]
    client = _client(user)
    problems = []
    for name, url in _pages(world):
        response = client.get(url)
        code = response.status_code
        body = _body(response) if code == 200 else ""
        if code >= 500:
            problems.append(f"{url} ({name}): {code}")
        elif NAME in body:
            problems.append(f"{url} ({name}): shows the person of another area")
        elif who == "anonymous" and name not in PUBLIC_PAGES and code == 200:
            problems.append(f"{url} ({name}): open without log-in")
        elif who.startswith("rtrw") and code == 200 and not _rtrw_allowed(name):
            problems.append(f"{url} ({name}): reachable by RT/RW")
        elif (
            who.endswith("elsewhere")
            and _is_this_areas_record(name, url, world)
            and code not in (404, 405)
        ):
            problems.append(
                f"{url} ({name}): {code}, expected 404 outside the area"
            )  # 405: POST only
    assert problems == []


def _rtrw_allowed(name: str) -> bool:
    from django.conf import settings

    return name.split(":")[0] in settings.PENDAMPING_RTRW_NAMESPACES or name in (
        settings.PENDAMPING_RTRW_NAMESPACES
    )


def _is_this_areas_record(name: str, url: str, world: dict) -> bool:
    return (
        name.startswith(("registry:person", "registry:household", "casework:case"))
        and any(f"/{pk}/" in url for pk in world.values())
        and not name.endswith(("_list", "_create", "_new", "_export"))
    )


@pytest.mark.parametrize("who", ["admin", "supervisor", "tksk.here", "psm.here", "pkh.here"])
def test_pages_for_those_who_may_see_this_area(who, world, make_user):
    client = _client(_users(make_user)[who])
    errors = [
        f"{url} ({name}): {client.get(url).status_code}"
        for name, url in _pages(world)
        if client.get(url).status_code >= 500
    ]
    assert errors == []
    assert client.get(f"/registry/people/{world['person']}/").status_code == 200


@pytest.mark.parametrize(
    "who", ["anonymous", "rtrw.here", "psm.elsewhere", "pkh.elsewhere", "supervisor", "psm.here"]
)
def test_api_reads_against_the_expected_table(who, world, make_user):
    user = _users(make_user)[who]
    client = _client(user)
    problems = []
    for path, url in _api_reads(world):
        response = client.get(url)
        code = response.status_code
        text = _body(response)
        public = url.startswith(PUBLIC_API)
        if code >= 500:
            problems.append(f"{path}: {code}")
        elif who == "anonymous" and not public and code != 401:
            problems.append(f"{path}: {code} without log-in")
        elif (
            who.startswith("rtrw")
            and code == 200
            and not (public or url.startswith("/api/v1/mobility/"))
        ):
            problems.append(f"{path}: reachable by RT/RW")
        elif who.endswith("elsewhere") and NAME in text:
            problems.append(f"{path}: shows the person of another area")
        elif (
            who.endswith("elsewhere")
            and "{" in path
            and code == 200
            and (any(k in path for k in ("{person_id}", "{household_id}", "{case_id}")))
        ):
            problems.append(f"{path}: 200 outside the area")
    assert problems == []
    if who in ("supervisor", "psm.here"):
        assert client.get(f"/api/v1/people/{world['person']}").status_code == 200
