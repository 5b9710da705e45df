"""The demo shows a flow of moves (more among renters) with real history and handovers."""

import pytest

from pendamping.mobility.models import MoveReport, ReportStatus
from pendamping.registry.models import Change, ChangeSource

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_has_a_realistic_flow_of_moves(small_demo):
    reports = MoveReport.objects.all()
    assert reports.count() >= 20
    assert reports.filter(status=ReportStatus.CONFIRMED).exists()
    assert reports.filter(status=ReportStatus.PENDING).exists()
    assert reports.filter(late=True).exists()
    assert reports.filter(late=False).exists()
    assert reports.filter(reporter__role="rtrw").exists()
    moves = reports.filter(kind="moved_out").exclude(household=None)
    renters = moves.filter(household__dwelling_status__in=("rent", "contract", "lodging")).count()
    assert renters > moves.count() - renters
    assert Change.objects.filter(source=ChangeSource.MOBILITY).exists()
