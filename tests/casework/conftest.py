import pytest

from pendamping.registry.models import PpksCategory

JADIREJO = "14.71.01.1002"
NEIGHBOUR = "14.71.01.1003"


@pytest.fixture
def category(db):
    return PpksCategory.objects.order_by("code").first()


@pytest.fixture
def person(make_household):
    return make_household(JADIREJO).members.order_by("pk").first()


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01", username="tksk.sukajadi.test")


@pytest.fixture
def neighbour(make_user):
    """Another assistant of the same area: must not see protection cases of others."""
    return make_user("psm", JADIREJO, username="psm.jadirejo.test")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", username="kabid.test")


@pytest.fixture
def case(tksk, person, category):
    from pendamping.casework.services import case_open

    return case_open(
        actor=tksk,
        person=person,
        category=category,
        problem="No income since the husband fell ill.",
        strengths="Supportive neighbours; the eldest child works part time.",
    )


@pytest.fixture
def protection_case(tksk, person, category):
    from pendamping.casework.services import case_open

    return case_open(
        actor=tksk,
        person=person,
        category=category,
        problem="Child shows signs of repeated beating.",
        protection=True,
        protection_kind="violence",
    )
