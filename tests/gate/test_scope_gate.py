"""The scope matrix of the gate and the students: every page (and the API's reads), as every
demo role, on three schools: s01 (the school users' own), s02 (its sibling, which only the
bureau's people see) and a school in another district (bureau people only).

Out of scope is always 404. In scope, a route answers its success status when the role has the
route's capability there, else 403; routes about one record that is need-to-know (a student's
full record, a visit, an exit permit) say who may see it in `expected`.
"""

import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.gate.api import router
from safecampus.gate.models import (
    ExitPermit,
    ExitStatus,
    PickupPerson,
    PickupProposal,
    Visit,
    VisitStatus,
    WatchlistEntry,
)
from safecampus.gate.urls import urlpatterns as gate_urls
from safecampus.students import phone_login
from safecampus.students.models import Guardian, Roll, SchoolClass, Student
from safecampus.students.urls import urlpatterns as student_urls
from tests.helpers import make_user
from tests.roles import ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    built_targets,
    call,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)
from tests.students.test_roster_scope import PAGES as ROSTER

pytestmark = pytest.mark.django_db

LEADERS = {"s01.principal", "s01.officer"}
PUBLIC = {"guardian_letter", "public_pass"}  # no login: tested in their own files
# A guardian's own pages: tests/students/test_family.py tries them, and every other route of the
# project, as a logged-in guardian.
FAMILY = {"family", "family_login", "family_code", "family_notice", "family_consent"}
# The gate's pages of a guardian: tests/gate/test_family_gate.py tries each as the child's
# guardian, another child's guardian and staff.
FAMILY |= {"family_child", "family_propose", "family_withdraw"}


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | None
    method: str = "get"
    ok: int = 200
    data: tuple = ()
    level: str = "school"
    record: str = ""  # "student", "student_edit", "visit", "permit", "permit_return"
    json: bool = False  # the gate's POSTs are forms


def caps_of(username):
    return CAPABILITIES[ROLE_OF[username]]


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = caps_of(username)
    if route.cap is not None and route.cap not in caps:
        return 403
    # Only s01's head teacher heads the class the records belong to.
    head = username == "s01.headteacher" and target == "s01"
    if route.record == "reunion":
        return route.ok if caps & {Cap.GATE_VIEW, Cap.GATE_DESK, Cap.PICKUP_MANAGE} else 403
    if route.record == "release":
        return route.ok if caps & {Cap.GATE_DESK, Cap.PICKUP_MANAGE} else 403
    if route.record == "proposal":
        # Decided by a school leader, or the head teacher of the child's class; no one else
        # finds it.
        return route.ok if Cap.STUDENT_MANAGE in caps or head else 404
    if route.record in ("student", "student_edit"):
        return route.ok if username in LEADERS or head else 403
    if route.record in ("visit", "permit") and Cap.GATE_VIEW not in caps:
        return route.ok if head and route.record == "permit" else 404
    if route.record == "permit_return":
        if Cap.GATE_VIEW not in caps and not head:
            return 404
        return route.ok if Cap.GATE_DESK in caps else 403
    return route.ok


