import random

import pytest
from django.db.models import Count

from pendamping.accounts.models import User
from pendamping.casework.demo import build_casework_demo
from pendamping.casework.models import Activity, Case, OutreachEvent, Referral
from pendamping.core.demo import DEMO_PASSWORD, build_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_casework_covers_every_kecamatan_and_pages_show_it(reference_transactional, client):
    build_demo(scale=300, seed=7)
    counts = build_casework_demo(rng=random.Random(7), scale=300)
    assert counts["cases"] >= 150
    assert counts["protection"] >= 1
    per_kecamatan = Case.objects.values("kelurahan__parent").annotate(n=Count("pk"))
    assert len(per_kecamatan) == 15
    events = OutreachEvent.objects.values("kelurahan__parent").distinct().count()
    assert events == 15
    assert Referral.objects.filter(status="service_given").exists()
    assert Activity.objects.filter(case__isnull=True).exists()
    assert all(a.roles for a in Activity.objects.all()[:200])
    tksk = User.objects.get(username="tksk.sukajadi")
    assert client.login(username="tksk.sukajadi", password=DEMO_PASSWORD)
    home = client.get("/casework/").content.decode()
    case = Case.objects.filter(lead=tksk, protection=False).first()
    assert case.person.name in client.get("/casework/cases/?status=").content.decode()
    assert "casework-panel" in home
    for url in (
        "/casework/events/",
        "/casework/mediations/",
        "/casework/referrals/",
        "/casework/agencies/",
        f"/casework/cases/{case.pk}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
    assert "Belum ada kegiatan" not in client.get("/casework/events/").content.decode()
    assert "Belum ada sengketa" not in client.get("/casework/mediations/").content.decode()
    assert client.login(username="kabid", password=DEMO_PASSWORD)
    assert 'data-testid="per-assistant"' in client.get("/casework/").content.decode()
