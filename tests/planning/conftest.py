import datetime as dt

import pytest
from django.utils import timezone

from pendamping.accounts.models import User
from pendamping.registry.models import Household

JADIREJO = "14.71.01.1002"
KAMPUNG_MELAYU = "14.71.01.1003"


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", username="kabid.test")


@pytest.fixture
def tampan_tksk(make_user):
    """The TKSK of old Tampan: Binawidya (14.71.08) and Tuahmadani (14.71.13)."""
    return make_user("tksk", "14.71.08", "14.71.13", username="tksk.tampan.test")


@pytest.fixture
def located_household(make_household):
    """A household of Jadirejo with a location (as the registry's geocoding would give)."""

    def make(code: str = JADIREJO, lat: float = 0.515, lon: float = 101.44) -> Household:
        household = make_household(code)
        Household.objects.filter(pk=household.pk).update(latitude=lat, longitude=lon)
        household.refresh_from_db()
        return household

    return make


@pytest.fixture
def verval_for():
    """An open verval task for a household's head, assigned to `user`, due in `days`."""
    from pendamping.linkage.services import verval_task_create

    def make(user: User, household: Household, days: int = 0):
        head = household.members.order_by("pk").first()
        return verval_task_create(
            actor=user,
            reason="Cek alamat",
            source="manual",
            person=head,
            assignee=user,
            due_on=timezone.localdate() + dt.timedelta(days=days),
            source_ref=f"t-{head.pk}",
        )

    return make
