from django.urls import path

from safecampus.casework.views import (
    access,
    bullying,
    concerns,
    disputes,
    health,
    mandatory,
    tipline,
)

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
    path("orgs/<int:org_id>/casework/flagged/", concerns.flagged, name="flagged"),
    path(S + "concerns/new/", concerns.concern_open, name="concern_open"),
    path(C, concerns.concern_detail, name="concern"),
    path(C + "assess/", concerns.concern_assess, name="concern_assess"),
    path(C + "follow-up/", concerns.concern_follow_up, name="concern_follow_up"),
    path(C + "move/<slug:action>/", concerns.concern_move, name="concern_move"),
    path(C + "request-access/", concerns.concern_request, name="concern_request"),
]

# Disputes (矛盾纠纷) and the screening rounds (排查).
D = "casework/disputes/<int:dispute_id>/"
dispute_patterns = [
    path(S + "disputes/", disputes.dispute_list, name="disputes"),
    path(S + "disputes/new/", disputes.dispute_new, name="dispute_new"),
    path(S + "screenings/", disputes.screenings, name="screenings"),
    path(D, disputes.dispute_detail, name="dispute"),
    path(D + "mediate/", disputes.dispute_mediate, name="dispute_mediate"),
    path(D + "move/<slug:action>/", disputes.dispute_move, name="dispute_move"),
    path(D + "request-access/", disputes.dispute_request, name="dispute_request"),
]

# Bullying cases (学生欺凌) and the anonymous tip line (no account).
BC = "casework/bullying/<int:case_id>/"
bullying_patterns = [
    path(S + "bullying/", bullying.bullying_list, name="bullying_list"),
    path(S + "bullying/new/", bullying.bullying_new, name="bullying_new"),
    path(BC, bullying.bullying_detail, name="bullying"),
    path(BC + "move/<slug:action>/", bullying.bullying_move, name="bullying_move"),
    path(BC + "request-access/", bullying.bullying_request, name="bullying_request"),
    path("tip/<slug:code>/", tipline.tip, name="tip"),
    path("tip-follow/", tipline.follow, name="tip_follow"),
]

# Mandatory reports (强制报告).
MR = "casework/mandatory/<int:report_id>/"
mandatory_patterns = [
    path(S + "mandatory/", mandatory.mandatory_list, name="mandatory_list"),
    path(S + "mandatory/new/", mandatory.mandatory_new, name="mandatory_new"),
    path(MR, mandatory.mandatory_detail, name="mandatory"),
    path(MR + "move/<slug:action>/", mandatory.mandatory_move, name="mandatory_move"),
    path(MR + "request-access/", mandatory.mandatory_request, name="mandatory_request"),
]

# Health notes: the head teacher (own classes), the PE teacher and the school medic only.
HN = "casework/health/<int:note_id>/"
health_patterns = [
    path(S + "health/", health.health_list, name="health_list"),
    path(S + "health/new/", health.health_new, name="health_new"),
    path(HN, health.health_detail, name="health"),
    path(HN + "notice/", health.health_notice, name="health_notice"),
    path(HN + "close/", health.health_close, name="health_close"),
]

urlpatterns = (
    access_patterns
    + concern_patterns
    + dispute_patterns
    + bullying_patterns
    + mandatory_patterns
    + health_patterns
)
