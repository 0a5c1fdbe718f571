from django.urls import path

from safecampus.assessment import views

app_name = "assessment"

urlpatterns = [
    path("orgs/<int:org_id>/cockpit/", views.cockpit_page, name="cockpit"),
    path("orgs/<int:org_id>/cockpit/weights/", views.weights, name="weights"),
    path(
        "orgs/<int:org_id>/schools/<int:school_id>/profile/",
        views.school_profile,
        name="school_profile",
    ),
]
