from django.urls import path

from . import views, views_lists
from .complaints import views as complaints

app_name = "programs"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.program_new, name="program_new"),
    path("p/<slug:code>/", views.program_detail, name="program_detail"),
    path("p/<slug:code>/edit/", views.program_edit, name="program_edit"),
    path("p/<slug:code>/conditions/", views.condition_add, name="condition_add"),
    path(
        "p/<slug:code>/conditions/<int:pk>/remove/",
        views.condition_remove,
        name="condition_remove",
    ),
    path("p/<slug:code>/quotas/", views.quota_set, name="quota_set"),
    path("p/<slug:code>/eligible/", views.program_eligibility, name="program_eligibility"),
    path("p/<slug:code>/why/<int:person_pk>/", views.person_why, name="person_why"),
    path("p/<slug:code>/deliveries/", views_lists.program_deliveries, name="program_deliveries"),
    path("enrolments/", views.enrolment_list, name="enrolment_list"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("people/<int:person_pk>/programs/", views.person_panel, name="person_panel"),
    path("people/<int:person_pk>/propose/", views.enrolment_propose, name="enrolment_propose"),
    path("people/<int:person_pk>/usulan/", views_lists.usulan_new, name="usulan_new"),
    path("usulan/", views_lists.usulan_list, name="usulan_list"),
    path("usulan/<int:pk>/decide/", views_lists.usulan_decide, name="usulan_decide"),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/figures/", complaints.complaint_figures, name="complaint_figures"),
    path("complaints/deadlines/", complaints.deadlines, name="deadlines"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", complaints.complaint_assign, name="complaint_assign"),
    path("aduan/", complaints.public_new, name="public_complaint"),
    path("aduan/status/", complaints.public_status, name="public_status"),
]
