import pytest

from pendamping.programs.seed import programs_seed_load

KEL = "14.71.01.1002"  # Jadirejo, Sukajadi
NEIGHBOUR = "14.71.01.1003"
OTHER_KEC = "14.71.02.1001"


@pytest.fixture
def seeded(db):
    programs_seed_load()


@pytest.fixture
def psm(make_user):
    return make_user("psm", KEL, username="psm.programs.test")


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01", username="tksk.programs.test")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", username="kabid.programs.test")


@pytest.fixture
def admin(make_user):
    return make_user("admin", username="admin.programs.test")


@pytest.fixture
def household(make_household):
    return make_household(KEL, members=3)


@pytest.fixture
def person(household):
    return household.members.order_by("pk").first()
