from django.urls import path

from safecampus.supervision.views import visits

app_name = "supervision"

V = "supervision/visits/<int:visit_id>/"

# Supervision visits (督导检查).
visit_patterns = [
    path("orgs/<int:org_id>/supervision/visits/", visits.visit_list, name="visits"),
    path("orgs/<int:org_id>/supervision/visits/new/", visits.visit_plan, name="visit_plan"),
    path("supervision/visits/mine/", visits.my_visits, name="my_visits"),
    path(V, visits.visit_detail, name="visit"),
    path(V + "run/", visits.visit_run, name="visit_run"),
    path(V + "start/", visits.visit_start, name="visit_start"),
    path(V + "items/<int:item_id>/", visits.visit_record, name="visit_record"),
    path(V + "issue/", visits.visit_issue, name="visit_issue"),
    path(V + "respond/", visits.visit_respond, name="visit_respond"),
    path(V + "close/", visits.visit_close, name="visit_close"),
    path(V + "cancel/", visits.visit_cancel, name="visit_cancel"),
]


# Campaigns (专项整治行动).
campaign_patterns = []


# Dispatched tasks and notices (任务下发, 通知).
dispatch_patterns = []


urlpatterns = visit_patterns + campaign_patterns + dispatch_patterns
