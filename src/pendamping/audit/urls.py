from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.processing_register, name="register"),
    path("people/<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("people/<int:pk>/data.json", views.subject_access, name="subject_access"),
    path("breach/", views.breach, name="breach"),
]