S = "/schools/{school}/"
G = S + "gate/"
V, D, H = Cap.GATE_VIEW, Cap.GATE_DESK, Cap.VISIT_HOST
SV = Cap.STUDENT_VIEW
PAGES = {
    "desk": Route(G, V),
    "register": Route(G + "visits/new/", D),
    "invite": Route(G + "visits/invite/", H),
    "my_visitors": Route(G + "visits/mine/", H),
    "visit_log": Route(G + "visits/", V),
    "visit": Route(G + "visits/{visit}/", H, record="visit"),
    "visit_pass": Route(G + "visits/{visit}/pass/", H, record="visit"),
    "check_in": Route(G + "visits/{visit}/check-in/", D, "post", 302),
    "check_out": Route(G + "visits/{visit}/check-out/", D, "post", 302, (("confirmed", "1"),)),
    "undo_check_out": Route(G + "visits/{visit}/undo-check-out/", D, "post", 302),
    "refuse": Route(G + "visits/{held}/refuse/", D, "post", 302),
    "override": Route(G + "visits/{held}/override/", D, "post", 302, (("reason", "陪同"),)),
    "pass_lookup": Route(G + "pass/", D, ok=302),
    "pass": Route(G + "pass/{code}/", D, ok=302),
    "exits": Route(G + "exits/", SV),
    "exit_history": Route(G + "exits/history/", V),
    "exit_create": Route(G + "exits/new/{student}/", SV),
    "exit": Route(G + "exits/{permit}/", SV, record="permit"),
    "exit_action": Route(G + "exits/{permit}/return/", SV, "post", 302, record="permit_return"),
    "exit_pass": Route(G + "exits/pass/{permit_code}/", D, ok=302),
    "pickups": Route(G + "pickups/", SV),
    "pickup_log": Route(G + "pickups/log/", V),
    "pickup_class": Route(G + "pickups/classes/{class}/", SV),
    "pickup_child": Route(G + "pickups/children/{student}/", SV),
    "hand_over": Route(G + "pickups/children/{student}/hand-over/{pickup}/", SV, "post", 302),
    "pickup_refuse": Route(
        G + "pickups/children/{student}/refuse/", SV, "post", 302, (("claimed_name", "某"),)
    ),
    "authorise": Route(G + "pickups/children/{student}/authorise/", Cap.PICKUP_MANAGE),
    "revoke": Route(
        G + "pickups/children/{student}/revoke/{pickup}/", Cap.PICKUP_MANAGE, "post", 302
    ),
    "pickup_photo": Route(
        G + "pickups/children/{student}/photo/{pickup}/", Cap.PICKUP_MANAGE, "post", 302
    ),
    "proposals": Route(G + "pickups/proposals/", Cap.PICKUP_MANAGE),
    "proposal": Route(G + "pickups/proposals/{proposal}/", Cap.PICKUP_MANAGE, record="proposal"),
    "proposal_confirm": Route(
        G + "pickups/proposals/{proposal}/confirm/",
        Cap.PICKUP_MANAGE,
        "post",
        302,
        record="proposal",
    ),
    "proposal_refuse": Route(
        G + "pickups/proposals/{proposal}/refuse/",
        Cap.PICKUP_MANAGE,
        "post",
        302,
        (("reason", "请当面办理"),),
        record="proposal",
    ),
    "reunifications": Route(G + "reunification/", None, record="reunion"),
    "reunification": Route(G + "reunification/{roll}/", None, record="reunion"),
    "release": Route(G + "reunification/{roll}/students/{student}/", None, record="release"),
    "release_refused": Route(
        G + "reunification/{roll}/students/{student}/",
        None,
        "post",
        400,
        (("who", "other"), ("claimed_name", "某")),
        record="release",
    ),
    "confiscations": Route(G + "confiscations/", V),
    "confiscation_create": Route(G + "confiscations/new/", SV),
    "duty": Route(G + "duty/", V),
    "duty_create": Route(G + "duty/new/", D),
    "reports": Route(G + "reports/", Cap.GATE_REPORT),
    "settings": Route(G + "settings/", Cap.SCHOOL_EDIT),
    "watchlist": Route("/orgs/{school}/watchlist/", Cap.WATCHLIST_VIEW),
    "watchlist_district": Route(
        "/orgs/{district}/watchlist/", Cap.WATCHLIST_VIEW, level="district"
    ),
    "watchlist_remove": Route(
        "/orgs/{school}/watchlist/{entry}/remove/", Cap.WATCHLIST_MANAGE, "post", 302
    ),
    "overview": Route("/orgs/{district}/gate/", Cap.GATE_OVERSIGHT, level="district"),
    "overview_school": Route("/orgs/{school}/gate/", Cap.GATE_OVERSIGHT),
    "classes": Route(S + "classes/", SV),
    "class_create": Route(S + "classes/new/", Cap.STUDENT_MANAGE),
    "class": Route(S + "classes/{class}/", SV),
    "class_edit": Route(S + "classes/{class}/edit/", Cap.STUDENT_MANAGE),
    "class_letter": Route(S + "classes/{class}/letter/", Cap.LETTER_MANAGE),
    "list": Route(S + "students/", SV),
    "create": Route(S + "students/new/", Cap.STUDENT_EDIT),
    "import": Route(S + "students/import/", Cap.STUDENT_MANAGE),
    "export": Route(S + "students/export.xlsx", SV),
    "detail": Route(S + "students/{student}/", SV, record="student"),
    "edit": Route(S + "students/{student}/edit/", Cap.STUDENT_EDIT, record="student_edit"),
}
A = "/api/v1/"
API = {
    "api_visits": Route(A + "schools/{school}/visits", V),
    "api_visit": Route(A + "visits/{visit}", None, record="visit"),
    "api_students": Route(A + "schools/{school}/students", SV),
    "api_waiting": Route(A + "rolls/{roll}/waiting", None, record="reunion"),
    "api_exits": Route(A + "schools/{school}/exit-permits", V),
    "api_pickup_persons": Route(A + "schools/{school}/students/{student}/pickup-persons", SV),
    "api_not_picked_up": Route(A + "schools/{school}/not-picked-up", SV),
    "api_proposals": Route(A + "schools/{school}/pickup-proposals", Cap.PICKUP_MANAGE),
    "api_confiscations": Route(A + "schools/{school}/confiscations", V),
    "api_duty": Route(A + "schools/{school}/duty", V),
    "api_watchlist": Route(A + "orgs/{school}/watchlist", Cap.WATCHLIST_VIEW),
    "api_counts": Route(
        A + "orgs/{district}/gate-counts?start=2026-09-01&end=2026-11-30",
        Cap.GATE_OVERSIGHT,
        level="district",
    ),
}
ROUTES = {**PAGES, **API}
IDS = dict.fromkeys(
    [
        "school",
        "district",
        "visit",
        "held",
        "student",
        "class",
        "permit",
        "pickup",
        "entry",
        "roll",
        "proposal",
    ],
    7,
) | {"code": "ABCDEFGH", "permit_code": "ABCDEFGH"}


