from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "pendamping.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from pendamping.core import handover

        from .handover import CaseHandover

        handover.register(CaseHandover())
