"""The register of processing purposes (UU 27/2022): what is processed, why, on what basis,
for how long and by whom. Shown on the public privacy page; change it here when an app
starts processing something new."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Purpose:
    name: str
    data: str
    basis: str
    who: str
    retention: str
    specific: bool = False


def purposes() -> list[Purpose]:
    years = settings.PENDAMPING_RETENTION_YEARS
    return [
        Purpose(
            _("Registry of people in need of social welfare (PPKS)"),
            _("Name, NIK, KK, birth, sex, address, household, phone, disability, PPKS category"),
            _(
                "Legal obligation and public task: Law 11/2009 on social welfare, "
                "Permensos 08/2012 on PPKS and PSKS data"
            ),
            _("Assistants covering the area; Dinas Sosial supervisors"),
            _("While active; anonymised %(n)s years after the record is closed")
            % {"n": years["registry.person"]},
        ),
        Purpose(
            _("Casework, referrals and protection"),
            _("Problem, plan, activities, referrals, protection concerns"),
            _("Public task; vital interests of the person for protection cases"),
            _("The assistants of the case; supervisors after a logged emergency opening"),
            _("Anonymised %(n)s years after the case is closed") % {"n": years["casework.case"]},
            specific=True,
        ),
        Purpose(
            _("Sensitive PPKS categories (HIV, drug use, trafficking, children and the law)"),
            _("Health data and data on children: specific personal data (art. 4)"),
            _("Public task with explicit safeguards: readable only by those assigned"),
            _("The worker who assessed it, the case's assistants, logged emergency openings"),
            _("As the registry record"),
            specific=True,
        ),
        Purpose(
            _("Reconciliation with national data (DTKS/DTSEN) and verification (verval)"),
            _("NIK, KK, name, birth, address, welfare decile"),
            _("Legal obligation: Inpres 4/2025 on DTSEN"),
            _("Reconciliation officers of the Dinas"),
            _("Extracts deleted after the matching round"),
        ),
        Purpose(
            _("Reports of moves by RT/RW heads"),
            _("Who moved, from and to which RT, when"),
            _("Public task"),
            _("The RT/RW head who reported; the assistants of both areas"),
            _("As the registry record"),
        ),
        Purpose(
            _("Security and audit log"),
            _("Account, time, address, which record was read or changed"),
            _("Legal obligation to secure personal data (art. 35-39)"),
            _("Administrators; supervisors and assistants see who looked at a record"),
            _("%(n)s years") % {"n": years["audit.auditevent"]},
        ),
    ]
