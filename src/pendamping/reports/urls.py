from django.urls import path

from . import monthly_views, views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("area/<str:code>/", views.area, name="area"),
    path("map.geojson", views.map_geojson, name="map"),
    path("export/<slug:key>.<str:fmt>", views.table_export, name="table_export"),
    path("workbook.xlsx", views.workbook, name="workbook"),
    path("refresh/", views.refresh, name="refresh"),
    path("roles/", views.role_profile_view, name="role_profile"),
    path("roles/<str:username>/", views.role_profile_assistant, name="role_profile_assistant"),
    path("activities/", views.activities, name="activities"),
    path("monthly/", monthly_views.monthly_list, name="monthly_list"),
    path("monthly/new/", monthly_views.monthly_generate, name="monthly_generate"),
    path("monthly/<int:pk>/", monthly_views.monthly_detail, name="monthly_detail"),
    path("monthly/<int:pk>/print/", monthly_views.monthly_print, name="monthly_print"),
    path("monthly/<int:pk>/report.xlsx", monthly_views.monthly_xlsx, name="monthly_xlsx"),
]
