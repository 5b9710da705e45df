from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.home, name="home"),
    path("workload/", views.workload, name="workload"),
    path("staffing/", views.staffing, name="staffing"),
    path("staffing.xlsx", views.staffing_export, name="staffing_export"),
    path("what-if/", views.whatif, name="whatif"),
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/new/", views.worker_new, name="worker_new"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("today/", views.today, name="today"),
    path("today/replan/", views.today_replan, name="today_replan"),
    path("today/visits/<int:pk>/done/", views.stop_done, name="stop_done"),
]
