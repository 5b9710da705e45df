from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case_transition"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/assessment/", views.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/join/", views.case_join, name="case_join"),
    path("cases/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("cases/<int:pk>/goals/<int:goal_pk>/toggle/", views.goal_toggle, name="goal_toggle"),
    path("cases/<int:pk>/reviews/", views.review_add, name="review_add"),
    path("cases/<int:pk>/escalations/", views.escalation_add, name="escalation_add"),
    path("cases/<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/letter/", views.referral_letter, name="referral_letter"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("mediations/", views.mediation_list, name="mediation_list"),
    path("mediations/<int:pk>/", views.mediation_detail, name="mediation_detail"),
    path("mediations/<int:pk>/parties/", views.mediation_parties, name="mediation_parties"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
]
