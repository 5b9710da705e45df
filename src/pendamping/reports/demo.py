"""Demo for the reports: monthly TKSK reports of last month (one approved, one waiting for
the supervisor, one draft) and the dashboard figures counted once, so `make run` shows them."""

import random

from django.utils import timezone

from pendamping.accounts.models import Role, User

from . import services
from .selectors import add_months


def build_reports_demo(*, rng: random.Random, scale: int) -> dict[str, int]:
    month = add_months(timezone.localdate().replace(day=1), -1)
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    tksk = list(User.objects.filter(role=Role.TKSK, is_active=True).order_by("username")[:3])
    made = 0
    for i, author in enumerate(tksk):
        if author.monthly_reports.filter(month=month).exists():
            continue
        report = services.report_generate(actor=author, month=month)
        services.report_update(
            actor=author,
            report=report,
            summary=rng.choice(
                [
                    "Pendampingan rutin keluarga PKH dan lansia; dua rujukan ke RSUD.",
                    "Fokus pada verval data yang pindah alamat dan sosialisasi program.",
                    "Mediasi sengketa warga dan advokasi data yang salah sasaran.",
                ]
            ),
            constraints="Wilayah luas; beberapa RT belum melaporkan warga yang pindah.",
            follow_up="Kunjungan ulang ke keluarga yang belum ditemukan.",
        )
        if i < 2 and supervisor is not None:
            services.report_submit(actor=author, report=report)
            if i == 0:
                services.report_approve(actor=supervisor, report=report, note="Lengkap.")
        made += 1
    state = services.facts_refresh()
    return {"monthly_reports": made, "figures": state.rows}
