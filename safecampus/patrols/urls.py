from django.urls import path

from safecampus.patrols.views import oversight, rounds, setup

app_name = "patrols"

school = "schools/<int:school_id>/patrols/"

urlpatterns = [
    path(school, rounds.today, name="today"),
    path(school + "rounds/<int:round_id>/", rounds.round_view, name="round"),
    path(school + "rounds/<int:round_id>/start/", rounds.start, name="start"),
    path(school + "rounds/<int:round_id>/scan/", rounds.scan, name="scan"),
    path(school + "checkpoints/", setup.checkpoint_list, name="checkpoints"),
    path(school + "checkpoints/new/", setup.checkpoint_create, name="checkpoint_create"),
    path(school + "checkpoints/<int:checkpoint_id>/", setup.checkpoint_edit, name="checkpoint"),
    path(school + "checkpoints/<int:checkpoint_id>/renew/", setup.renew, name="renew"),
    path(school + "checkpoints/<int:checkpoint_id>/label.png", setup.label_png, name="label_png"),
    path(school + "labels.pdf", setup.labels_pdf, name="labels_pdf"),
    path(school + "routes/", setup.route_list, name="routes"),
    path(school + "routes/new/", setup.route_create, name="route_create"),
    path(school + "routes/defaults/", setup.defaults, name="defaults"),
    path(school + "routes/<int:route_id>/", setup.route_edit, name="route"),
    path(school + "routes/<int:route_id>/windows/", setup.window_add, name="window_add"),
    path(
        school + "routes/<int:route_id>/windows/<int:window_id>/remove/",
        setup.window_remove,
        name="window_remove",
    ),
    path(school + "oversight/", oversight.school_oversight, name="oversight"),
    path(school + "oversight.xlsx", oversight.school_export, name="oversight_export"),
    path(school + "problems/", oversight.problem_list, name="problems"),
    path("orgs/<int:org_id>/patrols/", oversight.bureau, name="bureau"),
    path("orgs/<int:org_id>/patrols.xlsx", oversight.bureau_export, name="bureau_export"),
    path("orgs/<int:org_id>/patrol-rules/", oversight.rules, name="rules"),
]
