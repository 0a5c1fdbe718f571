from django.urls import path

from safecampus.gate.views import (
    bureau,
    desk,
    exits,
    family,
    pickups,
    proposals,
    records,
    reunification,
    watchlist,
)

app_name = "gate"

g = "schools/<int:school_id>/gate/"

urlpatterns = [
    path(g, desk.desk, name="desk"),
    path(g + "visits/new/", desk.register, name="register"),
    path(g + "visits/invite/", desk.invite, name="invite"),
    path(g + "visits/mine/", desk.my_visitors, name="my_visitors"),
    path(g + "visits/", desk.visit_log, name="visit_log"),
    path(g + "visits/<int:visit_id>/", desk.visit_detail, name="visit"),
    path(g + "visits/<int:visit_id>/pass/", desk.visit_pass, name="visit_pass"),
    path(g + "visits/<int:visit_id>/check-in/", desk.check_in, name="check_in"),
    path(g + "visits/<int:visit_id>/check-out/", desk.check_out, name="check_out"),
    path(g + "visits/<int:visit_id>/undo-check-out/", desk.undo_check_out, name="undo_check_out"),
    path(g + "visits/<int:visit_id>/refuse/", desk.refuse, name="refuse"),
    path(g + "visits/<int:visit_id>/override/", desk.override, name="override"),
    path(g + "pass/", desk.pass_lookup, name="pass_lookup"),
    path(g + "pass/<str:code>/", desk.pass_lookup, name="pass"),
    path(g + "exits/", exits.exit_list, name="exits"),
    path(g + "exits/history/", exits.exit_history, name="exit_history"),
    path(g + "exits/new/<int:student_id>/", exits.exit_create, name="exit_create"),
    path(g + "exits/<int:permit_id>/", exits.exit_detail, name="exit"),
    path(g + "exits/<int:permit_id>/<slug:action>/", exits.exit_action, name="exit_action"),
    path(g + "exits/pass/<str:code>/", exits.exit_pass, name="exit_pass"),
    path(g + "pickups/", pickups.pickup_board, name="pickups"),
    path(g + "reunification/", reunification.reunifications, name="reunifications"),
    path(g + "reunification/<int:roll_id>/", reunification.reunification, name="reunification"),
    path(
        g + "reunification/<int:roll_id>/students/<int:student_id>/",
        reunification.release,
        name="release",
    ),
    path(g + "pickups/log/", pickups.pickup_log, name="pickup_log"),
    path(g + "pickups/classes/<int:class_id>/", pickups.pickup_class, name="pickup_class"),
    path(g + "pickups/children/<int:student_id>/", pickups.pickup_child, name="pickup_child"),
    path(
        g + "pickups/children/<int:student_id>/hand-over/<int:person_id>/",
        pickups.hand_over,
        name="hand_over",
    ),
    path(g + "pickups/children/<int:student_id>/refuse/", pickups.refuse, name="pickup_refuse"),
    path(g + "pickups/children/<int:student_id>/authorise/", pickups.authorise, name="authorise"),
    path(
        g + "pickups/children/<int:student_id>/photo/<int:person_id>/",
        pickups.person_photo,
        name="pickup_photo",
    ),
    path(
        g + "pickups/children/<int:student_id>/revoke/<int:person_id>/",
        pickups.revoke,
        name="revoke",
    ),
    path(g + "pickups/proposals/", proposals.proposal_list, name="proposals"),
    path(g + "pickups/proposals/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path(
        g + "pickups/proposals/<int:proposal_id>/confirm/",
        proposals.proposal_confirm,
        name="proposal_confirm",
    ),
    path(
        g + "pickups/proposals/<int:proposal_id>/refuse/",
        proposals.proposal_refuse,
        name="proposal_refuse",
    ),
    # A guardian's own gate pages (students.middleware lets a guardian reach /family/ only).
    path("family/children/<int:student_id>/gate/", family.child_gate, name="family_child"),
    path(
        "family/children/<int:student_id>/pickup-persons/new/",
        family.propose,
        name="family_propose",
    ),
    path(
        "family/pickup-persons/<int:proposal_id>/withdraw/",
        family.withdraw,
        name="family_withdraw",
    ),
    path(g + "confiscations/", records.confiscation_list, name="confiscations"),
    path(g + "confiscations/new/", records.confiscation_create, name="confiscation_create"),
    path(g + "duty/", records.duty_list, name="duty"),
    path(g + "duty/new/", records.duty_create, name="duty_create"),
    path(g + "reports/", records.reports, name="reports"),
    path(g + "settings/", records.gate_settings, name="settings"),
    path("orgs/<int:org_id>/watchlist/", watchlist.watchlist, name="watchlist"),
    path(
        "orgs/<int:org_id>/watchlist/<int:entry_id>/remove/",
        watchlist.remove,
        name="watchlist_remove",
    ),
    path("orgs/<int:org_id>/gate/", bureau.overview, name="overview"),
    path("pass/<str:code>/", desk.public_pass, name="public_pass"),
]
