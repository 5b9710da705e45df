import datetime as dt

import pytest
from django.utils import timezone

from pendamping.registry.models import PpksCategory
from pendamping.wilayah.models import Area
from pendamping.wilayah.services import area_ensure_rt

JADIREJO = "14.71.01.1002"  # Sukajadi
SIMPANG_EMPAT = "14.71.02.1001"  # Pekanbaru Kota, another TKSK


@pytest.fixture
def jadirejo(db):
    return Area.objects.get(code=JADIREJO)


@pytest.fixture
def simpang(db):
    return Area.objects.get(code=SIMPANG_EMPAT)


@pytest.fixture
def rt1(jadirejo):
    return area_ensure_rt(kelurahan=jadirejo, rw=1, rt=1)


@pytest.fixture
def rt2(jadirejo):
    return area_ensure_rt(kelurahan=jadirejo, rw=1, rt=2)


@pytest.fixture
def rt_simpang(simpang):
    return area_ensure_rt(kelurahan=simpang, rw=2, rt=3)


@pytest.fixture
def household(make_household, rt1):
    return make_household(JADIREJO, members=3, rt=rt1)


@pytest.fixture
def reporter(make_user, rt1):
    return make_user("rtrw", rt1.code, username="rt.jadirejo.test")


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01", username="tksk.sukajadi.test")


@pytest.fixture
def psm(make_user):
    return make_user("psm", JADIREJO, username="psm.jadirejo.test")


@pytest.fixture
def tksk_kota(make_user):
    return make_user("tksk", "14.71.02", username="tksk.kota.test")


@pytest.fixture
def psm_simpang(make_user):
    return make_user("psm", SIMPANG_EMPAT, username="psm.simpang.test")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", username="kabid.test")


@pytest.fixture
def category(db):
    return PpksCategory.objects.order_by("code").first()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda n: today - dt.timedelta(days=n)
