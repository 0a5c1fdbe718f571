"""The scope matrix of school transport and the surroundings ledger: every page and API route,
as every demo role, on three schools (s01, its sibling s02, and a school in another district).

Out of scope is 404. In scope, a route answers 403 when the role has none of its capabilities
there. A route about one route or trip is need-to-know: readers of the school's transport see
it, the route's attendant their own (here someone outside the matrix), anyone else gets 404;
running a trip that is not one's own needs transport.manage. An outside department's pages
(its inbox, a problem referred to it) answer 403 to anyone without the department role, and a
problem in a school outside the department's area is 404 to it. The bureau's list of departments
is at the district. A refused POST changes nothing; an allowed one changes the school (or the
district's departments).
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Membership, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.students.models import SchoolClass, Student
from safecampus.transport.api import router
from safecampus.transport.models import (
    BusRoute,
    CrossingPost,
    DepartmentKind,
    DepartmentMember,
    Driver,
    JointInspection,
    Outing,
    OutingMark,
    OutingStatus,
    OutsideDepartment,
    ProblemStatus,
    ProblemType,
    Rider,
    Stop,
    SurroundingsProblem,
    TrafficPlan,
    Trip,
    TripMark,
    TripStatus,
    Vehicle,
    VolunteerShift,
)
from safecampus.transport.urls import urlpatterns
from tests.helpers import make_user
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    Id,
    api_operations,
    api_tried,
    built_targets,
    call,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)
from tests.transport.helpers import KIT, id_number_born

pytestmark = pytest.mark.django_db

V, M, RIDE = Cap.TRANSPORT_VIEW, Cap.TRANSPORT_MANAGE, Cap.TRANSPORT_RIDE
SV, SM = Cap.SURROUNDINGS_VIEW, Cap.SURROUNDINGS_MANAGE
SA, SD = Cap.SURROUNDINGS_ANSWER, Cap.SURROUNDINGS_DEPARTMENTS
OR, OA = Cap.OUTING_REQUEST, Cap.OUTING_APPROVE
TRU = Cap.TRANSPORT_RULES
NEW = Fresh(lambda: str(uuid.uuid4()))
PLATE = Fresh(lambda: f"测M{uuid.uuid4().hex[:5].upper()}")
ID_NUMBER = Fresh(lambda: id_number_born(timezone.localdate().replace(year=1980)))
LONG_AGO = "2015-03-01"
RECENT = Fresh(lambda: f"{timezone.localdate() - timedelta(days=20)}")
LATER = Fresh(lambda: f"{timezone.localdate() + timedelta(days=200)}")


@dataclass(frozen=True)
class Route:
    url: str
    caps: tuple = ()
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    # "read": one route or trip (readers, else 404); "run": a trip's move on a page or the
    # start (transport.ride, then transport.manage for someone else's route, else 404);
    # "api_run": a trip's move over the API (found by readers, then transport.ride).
    record: str = ""
    json: bool = False
    # "school" (the default) or "district" for the bureau's pages; "department" for an outside
    # department's own pages (no org in the URL: 403 without the role, 404 outside its area).
    level: str = "school"
    # False for a POST that those allowed try on a row its table refuses (400, nothing changes):
    # a move every staff member may attempt would otherwise succeed once and be refused after.
    changes: bool = True


T = "/schools/{school}/transport/"
RO = T + "routes/{route}/"
TR = T + "trips/{trip}/"
BOTH = (V, RIDE)
VEHICLE = {
    "plate": PLATE,
    "seats": "19",
    "inspected_on": RECENT,
    "insured_until": LATER,
    "equipment": KIT,
    "is_active": "on",
}
DRIVER = {
    "name": "矩阵司机",
    "id_number": ID_NUMBER,
    "licensed_on": LONG_AGO,
    "reexamined_on": RECENT,
    "background_checked_on": RECENT,
    "is_active": "on",
}
ROUTE = {
    "name": Fresh(lambda: f"矩阵线{uuid.uuid4().hex[:4]}"),
    "vehicle": Id("vehicle"),
    "driver": Id("driver"),
    "attendant": Id("attendant"),
    "is_active": "on",
}
PLAN = {
    "peak_times": "7:20–8:00",
    "zones": "北门接送区",
    "routes": "北侧人行道",
    "contacts": "交警中队",
    "follows": "GB 5768.8-2018",
}
VOLUNTEER = Fresh(lambda: f"矩阵家长{uuid.uuid4().hex[:6]}")
OUTING = {
    "kind": "outing",
    "title": "矩阵春游",
    "destination": "湿地公园",
    "starts_at": Fresh(lambda: f"{timezone.localdate() + timedelta(days=30)}T08:00"),
    "ends_at": Fresh(lambda: f"{timezone.localdate() + timedelta(days=30)}T15:00"),
    "plan": "步行前往",
}
# The default figures, so a saved row changes nothing the other routes check.
BUS_RULES = {
    "kind": "bus",
    "bus-name": "矩阵校车规则",
    "bus-source": "校车安全管理条例",
    "bus-inspection_months": "6",
    "bus-driver_min_age": "25",
    "bus-driver_max_age": "60",
    "bus-driving_years": "3",
    "bus-reexam_months": "12",
    "bus-background_months": "12",
    "bus-equipment": "\n".join(KIT),
}
PAGES = {
    "index": Route(T, BOTH),
    "vehicles": Route(T + "buses/", (V,)),
    "vehicle_create": Route(T + "buses/new/", (M,)),
    "vehicle_create_post": Route(T + "buses/new/", (M,), "post", VEHICLE, 302),
    "vehicle_edit": Route(T + "buses/{vehicle}/", (M,)),
    "drivers": Route(T + "drivers/", (V,)),
    "driver_create": Route(T + "drivers/new/", (M,)),
    "driver_create_post": Route(T + "drivers/new/", (M,), "post", DRIVER, 302),
    "driver_edit": Route(T + "drivers/{driver}/", (M,)),
    "routes": Route(T + "routes/", (V,)),
    "route_create": Route(T + "routes/new/", (M,)),
    "route_create_post": Route(T + "routes/new/", (M,), "post", ROUTE, 302),
    "route": Route(RO, BOTH, record="read"),
    "route_edit": Route(RO + "edit/", (M,)),
    "stop_add": Route(RO + "stops/", (M,), "post", {"name": "矩阵站"}, 302),
    "rider_add": Route(
        RO + "riders/", (M,), "post", {"student": Id("student"), "stop": Id("stop")}, 302
    ),
    "rider_remove": Route(RO + "riders/{rider}/remove/", (M,), "post", {}, 302),
    "trip_start": Route(
        RO + "start/",
        (RIDE,),
        "post",
        {"direction": "from_school", "client_uuid": NEW},
        302,
        record="run",
    ),
    "trips": Route(T + "trips/", BOTH),
    "trip_export": Route(T + "trips.xlsx", (V,)),
    "trip": Route(TR, BOTH, record="read"),
    "trip_mark": Route(
        TR + "mark/",
        (RIDE,),
        "post",
        {"student": Id("rider_student"), "kind": "board", "client_uuid": NEW},
        302,
        record="run",
    ),
    "trip_end": Route(TR + "end/", (RIDE,), "post", {}, 302, record="run"),
    "trip_close": Route(T + "trips/{unaccounted}/close/", (RIDE,), "post", {}, 302, record="run"),
    "problems": Route("/schools/{school}/surroundings/", (SV,)),
    "problem_report": Route("/schools/{school}/surroundings/new/", (SM,)),
    "problem_report_post": Route(
        "/schools/{school}/surroundings/new/",
        (SM,),
        "post",
        {"kind": Id("kind"), "place": "矩阵网吧", "distance_m": "120", "client_uuid": NEW},
        302,
    ),
    "problem": Route("/schools/{school}/surroundings/{problem}/", (SV,)),
    "problem_export": Route("/schools/{school}/surroundings/ledger.xlsx", (SV,)),
    "problem_move": Route(
        "/schools/{school}/surroundings/{problem}/refer/",
        (SM,),
        "post",
        {"department": "文旅"},
        302,
    ),
    "joint": Route("/schools/{school}/surroundings/joint/", (SV,)),
    "joint_post": Route(
        "/schools/{school}/surroundings/joint/",
        (SM,),
        "post",
        {"held_on": RECENT, "departments": "派出所、城管"},
        302,
    ),
    "outings": Route("/schools/{school}/outings/", (OR,)),
    "outing": Route("/schools/{school}/outings/{outing}/", (OR,)),
    "outing_move": Route(
        "/schools/{school}/outings/{outing}/approve/", (OA,), "post", {"note": "同意"}, 302
    ),
    "outing_new": Route("/schools/{school}/outings/new/", (OR,)),
    "outing_new_post": Route("/schools/{school}/outings/new/", (OR,), "post", OUTING, 302),
    # The roll call is the activity's staff's (here the organiser, outside the matrix) or the
    # principal's: a staff member not leading it is refused.
    "outing_mark": Route(
        "/schools/{school}/outings/{outing_run}/mark/",
        (OA,),
        "post",
        {"student": Id("rider_student"), "kind": "board", "client_uuid": NEW},
        302,
    ),
    "traffic": Route("/schools/{school}/traffic/", (V,)),
    "traffic_plan": Route("/schools/{school}/traffic/plan/", (M,)),
    "traffic_plan_post": Route("/schools/{school}/traffic/plan/", (M,), "post", PLAN, 302),
    "traffic_post": Route(
        "/schools/{school}/traffic/posts/",
        (M,),
        "post",
        {"place": "矩阵路口", "starts": "07:20", "ends": "08:00"},
        302,
    ),
    "traffic_volunteer": Route(
        "/schools/{school}/traffic/roster/",
        (M,),
        "post",
        {"post": Id("post"), "day": RECENT, "name": VOLUNTEER},
        302,
    ),
    "inbox": Route("/surroundings/referred/", (SA,), level="department"),
    "referred": Route("/surroundings/referred/{referred_dept}/", (SA,), level="department"),
    "referred_move": Route(
        "/surroundings/referred/{referred_dept}/answer/",
        (SA,),
        "post",
        {"answer": "已出警处置"},
        302,
        level="department",
    ),
    "departments": Route("/orgs/{district}/outside-departments/", (SD,), level="district"),
    "rules": Route("/orgs/{district}/transport/rules/", (V,), level="district"),
    "rules_post": Route(
        "/orgs/{district}/transport/rules/", (TRU,), "post", BUS_RULES, 302, level="district"
    ),
    "department_add": Route(
        "/orgs/{district}/outside-departments/",
        (SD,),
        "post",
        {
            "area": Id("district"),
            "kind": "market",
            "name": Fresh(lambda: f"矩阵所{uuid.uuid4().hex[:6]}"),
        },
        302,
        level="district",
    ),
    "department_account": Route(
        "/orgs/{district}/outside-departments/{department}/accounts/",
        (SD,),
        "post",
        {
            "display_name": "矩阵警官",
            "username": Fresh(lambda: f"dept.{uuid.uuid4().hex[:8]}"),
            "password": "Matrix-pass-2026!",
        },
        302,
        level="district",
    ),
}
A = "/api/v1/"
SU = A + "schools/{school}/surroundings"
OU = A + "schools/{school}/outings"
API = {
    "api_rules": Route(A + "orgs/{district}/transport/rules", (V,), level="district"),
    "api_rules_save": Route(
        A + "orgs/{district}/transport/rules",
        (TRU,),
        "put",
        {
            "outing": {
                "name": "矩阵师生比",
                "source": "矩阵细则",
                "students_per_staff": 20,
                "min_staff": 2,
            }
        },
        json=True,
        level="district",
    ),
    "api_trips": Route(A + "schools/{school}/bus-trips", BOTH),
    "api_trip": Route(A + "bus-trips/{trip}", record="read"),
    "api_start": Route(
        A + "schools/{school}/bus-routes/{route}/trips",
        (RIDE,),
        "post",
        {"direction": "from_school", "client_uuid": NEW},
        201,
        record="run",
        json=True,
    ),
    "api_mark": Route(
        A + "bus-trips/{trip}/marks",
        (),
        "post",
        {"student_id": Id("rider_student"), "kind": "board", "client_uuid": NEW},
        201,
        record="api_run",
        json=True,
    ),
    "api_end": Route(A + "bus-trips/{trip}/end", (), "post", {}, record="api_run", json=True),
    "api_close": Route(
        A + "bus-trips/{unaccounted}/close", (), "post", {}, record="api_run", json=True
    ),
    "api_problems": Route(SU, (SV,)),
    "api_problem": Route(SU + "/{problem}", (SV,)),
    "api_report": Route(
        SU,
        (SM,),
        "post",
        {"kind_id": Id("kind"), "place": "矩阵", "distance_m": 50, "client_uuid": NEW},
        201,
        json=True,
    ),
    "api_refer": Route(SU + "/{problem}/refer", (SM,), "post", {"department": "城管"}, json=True),
    "api_answer": Route(SU + "/{referred}/answer", (SM,), "post", {"answer": "已处理"}, json=True),
    "api_recheck": Route(
        SU + "/{answered}/recheck",
        (SM,),
        "post",
        {"outcome": "resolved", "note": "已整改"},
        json=True,
    ),
    "api_outings": Route(OU, (OR,)),
    "api_outing": Route(OU + "/{outing}", (OR,)),
    "api_outing_request": Route(
        OU,
        (OR,),
        "post",
        {
            "kind": "sports_meet",
            "title": "矩阵运动会",
            "destination": "区体育场",
            "starts_at": Fresh(lambda: f"{timezone.localdate() + timedelta(days=40)}T08:00+08:00"),
            "ends_at": Fresh(lambda: f"{timezone.localdate() + timedelta(days=40)}T17:00+08:00"),
        },
        201,
        json=True,
    ),
    # The draft has no insurance: everyone who may submit is refused and nothing changes.
    "api_outing_submit": Route(
        OU + "/{outing_draft}/submit", (OR,), "post", {}, 400, json=True, changes=False
    ),
    "api_outing_approve": Route(
        OU + "/{outing_api}/approve", (OA,), "post", {"note": "同意"}, json=True
    ),
    "api_outing_send_back": Route(
        OU + "/{outing_back}/send-back", (OA,), "post", {"note": "补充集合点"}, json=True
    ),
    "api_outing_mark": Route(
        OU + "/{outing_run}/marks",
        (OA,),
        "post",
        {"student_id": Id("student"), "kind": "absent", "client_uuid": NEW},
        201,
        json=True,
    ),
    "api_outing_return": Route(OU + "/{outing_return}/return", (OA,), "post", {}, json=True),
    "api_outing_close": Route(OU + "/{outing_found}/close", (OA,), "post", {}, json=True),
    "api_traffic": Route(A + "schools/{school}/traffic", (V,)),
    "api_traffic_plans": Route(A + "schools/{school}/traffic/plans", (V,)),
    "api_traffic_adopt": Route(
        A + "schools/{school}/traffic/plans", (M,), "post", PLAN, 201, json=True
    ),
    "api_traffic_post": Route(
        A + "schools/{school}/traffic/posts",
        (M,),
        "post",
        {"place": "矩阵路口", "starts": "15:40", "ends": "16:30"},
        201,
        json=True,
    ),
    "api_traffic_roster": Route(A + "schools/{school}/traffic/roster", (V,)),
    "api_traffic_volunteer": Route(
        A + "schools/{school}/traffic/posts/{post}/volunteers",
        (M,),
        "post",
        {"day": RECENT, "name": VOLUNTEER},
        201,
        json=True,
    ),
    "api_referred_list": Route(A + "referred-problems", (SA,), level="department"),
    "api_referred": Route(A + "referred-problems/{referred_dept}", (SA,), level="department"),
    "api_referred_answer": Route(
        A + "referred-problems/{referred_dept}/answer",
        (SA,),
        "post",
        {"answer": "已处置"},
        json=True,
        level="department",
    ),
    "api_referred_return": Route(
        A + "referred-problems/{referred_dept}/return",
        (SA,),
        "post",
        {"note": "不属本所辖区"},
        json=True,
        level="department",
    ),
}
ROUTES = {**PAGES, **API}


# The activities the outing routes act on, one per move, so each move succeeds once.
OUTING_STATES = {
    "_draft": OutingStatus.DRAFT,
    "_api": OutingStatus.SUBMITTED,
    "_back": OutingStatus.SUBMITTED,
    "_run": OutingStatus.APPROVED,
    "_return": OutingStatus.APPROVED,
    "_found": OutingStatus.UNACCOUNTED,
}


def test_every_route_is_in_the_matrix():
    names = ["school", "vehicle", "driver", "route", "rider", "trip", "unaccounted", "district"]
    outings = [f"outing{suffix}" for suffix in ("", *OUTING_STATES)]
    ids = dict.fromkeys([*names, "problem", "referred", "answered", "referred_dept", *outings], 7)
    ids["department"] = ids["post"] = 7
    assert page_names(PAGES.values(), ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


def _attendant(school):
    username = f"{school.code}.busattendant"
    user = User.objects.filter(username=username).first()
    return user or make_user(username, "随车照管员", school, Role.TEACHER)


def _objects(target):
    school = outside_school() if target == "outside" else Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    today = timezone.localdate()
    attendant = _attendant(school)
    vehicle = Vehicle.objects.create(
        school=school,
        plate=f"测S{uuid.uuid4().hex[:5]}",
        seats=19,
        inspected_on=today - timedelta(days=5),
        inspection_due=today + timedelta(days=170),
        insured_until=today + timedelta(days=100),
        equipment=KIT,
    )
    driver = Driver.objects.create(
        school=school,
        name="矩阵师傅",
        id_number=id_number_born(today.replace(year=1980)),
        licensed_on=today.replace(year=2010),
        reexamined_on=today - timedelta(days=10),
        background_checked_on=today - timedelta(days=10),
    )
    route = BusRoute.objects.create(
        school=school,
        name=f"矩阵{uuid.uuid4().hex[:4]}",
        vehicle=vehicle,
        driver=driver,
        attendant=attendant,
    )
    stop = Stop.objects.create(route=route, position=1, name="站")
    klass = SchoolClass.objects.filter(school=school).first() or SchoolClass.objects.create(
        school=school, grade=1, name="一班"
    )
    students = [
        Student.objects.create(
            school=school,
            school_class=klass,
            name=f"矩阵生{i}",
            student_number=f"M{i}{uuid.uuid4().hex[:4]}",
        )
        for i in range(2)
    ]
    rider = Rider.objects.create(route=route, student=students[0], stop=stop)
    trip = Trip.objects.create(
        school=school,
        route=route,
        day=today,
        direction="to_school",
        vehicle=vehicle,
        seats=19,
        attendant=attendant,
        started_at=timezone.now(),
    )
    unaccounted = Trip.objects.create(
        school=school,
        route=route,
        day=today - timedelta(days=1),
        direction="to_school",
        status=TripStatus.UNACCOUNTED,
        vehicle=vehicle,
        seats=19,
        attendant=attendant,
        started_at=timezone.now() - timedelta(days=1),
        alerted_at=timezone.now() - timedelta(days=1),
    )
    kind = ProblemType.objects.get(org=None, code="internet_cafe")
    problems = {
        status: SurroundingsProblem.objects.create(
            school=school,
            kind=kind,
            place="矩阵",
            distance_m=100,
            status=status,
            department="" if status == ProblemStatus.REPORTED else "文旅",
            reported_by=attendant,
            reported_at=timezone.now(),
        )
        for status in (ProblemStatus.REPORTED, ProblemStatus.REFERRED, ProblemStatus.ANSWERED)
    }
    police = OutsideDepartment.objects.get(name="城南派出所")
    referred_dept = SurroundingsProblem.objects.create(
        school=school,
        kind=kind,
        place="矩阵出租屋",
        distance_m=90,
        status=ProblemStatus.REFERRED,
        department=police.name,
        referred_to=police,
        referred_at=timezone.now(),
        reported_by=attendant,
        reported_at=timezone.now(),
    )
    department = OutsideDepartment.objects.get_or_create(
        area=district, name="矩阵街道办", defaults={"kind": DepartmentKind.STREET}
    )[0]
    start = timezone.now() + timedelta(days=5)
    outings = {
        name: Outing.objects.create(
            school=school,
            kind="outing",
            title="矩阵研学",
            destination="科技馆",
            starts_at=start,
            ends_at=start + timedelta(hours=5),
            plan="方案",
            security_plan="预案",
            insurance="" if status == OutingStatus.DRAFT else "校方责任险",
            status=status,
            requested_by=attendant,
        )
        for name, status in {"": OutingStatus.SUBMITTED, **OUTING_STATES}.items()
    }
    outings["_run"].students.set(students)
    post = CrossingPost.objects.create(
        school=school, place="矩阵斑马线", starts=time(7, 20), ends=time(8, 0)
    )
    return {
        "kind": kind.pk,
        "post": post.pk,
        **{f"outing{name}": outing.pk for name, outing in outings.items()},
        "referred_dept": referred_dept.pk,
        "department": department.pk,
        "problem": problems[ProblemStatus.REPORTED].pk,
        "referred": problems[ProblemStatus.REFERRED].pk,
        "answered": problems[ProblemStatus.ANSWERED].pk,
        "school": school.pk,
        "district": district.pk,
        "vehicle": vehicle.pk,
        "driver": driver.pk,
        "attendant": attendant.pk,
        "route": route.pk,
        "stop": stop.pk,
        "rider": rider.pk,
        "rider_student": students[0].pk,
        "student": students[1].pk,
        "trip": trip.pk,
        "unaccounted": unaccounted.pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows):
    return built_targets(module_rows, _objects)


def fingerprint(ids):
    school_id, district_id = ids["school"], ids["district"]
    return (
        OutsideDepartment.objects.filter(area_id=district_id).count(),
        DepartmentMember.objects.filter(department__area_id=district_id).count(),
        AuditEvent.objects.filter(org_id=district_id).count(),
        list(Vehicle.objects.filter(school_id=school_id).values_list("pk", "plate")),
        Driver.objects.filter(school_id=school_id).count(),
        BusRoute.objects.filter(school_id=school_id).count(),
        Stop.objects.filter(route__school_id=school_id).count(),
        Rider.objects.filter(route__school_id=school_id).count(),
        list(Trip.objects.filter(school_id=school_id).order_by("pk").values_list("pk", "status")),
        TripMark.objects.filter(trip__school_id=school_id).count(),
        list(
            SurroundingsProblem.objects.filter(school_id=school_id)
            .order_by("pk")
            .values_list("pk", "status")
        ),
        JointInspection.objects.filter(school_id=school_id).count(),
        list(Outing.objects.filter(school_id=school_id).values_list("pk", "status")),
        OutingMark.objects.filter(outing__school_id=school_id).count(),
        TrafficPlan.objects.filter(school_id=school_id).count(),
        CrossingPost.objects.filter(school_id=school_id).count(),
        VolunteerShift.objects.filter(post__school_id=school_id).count(),
        AuditEvent.objects.filter(org_id=school_id).count(),
    )


def expected(route, username, target):
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.level == "department":
        if SA not in caps:
            return 403
        # The inbox has no record in it; the problems are those of the department's area.
        return route.ok if "{" not in route.url or target != "outside" else 404
    if not in_scope(username, target, route.level):
        return 404
    if route.caps and not set(route.caps) & caps:
        return 403
    if route.record == "read":
        return route.ok if V in caps else 404
    if route.record == "run":
        return route.ok if M in caps else 404
    if route.record == "api_run":
        if V not in caps:
            return 404
        return route.ok if M in caps else 403
    return route.ok


def _send(client, route, ids):
    """A PUT as JSON (the bureau's rules); every other route as the shared helper sends it."""
    if route.method == "put":
        return client.put(
            route.url.format(**ids), json.dumps(route.data), content_type="application/json"
        )
    return call(client, route, ids)


@pytest.mark.parametrize("username", list(ROLE_OF))
@pytest.mark.parametrize("name", list(ROUTES))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=fingerprint,
        must_change=lambda _target, want: want == route.ok and route.changes,
        send=_send,
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


def test_the_attendant_runs_their_own_trip_without_transport_view(login, made):
    ids = made["s01"]
    attendant = User.objects.get(pk=ids["attendant"])
    assert Membership.objects.filter(user=attendant, role=Role.TEACHER).exists()
    client = login(attendant.username)
    assert client.get(f"/schools/{ids['school']}/transport/trips/{ids['trip']}/").status_code == 200
    response = client.post(
        f"/schools/{ids['school']}/transport/trips/{ids['trip']}/mark/",
        {"student": ids["rider_student"], "kind": "board", "client_uuid": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert TripMark.objects.filter(trip_id=ids["trip"], kind="board").count() == 1
