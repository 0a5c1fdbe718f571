from django.urls import path

app_name = "supervision"

# Supervision visits (督导检查).
visit_patterns = []


# Campaigns (专项整治行动).
campaign_patterns = []


# Dispatched tasks and notices (任务下发, 通知).
from safecampus.supervision.views import dispatch as dispatch_views  # noqa: E402

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


urlpatterns = visit_patterns + campaign_patterns + dispatch_patterns
