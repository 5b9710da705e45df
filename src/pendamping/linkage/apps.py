from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "pendamping.linkage"
    label = "linkage"
    verbose_name = _("Reconciliation with national data")

    def ready(self) -> None:
        from pendamping.core import handover

        from .services import VervalHandover

        handover.register(VervalHandover())
