from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "pendamping.programs"
    label = "programs"
    verbose_name = _("Programs and complaints")

    def ready(self) -> None:
        from pendamping.core import handover

        from .complaints.services import ComplaintHandover
        from .services import EnrolmentHandover

        handover.register(EnrolmentHandover())
        handover.register(ComplaintHandover())
