"""The scope matrix of the live roster: every page and API route, as every demo role, on three
schools (s01, its sibling s02, and a school in another district).

Out of scope is 404. In scope, a route answers 403 without its capability: teachers mark
(roll.mark), leaders, the bureau and the police read the counts (roll.view), leaders close
(roll.manage). A refused POST changes nothing; an allowed one changes the school's roll.
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Org, OrgKind
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.students.api import router
from safecampus.students.models import Roll, RollMark, SchoolClass, Student
from safecampus.students.urls import urlpatterns
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    Id,
    api_operations,
    api_tried,
    built_targets,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)

pytestmark = pytest.mark.django_db

MARK, VIEW, MANAGE = Cap.ROLL_MARK, Cap.ROLL_VIEW, Cap.ROLL_MANAGE
NEW = Fresh(lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class Route:
    url: str
    caps: tuple = ()
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    level: str = "school"
    json: bool = False


S = "/schools/{school}/rolls/"
R = S + "{roll}/"
PAGES = {
    "rolls": Route(S, (MARK, VIEW)),
    "roll": Route(R, (MARK, VIEW)),
    "roll_counts": Route(R + "counts/", (VIEW,)),
    "roll_class": Route(R + "classes/{class}/", (MARK,)),
    "roll_mark": Route(
        R + "mark/",
        (MARK,),
        "post",
        {"student": Id("student"), "status": "missing", "client_uuid": NEW},
        302,
    ),
    "roll_close": Route(R + "close/", (MANAGE,), "post", {}, 302),
    "org_rolls": Route("/orgs/{district}/rolls/", (VIEW,), level="district"),
    "org_roll_rows": Route("/orgs/{district}/rolls/rows/", (VIEW,), level="district"),
}
A = "/api/v1/"
API = {
    "api_rolls": Route(A + "schools/{school}/rolls", (MARK, VIEW)),
    "api_roll": Route(A + "rolls/{roll}", (VIEW,)),
    "api_mark": Route(
        A + "rolls/{roll}/marks",
        (MARK,),
        "post",
        {"student_id": Id("student"), "status": "injured", "client_uuid": NEW},
        201,
        json=True,
    ),
    "api_close": Route(A + "rolls/{roll}/close", (MANAGE,), "post", {}, json=True),
}
ROUTES = {**PAGES, **API}


def test_every_roster_route_is_in_the_matrix():
    ids = dict.fromkeys(["school", "roll", "class", "district"], 7)
    roster_names = {p.name for p in urlpatterns if "roll" in p.name}
    assert set(PAGES) == roster_names
    assert page_names(PAGES.values(), ids) == roster_names
    assert api_tried(API.values(), ids) == api_operations(router)


def _objects(target):
    school = outside_school() if target == "outside" else Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    klass = SchoolClass.objects.filter(school=school).first() or SchoolClass.objects.create(
        school=school, grade=1, name="一班"
    )
    student = Student.objects.filter(school_class=klass, is_active=True).first()
    if student is None:
        student = Student.objects.create(
            school=school, school_class=klass, name="矩阵生", student_number="M1"
        )
    roll = Roll.objects.create(
        school=school, key=f"test:{uuid.uuid4().hex}", label="矩阵", opened_at=timezone.now()
    )
    return {
        "school": school.pk,
        "district": district.pk,
        "class": klass.pk,
        "student": student.pk,
        "roll": roll.pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows):
    return built_targets(module_rows, _objects)


def fingerprint(school_id):
    return (
        list(Roll.objects.filter(school_id=school_id).order_by("pk").values_list("pk", "status")),
        list(RollMark.objects.filter(roll__school_id=school_id).values_list("pk", "status")),
        AuditEvent.objects.filter(org_id=school_id).count(),
    )


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.caps and not set(route.caps) & caps:
        return 403
    return route.ok


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
        fingerprint=lambda ids: fingerprint(ids["school"]),
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"
