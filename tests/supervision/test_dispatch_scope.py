"""The scope matrix of dispatched tasks: every page and API route, as every demo role, on the
tasks of three schools (s01, its sibling s02, and a school in another district made here).

Each school's task is sent to that school alone, by its district. Out of scope is 404; a person
without supervision.view does not see a task at all (404); the sender's pages (counts, lists,
review, close) are not found from a school's side. In scope, a route needing a capability the
person lacks is 403. A refused POST changes nothing; an allowed one changes something.
"""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Notification, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.supervision.api.dispatch import router
from safecampus.supervision.models import (
    DispatchedTask,
    TaskRecipient,
    TaskReply,
)
from safecampus.supervision.urls import dispatch_patterns
from tests.helpers import make_user
from tests.roles import BUREAU, ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)

pytestmark = pytest.mark.django_db

MARK = "范围测试任务"
V, M, R = Cap.SUPERVISION_VIEW, Cap.SUPERVISION_MANAGE, Cap.SUPERVISION_RESPOND


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | None = None
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    sees: str | None = V  # not found (404) without this capability
    level: str = "school"
    sender: bool = False  # the sender's side: not found from a school's
    json: bool = False
    changes: bool | None = True  # whether a success must change something (None: unchecked)


def send_data(ids):
    return {
        "kind": "task",
        "title": MARK,
        "body": "请上报",
        "deadline": (timezone.localtime() + timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "needs_text": "on",
        "figures": "灭火器数量",
    }


T = "/supervision/tasks/{task}/"
PAGES = {
    "tasks_school": Route("/orgs/{school}/supervision/tasks/", V, sees=None),
    "tasks_district": Route("/orgs/{district}/supervision/tasks/", V, sees=None, level="district"),
    "task_send": Route("/orgs/{district}/supervision/tasks/new/", M, sees=None, level="district"),
    "task_send_post": Route(
        "/orgs/{district}/supervision/tasks/new/",
        M,
        "post",
        send_data,
        302,
        sees=None,
        level="district",
    ),
    "task": Route(T),
    "task_reply": Route(T + "reply/", R, "post", {"text": MARK, "figure_f1": "3"}, 302),
    "task_acknowledge": Route("/supervision/tasks/{notice}/acknowledge/", R, "post", {}, 302),
    "task_end": Route(T + "end/close/", M, "post", {}, 302, sender=True),
    "task_export": Route(T + "replies.xlsx", V, sender=True),
    "task_school": Route(T + "schools/{school}/", V, sender=True),
    "task_review": Route(
        "/supervision/tasks/{replied}/schools/{school}/review/",
        M,
        "post",
        {"action": "return", "reason": MARK},
        302,
        sender=True,
    ),
}
API_ROOT = "/api/v1/"
API = {
    "api_send": Route(
        API_ROOT + "orgs/{district}/tasks",
        M,
        "post",
        lambda ids: {
            "kind": "notice",
            "title": MARK,
            "body": "请知悉",
            "target": {"school_kinds": [], "under": [], "boarding": None},
        },
        201,
        sees=None,
        level="district",
        json=True,
    ),
    "api_sent": Route(API_ROOT + "orgs/{district}/tasks", V, sees=None, level="district"),
    "api_inbox": Route(API_ROOT + "schools/{school}/tasks", V, sees=None),
    "api_task": Route(API_ROOT + "tasks/{task}"),
    "api_read": Route(API_ROOT + "tasks/{task}/read", None, "post", json=True, changes=None),
    "api_reply": Route(
        API_ROOT + "tasks/{task}/reply",
        R,
        "post",
        {"text": MARK, "figures": {"f1": 3}},
        201,
        json=True,
    ),
    "api_acknowledge": Route(API_ROOT + "tasks/{notice}/acknowledge", R, "post", json=True),
    "api_review": Route(
        API_ROOT + "tasks/{replied}/schools/{school}/review",
        M,
        "post",
        {"action": "accept"},
        sender=True,
        json=True,
    ),
    "api_close": Route(API_ROOT + "tasks/{task}/close", M, "post", sender=True, json=True),
    "api_withdraw": Route(API_ROOT + "tasks/{task}/withdraw", M, "post", sender=True, json=True),
    "api_not_read": Route(API_ROOT + "tasks/{task}/not-read", V, sender=True),
    "api_not_replied": Route(API_ROOT + "tasks/{task}/not-replied", V, sender=True),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(["school", "district", "task", "notice", "replied"], 7)
    assert page_names(PAGES.values(), ids) == {p.name for p in dispatch_patterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    school = outside_school()
    make_user("n01.officer", "北officer", school, Role.SAFETY_OFFICER)
    return school


def _task(district, school, kind="task", status="pending"):
    admin = User.objects.get(username="bureau.admin")
    task = DispatchedTask.objects.create(
        sender=district,
        kind=kind,
        title=MARK,
        body="请上报",
        deadline=timezone.now() + timezone.timedelta(days=3),
        figures=[{"key": "f1", "label": "灭火器数量"}] if kind == "task" else [],
        created_by=admin,
        sent_at=timezone.now(),
    )
    copy = TaskRecipient.objects.create(task=task, school=school, status=status)
    if status == "replied":
        TaskReply.objects.create(
            recipient=copy, text="已完成", figures={"f1": 1}, submitted_by=admin,
            submitted_at=timezone.now(),
        )  # fmt: skip
    return task


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    return {
        "school": school.pk,
        "district": district.pk,
        "task": _task(district, school).pk,
        "notice": _task(district, school, "notice").pk,
        "replied": _task(district, school, status="replied").pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint():
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        rows(DispatchedTask, "status"),
        rows(TaskRecipient, "status", "read_at"),
        rows(TaskReply, "reviewed_at"),
    )


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.sees and route.sees not in caps:
        return 404
    if route.sender and username not in BUREAU:
        return 404
    if route.cap is None:
        return route.ok
    return route.ok if route.cap in caps else 403


@pytest.mark.parametrize(
    ("name", "username"),
    [pytest.param(n, u, id=f"{n}-{u}") for n in ROUTES for u in ROLE_OF],
)
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=lambda _ids: fingerprint(),
        must_change=lambda _target, want: (
            (want == route.ok) if route.changes else (None if want == route.ok else False)
        ),
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("username", ["s01.officer", "bureau.admin"])
def test_a_task_of_another_school_is_not_found_under_this_one(username, login, made):
    s01, s02 = made["s01"], made["s02"]
    client = login(username)
    response = client.get(f"/supervision/tasks/{s02['task']}/schools/{s01['school']}/")
    assert response.status_code == 404


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=fingerprint)


def test_a_street_office_sees_what_it_sent_and_its_schools_copies(login):
    street = Org.objects.get(code="demo-street-1")
    make_user("street.inspector", "街道督学", street, Role.BUREAU_INSPECTOR)
    district = Org.objects.get(code="demo-district")
    mine_school = Org.objects.filter(path__startswith=street.path, kind=OrgKind.SCHOOL).first()
    other_school = (
        Org.objects.filter(kind=OrgKind.SCHOOL, path__startswith=district.path)
        .exclude(path__startswith=street.path)
        .first()
    )
    own = _task(street, mine_school)
    districts = _task(district, mine_school)
    foreign = _task(district, other_school)
    client = login("street.inspector")
    assert client.get(f"/supervision/tasks/{own.pk}/").status_code == 200
    assert client.get(f"/supervision/tasks/{foreign.pk}/").status_code == 404
    # The district's task reaches the street's school: the street sees its school's copy.
    assert client.get(f"/supervision/tasks/{districts.pk}/").status_code == 200
    assert (
        client.get(f"/supervision/tasks/{districts.pk}/schools/{mine_school.pk}/").status_code
        == 404
    )
    listed = client.get(f"/orgs/{street.pk}/supervision/tasks/").content.decode()
    assert f"/supervision/tasks/{own.pk}/" in listed
    assert f"/supervision/tasks/{districts.pk}/" not in listed
    assert client.get(f"/orgs/{district.pk}/supervision/tasks/").status_code == 404
