from django.urls import path

from safecampus.emergencies.views import alarms, bureau, drills, incidents, plans, setup

app_name = "emergencies"

school = "schools/<int:school_id>/emergencies/"
alarm = school + "alarms/<int:alarm_id>/"

urlpatterns = [
    path(school, alarms.index, name="index"),
    path(school + "alarm/", alarms.raise_alarm, name="raise"),
    path(alarm, alarms.alarm_detail, name="alarm"),
    path(alarm + "status/", alarms.alarm_status, name="alarm_status"),
    path(alarm + "ack/", alarms.acknowledge, name="alarm_ack"),
    path(alarm + "respond/", alarms.respond, name="alarm_respond"),
    path(alarm + "self-rescue/", alarms.self_rescue, name="alarm_self_rescue"),
    path(alarm + "reinforcement/", alarms.reinforcement, name="alarm_reinforcement"),
    path(alarm + "plan/", alarms.activate_plan, name="alarm_plan"),
    path(alarm + "steps/<int:step_id>/", alarms.check_step, name="alarm_step"),
    path(alarm + "close/", alarms.close, name="alarm_close"),
    path(school + "plans/", plans.plan_list, name="plans"),
    path(school + "plans/new/", plans.plan_create, name="plan_create"),
    path(school + "plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path(school + "plans/<int:plan_id>/edit/", plans.plan_edit, name="plan_edit"),
    path(school + "incidents/", incidents.incident_list, name="incidents"),
    path(school + "incidents/new/", incidents.incident_create, name="incident_create"),
    path(school + "incidents/<int:incident_id>/", incidents.incident_detail, name="incident"),
    path(
        school + "incidents/<int:incident_id>/follow-up/",
        incidents.follow_up,
        name="incident_follow_up",
    ),
    path(school + "incidents/<int:incident_id>/review/", incidents.review, name="incident_review"),
    path(school + "drills/", drills.drill_list, name="drills"),
    path(school + "drills/new/", drills.drill_create, name="drill_create"),
    path(school + "drills/<int:drill_id>/", drills.drill_detail, name="drill"),
    path(school + "drills/<int:drill_id>/run/", drills.drill_run, name="drill_run"),
    path(school + "drills/<int:drill_id>/roll/", drills.drill_roll, name="drill_roll"),
    path(school + "drills/<int:drill_id>/summary/", drills.drill_summary, name="drill_summary"),
    path(school + "devices/", setup.devices, name="devices"),
    path(school + "devices/<int:device_id>/revoke/", setup.device_revoke, name="device_revoke"),
    path("orgs/<int:org_id>/emergencies/", bureau.overview, name="overview"),
    path("orgs/<int:org_id>/emergency-rules/", setup.rules, name="rules"),
    path("orgs/<int:org_id>/broadcast-rules/", setup.broadcast_rules, name="broadcast_rules"),
    path("orgs/<int:org_id>/robots/", setup.robots, name="robots"),
    path(
        "orgs/<int:org_id>/robots/<int:robot_id>/remove/", setup.robot_remove, name="robot_remove"
    ),
]