def test_every_page_is_in_the_matrix():
    tried = page_names(PAGES.values(), IDS)
    assert tried | PUBLIC | FAMILY | set(ROSTER) == {p.name for p in [*gate_urls, *student_urls]}


def test_every_api_read_is_in_the_matrix():
    reads = {route for method, route in api_operations(router) if method == "get"}
    tried = {route for _method, route in api_tried(API.values(), IDS)}
    # The pass of one visit is read like the visit itself (host or gate staff).
    assert tried | {"api/v1/visits/<visit_id>/pass"} == reads


@pytest.fixture(scope="module")
def outside():
    """A school in another district with a class, a student, visits, a permit and a pick-up
    person, and a watchlist entry of its own."""
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    head = make_user("n01.head", "北班主任", school, Role.HEAD_TEACHER)
    school_class = SchoolClass.objects.create(
        school=school, grade=1, name="一班", head_teacher=head
    )
    student = Student.objects.create(
        school=school, school_class=school_class, name="北学生", student_number="N1"
    )
    Guardian.objects.create(student=student, name="北家长", relation="父亲", phone="13900000000")
    PickupPerson.objects.create(
        student=student,
        name="北家长",
        relation="父亲",
        phone="13900000000",
        consent="书面",
        consent_by="北家长",
        added_by=head,
    )
    for status in (VisitStatus.ON_CAMPUS, VisitStatus.HELD):
        Visit.objects.create(
            school=school, name="访客", purpose="事", registered_by=head, status=status
        )
    ExitPermit.objects.create(
        school=school,
        student=student,
        reason="病假",
        leave_from=timezone.now(),
        requested_by=head,
        approved_by=head,
        status=ExitStatus.APPROVED,
    )
    WatchlistEntry.objects.create(org=school, name="某", phone="1", reason="r", listed_by=head)
    return school


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    head = SchoolClass.objects.filter(school=school).order_by("grade", "name", "pk").first()
    student = Student.objects.filter(school_class=head).order_by("pk").first()
    if not PickupPerson.objects.filter(student=student).exists():
        PickupPerson.objects.create(
            student=student,
            name="测试接送人",
            relation="父亲",
            phone="13900000000",
            consent="书面",
            consent_by="家长",
            added_by=head.head_teacher,
        )
    visit = Visit.objects.filter(school=school, status=VisitStatus.ON_CAMPUS).order_by("pk").first()
    # A visit hosted by someone outside the matrix's people: only gate staff see it.
    Visit.objects.filter(pk=visit.pk).update(host=None)
    held = Visit.objects.filter(school=school, status=VisitStatus.HELD).order_by("pk").first()
    if held is None:
        held = Visit.objects.create(
            school=school,
            name="被拦截",
            purpose="事",
            registered_by=head.head_teacher,
            status=VisitStatus.HELD,
        )
    permit = ExitPermit.objects.filter(student=student, status=ExitStatus.APPROVED).first()
    if permit is None:
        permit = ExitPermit.objects.create(
            school=school,
            student=student,
            reason="测试",
            leave_from=timezone.now(),
            requested_by=head.head_teacher,
            approved_by=head.head_teacher,
        )
    entry = WatchlistEntry.objects.filter(org=school, removed_at=None).first()
    if entry is None:
        entry = WatchlistEntry.objects.create(
            org=school, name="某", phone="1", reason="r", listed_by=head.head_teacher
        )
    guardian = student.guardians.exclude(phone="").order_by(
        "pk"
    ).first() or Guardian.objects.create(
        student=student, name="家长", relation="母亲", phone="13900000009"
    )
    proposal = PickupProposal.objects.create(
        school=school,
        student=student,
        account=phone_login.open_account(guardian.phone, guardian.name),
        proposed_by=guardian.name,
        name="测试提议人",
        relation="舅舅",
        phone="13900000008",
    )
    return {
        "proposal": proposal.pk,
        "school": school.pk,
        "district": district.pk,
        "visit": visit.pk,
        "held": held.pk,
        "code": visit.pass_code,
        "student": student.pk,
        "class": head.pk,
        "permit": permit.pk,
        "permit_code": permit.pass_code,
        "pickup": PickupPerson.objects.filter(student=student).first().pk,
        "entry": entry.pk,
        "roll": Roll.objects.create(
            school=school, key=f"scope:{uuid.uuid4().hex}", label="演练", opened_at=timezone.now()
        ).pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def _cases():
    for name in ROUTES:
        for username in ROLE_OF:
            yield pytest.param(name, username, id=f"{name}-{username}")


@pytest.mark.parametrize(("name", "username"), list(_cases()))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, _changed = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        send=lambda client, route, ids: call(client, route, ids, data=lambda d, _ids: dict(d)),
    )
    assert got == want
