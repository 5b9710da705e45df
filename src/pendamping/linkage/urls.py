from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [path("", views.home, name="home")]
