from django.contrib import admin
from django.urls import include, path

from pendamping.api.api import api

urlpatterns = [
    path("", include("pendamping.core.urls")),
    path("accounts/", include("pendamping.accounts.urls")),
    path("registry/", include("pendamping.registry.urls")),
    path("wilayah/", include("pendamping.wilayah.urls")),
    path("casework/", include("pendamping.casework.urls")),
    path("reconciliation/", include("pendamping.linkage.urls")),
    path("workforce/", include("pendamping.planning.urls")),
    path("mobility/", include("pendamping.mobility.urls")),
    path("programs/", include("pendamping.programs.urls")),
    path("reports/", include("pendamping.reports.urls")),
    path("privacy/", include("pendamping.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
