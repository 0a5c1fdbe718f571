from django.urls import path

from safecampus.supervision.views import campaigns, hub, visitdocs, visits
from safecampus.supervision.views import dispatch as dispatch_views

app_name = "supervision"

V = "supervision/visits/<int:visit_id>/"

# Supervision visits (督导检查).
visit_patterns = [
    # A visit's documents and the bureau's cadence (visitdocs).
    path(
        "supervision/visits/<int:visit_id>/notice.pdf",
        visitdocs.notice_pdf,
        name="visit_notice_pdf",
    ),
    path(
        "supervision/visits/<int:visit_id>/notice.docx",
        visitdocs.notice_docx,
        name="visit_notice_docx",
    ),
    path("orgs/<int:org_id>/supervision/rules/", visitdocs.rules, name="visit_rules"),
    path(
        "orgs/<int:org_id>/supervision/compliance/",
        visitdocs.compliance,
        name="visit_compliance",
    ),
    path("orgs/<int:org_id>/supervision/briefing/", visitdocs.briefing, name="visit_briefing"),
    path(
        "orgs/<int:org_id>/supervision/briefing.docx",
        visitdocs.briefing_docx,
        name="visit_briefing_docx",
    ),
    path("orgs/<int:org_id>/supervision/reports/", visitdocs.reports, name="visit_reports"),
    path(
        "orgs/<int:org_id>/supervision/visits.xlsx",
        visitdocs.visits_export,
        name="visit_export",
    ),
    path(
        "orgs/<int:org_id>/supervision/findings.xlsx",
        visitdocs.findings_export,
        name="visit_findings_export",
    ),
    # Planning, running, responding, re-checking (visits).
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
_co = "orgs/<int:org_id>/supervision/campaigns/"
_c = "supervision/campaigns/<int:campaign_id>/"
_cs = _c + "schools/<int:school_id>/"
campaign_patterns = [
    path(_co, campaigns.index, name="campaigns"),
    path(_co + "new/", campaigns.create, name="campaign_create"),
    path(_c, campaigns.detail, name="campaign"),
    path(_c + "edit/", campaigns.edit, name="campaign_edit"),
    path(_c + "stages/<int:stage_id>/edit/", campaigns.stage_edit, name="campaign_stage_edit"),
    path(_c + "launch/", campaigns.launch, name="campaign_launch"),
    path(_c + "close/", campaigns.close, name="campaign_close"),
    path(_c + "summary.docx", campaigns.summary, name="campaign_summary"),
    path(_c + "progress.xlsx", campaigns.progress, name="campaign_progress"),
    path(_cs + "stages/<int:stage_id>/", campaigns.stage, name="campaign_stage"),
    path(_cs + "stages/<int:stage_id>/accept/", campaigns.accept, name="campaign_accept"),
    path(_cs + "stages/<int:stage_id>/return/", campaigns.return_, name="campaign_return"),
    path(_cs + "hazard/", campaigns.hazard, name="campaign_hazard"),
]


# Dispatched tasks and notices (任务下发, 通知).

_t = "supervision/tasks/<int:task_id>/"
dispatch_patterns = [
    path("orgs/<int:org_id>/supervision/tasks/", dispatch_views.task_index, name="tasks"),
    path("orgs/<int:org_id>/supervision/tasks/new/", dispatch_views.task_send, name="task_send"),
    path(_t, dispatch_views.task_detail, name="task"),
    path(_t + "reply/", dispatch_views.task_reply, name="task_reply"),
    path(_t + "acknowledge/", dispatch_views.task_acknowledge, name="task_acknowledge"),
    path(_t + "end/<slug:action>/", dispatch_views.task_end, name="task_end"),
    path(_t + "replies.xlsx", dispatch_views.task_export, name="task_export"),
    path(_t + "schools/<int:school_id>/", dispatch_views.task_school, name="task_school"),
    path(_t + "schools/<int:school_id>/review/", dispatch_views.task_review, name="task_review"),
]


# The hub of an org: what waits on a bureau or a school.
hub_patterns = [path("orgs/<int:org_id>/supervision/", hub.hub, name="hub")]

urlpatterns = hub_patterns + visit_patterns + campaign_patterns + dispatch_patterns
