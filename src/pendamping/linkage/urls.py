from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.home, name="home"),
    path("snapshots/new/", views.snapshot_new, name="snapshot_new"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/compare/", views.snapshot_compare, name="snapshot_compare"),
    path("snapshots/<int:pk>/run/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/outcomes/<str:kind>/", views.outcome_list, name="outcome_list"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_pair, name="review_pair"),
    path("tasks/", views.worklist, name="worklist"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/photo/", views.task_photo, name="task_photo"),
    path("results.csv", views.results_export, name="results_export"),
]
