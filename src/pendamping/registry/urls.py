from django.urls import include, path

from . import views

app_name = "registry"
urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/export.<str:fmt>", views.person_export, name="person_export"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/categories/", views.classification_add, name="classification_add"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:household_pk>/members/new/", views.member_add, name="member_add"),
    path("check/number/", views.nik_check, name="nik_check"),
    path("import/", include("pendamping.registry.importer.urls")),
]
