from django.urls import path

from . import views

app_name = "importer"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/restart/", views.job_restart, name="job_restart"),
    path("<int:pk>/errors.csv", views.job_errors, name="job_errors"),
    path("example.<str:fmt>", views.example, name="example"),
]
