from django.urls import path

from . import views

app_name = "mobility"
urlpatterns = [
    path("", views.home, name="home"),
    path("panel/", views.home_panel, name="home_panel"),
    path("report/", views.find_household, name="find"),
    path("report/household/<int:pk>/", views.report_household, name="report_household"),
    path("report/other/", views.report_other, name="report_other"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/confirm/", views.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/reject/", views.report_reject, name="report_reject"),
    path("tracing/", views.tracing_list, name="tracing_list"),
    path("tracing/from-verval/<int:task_pk>/", views.tracing_start, name="tracing_start"),
    path("tracing/<int:pk>/", views.tracing_detail, name="tracing_detail"),
    path("tracing/<int:pk>/decide/", views.tracing_decide, name="tracing_decide"),
    path("participation/", views.participation, name="participation"),
    path("participation/<str:code>/", views.participation, name="participation_kelurahan"),
    path("participation/<str:code>/csv/", views.participation_csv, name="participation_csv"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
]
