from django.urls import path

from safecampus.casework.views import access, concerns

app_name = "casework"

S = "schools/<int:school_id>/casework/"
C = "casework/concerns/<int:concern_id>/"

# Need-to-know access shared by every ledger.
access_patterns = [
    path(S + "access/", access.access, name="access"),
    path(
        "casework/access/<int:grant_id>/<slug:action>/",
        access.access_decide,
        name="access_decide",
    ),
    path(S + "access-log/", access.access_log, name="access_log"),
    path(S + "compliance.xlsx", access.compliance, name="compliance"),
    path(S + "rules/", access.rules, name="rules"),
]

# Persons of concern (重点人员).
concern_patterns = [
    path(S + "concerns/", concerns.concern_list, name="concerns"),
    path(S + "concerns/new/", concerns.concern_open, name="concern_open"),
    path(C, concerns.concern_detail, name="concern"),
    path(C + "assess/", concerns.concern_assess, name="concern_assess"),
    path(C + "follow-up/", concerns.concern_follow_up, name="concern_follow_up"),
    path(C + "move/<slug:action>/", concerns.concern_move, name="concern_move"),
    path(C + "request-access/", concerns.concern_request, name="concern_request"),
]

urlpatterns = access_patterns + concern_patterns
