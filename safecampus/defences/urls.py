from django.urls import path

from safecampus.defences.views import (
    checks,
    compliance,
    duty,
    equipment,
    roster,
    staff,
    staffing,
    systems,
)

app_name = "defences"

S = "defences/staff/<int:staff_id>/"

# Security staff (人防) and staffing computed from the rules.
staff_patterns = [
    path("orgs/<int:org_id>/defences/", staffing.home, name="home"),
    path("orgs/<int:org_id>/defences/staffing/", staffing.staffing, name="staffing"),
    path("orgs/<int:org_id>/defences/rules/", staffing.rules, name="rules"),
    path(
        "orgs/<int:org_id>/defences/rules/equipment/",
        staffing.rules_equipment,
        name="rules_equipment",
    ),
    path(
        "orgs/<int:org_id>/defences/rules/equipment/remove/",
        staffing.rules_equipment_remove,
        name="rules_equipment_remove",
    ),
    path("orgs/<int:org_id>/defences/compliance/", compliance.compliance, name="compliance"),
    path("orgs/<int:org_id>/defences/staff/", staff.staff_list, name="staff_list"),
    path("orgs/<int:org_id>/defences/staff/new/", staff.staff_add, name="staff_add"),
    path("orgs/<int:org_id>/defences/staff.xlsx", staff.staff_export, name="staff_export"),
    path(S, staff.staff_detail, name="staff"),
    path(S + "edit/", staff.staff_edit, name="staff_edit"),
    path(S + "id/", staff.staff_reveal, name="staff_reveal"),
    path(S + "training/", staff.staff_training, name="staff_training"),
    path(S + "leave/", staff.staff_leave, name="staff_leave"),
]

# Hiring checks (入职查询) of every staff member.
check_patterns = [
    path("orgs/<int:org_id>/defences/checks/", checks.checks, name="checks"),
]

# Equipment (物防) by place, its inspections and replacements.
E = "defences/equipment/<int:item_id>/"
equipment_patterns = [
    path("orgs/<int:org_id>/defences/equipment/", equipment.items, name="items"),
    path("orgs/<int:org_id>/defences/equipment/new/", equipment.item_add, name="item_add"),
    path(E, equipment.item_detail, name="item"),
    path(E + "inspect/", equipment.item_inspect, name="item_inspect"),
    path(E + "retire/", equipment.item_retire, name="item_retire"),
    path("orgs/<int:org_id>/defences/equipment.xlsx", equipment.items_export, name="items_export"),
]

# Technical systems (技防) by place and their periodic tests.
T = "defences/systems/<int:system_id>/"
system_patterns = [
    path("orgs/<int:org_id>/defences/systems/", systems.systems, name="systems"),
    path("orgs/<int:org_id>/defences/systems/new/", systems.system_add, name="system_add"),
    path("orgs/<int:org_id>/defences/systems.xlsx", systems.systems_export, name="systems_export"),
    path(T, systems.system_detail, name="system"),
    path(T + "test/", systems.system_test, name="system_test"),
    path(T + "retire/", systems.system_retire, name="system_retire"),
    path(T + "device/", systems.system_device, name="system_device"),
]

# Duty (值守): the guard's shift handover on a phone.
duty_patterns = [
    path("orgs/<int:org_id>/defences/handover/", duty.handover, name="handover"),
    path("orgs/<int:org_id>/defences/roster/", roster.roster, name="roster"),
    # Before the form slugs below, which would take "copy" for one.
    path("orgs/<int:org_id>/defences/roster/copy/", roster.roster_copy, name="roster_copy"),
    path("orgs/<int:org_id>/defences/roster/<slug:what>/", roster.roster_save, name="roster_save"),
]

urlpatterns = staff_patterns + check_patterns + equipment_patterns + system_patterns + duty_patterns
