from django.urls import include, path

from . import views

app_name = "registry"
urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("import/", include("pendamping.registry.importer.urls")),
]
