from django.urls import path

from safecampus.transport.views import (
    buses,
    departments,
    outings,
    rules,
    surroundings,
    traffic,
    trips,
)

app_name = "transport"

T = "schools/<int:school_id>/transport/"
R = T + "routes/<int:route_id>/"
TR = T + "trips/<int:trip_id>/"
SU = "schools/<int:school_id>/surroundings/"

urlpatterns = [
    path(T, buses.index, name="index"),
    path(T + "buses/", buses.vehicles, name="vehicles"),
    path(T + "buses/new/", buses.vehicle_create, name="vehicle_create"),
    path(T + "buses/<int:vehicle_id>/", buses.vehicle_edit, name="vehicle_edit"),
    path(T + "drivers/", buses.drivers, name="drivers"),
    path(T + "drivers/new/", buses.driver_create, name="driver_create"),
    path(T + "drivers/<int:driver_id>/", buses.driver_edit, name="driver_edit"),
    path(T + "routes/", buses.routes, name="routes"),
    path(T + "routes/new/", buses.route_create, name="route_create"),
    path(R, buses.route_detail, name="route"),
    path(R + "edit/", buses.route_edit, name="route_edit"),
    path(R + "stops/", buses.stop_add, name="stop_add"),
    path(R + "riders/", buses.rider_add, name="rider_add"),
    path(R + "riders/<int:rider_id>/remove/", buses.rider_remove, name="rider_remove"),
    path(R + "start/", trips.trip_start, name="trip_start"),
    path(T + "trips/", trips.trip_list, name="trips"),
    path(T + "trips.xlsx", trips.trip_export, name="trip_export"),
    path(TR, trips.trip_detail, name="trip"),
    path(TR + "mark/", trips.trip_mark, name="trip_mark"),
    path(TR + "end/", trips.trip_end, name="trip_end"),
    path(TR + "close/", trips.trip_close, name="trip_close"),
    path(SU, surroundings.problem_list, name="problems"),
    path(SU + "new/", surroundings.problem_report, name="problem_report"),
    path(SU + "ledger.xlsx", surroundings.problem_export, name="problem_export"),
    path(SU + "<int:problem_id>/", surroundings.problem_detail, name="problem"),
    path(SU + "<int:problem_id>/<slug:action>/", surroundings.problem_move, name="problem_move"),
    path(SU + "joint/", surroundings.joint_list, name="joint"),
    path("surroundings/referred/", departments.inbox, name="inbox"),
    path("surroundings/referred/<int:problem_id>/", departments.referred, name="referred"),
    path(
        "surroundings/referred/<int:problem_id>/<slug:action>/",
        departments.referred_move,
        name="referred_move",
    ),
    path("schools/<int:school_id>/traffic/", traffic.traffic, name="traffic"),
    path("schools/<int:school_id>/traffic/plan/", traffic.plan_new, name="traffic_plan"),
    path("schools/<int:school_id>/traffic/posts/", traffic.post_add, name="traffic_post"),
    path(
        "schools/<int:school_id>/traffic/roster/", traffic.volunteer_add, name="traffic_volunteer"
    ),
    path("schools/<int:school_id>/outings/", outings.outing_list, name="outings"),
    path("schools/<int:school_id>/outings/new/", outings.outing_new, name="outing_new"),
    path("schools/<int:school_id>/outings/<int:outing_id>/", outings.outing_detail, name="outing"),
    path(
        "schools/<int:school_id>/outings/<int:outing_id>/mark/",
        outings.outing_mark,
        name="outing_mark",
    ),
    path(
        "schools/<int:school_id>/outings/<int:outing_id>/<slug:action>/",
        outings.outing_move,
        name="outing_move",
    ),
    path("orgs/<int:org_id>/transport/rules/", rules.rules, name="rules"),
    path("orgs/<int:org_id>/outside-departments/", departments.departments, name="departments"),
    path(
        "orgs/<int:org_id>/outside-departments/<int:department_id>/accounts/",
        departments.department_account,
        name="department_account",
    ),
]
