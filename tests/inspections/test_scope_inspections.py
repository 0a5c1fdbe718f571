"""The scope matrix of checks: every checks page and API route, as every demo role, on the
objects of three schools.

Targets: s01 (the school users' own school), s02 (its sibling in the same district) and a school
in another district of the same city, made here. Out of scope is always 404, never 403 or 200.
In scope, a page is the route's success status, or 403 when roles.CAPABILITIES does not give
the person the route's capability there (the page's gate comes before any lookup). Two rules
come after the gate: a scheduled check may be run by the person it is given to or a manager
(else 403), and a done check is shown to the one who did it or a holder of check.view (else
404, like an object that is not there).

Each test is one route and one person, tried on every target the person is tested against; a
refused POST must leave the target school exactly as it was, and an allowed one must change it
(so a refusal is never just bad test data).
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import (
    Attachment,
    AuditEvent,
    Notification,
    Org,
    OrgKind,
    User,
)
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.hazards.models import Hazard
from safecampus.inspections import services
from safecampus.inspections.api import router
from safecampus.inspections.library import LIBRARY
from safecampus.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    ItemKind,
    Outcome,
    Recurrence,
    Schedule,
    TemplateVersion,
)
from safecampus.inspections.services.templates import current_version
from safecampus.inspections.urls import urlpatterns
from tests.helpers import make_user, png
from tests.inspections.test_scope_publications import ROUTES as PUBLISHED
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    call,
    cases,
    in_scope,
    outside_school,
    page_names,
    targets,
    try_targets,
)

pytestmark = pytest.mark.django_db

MARK = "范围测试"  # every checklist, item and note made here starts with this
PHOTO = Fresh(lambda: png("check.png", colour=(30, 160, 30)))  # a fresh upload each time
DUTY = "duty_teacher_daily"  # the demo checklist every school has adopted


@dataclass(frozen=True)
class Route:
    url: str  # formatted with the target's ids
    cap: str | None = None
    method: str = "get"
    data: object = field(default_factory=dict)  # a dict, or a function of the ids
    ok: int = 200
    level: str = "school"  # "district": the route is given the target's district
    json: bool = False
    doer: bool = False  # runs the target's task, given to the school's teacher
    viewer: bool = False  # shows the target's inspection, done by the school's teacher


def form_answers(ids):
    """The run page's fields answering every item of the duty checklist as passed."""
    data = {}
    for item_id, kind in ids["items"]:
        if kind == ItemKind.PASS_FAIL:
            data[f"outcome_{item_id}"] = Outcome.PASS
        elif kind == ItemKind.TEXT:
            data[f"text_{item_id}"] = MARK
    return data


def api_answers(ids):
    return [
        {"item_id": item_id, "outcome": Outcome.PASS if kind == ItemKind.PASS_FAIL else ""}
        for item_id, kind in ids["items"]
    ]


def run_post(ids):
    return {**form_answers(ids), "client_uuid": str(uuid.uuid4()), "note": MARK}


def batch(ids):
    entry = {
        "client_uuid": str(uuid.uuid4()),
        "template_id": ids["template"],
        "note": MARK,
        "answers": api_answers(ids),
    }
    return {"inspections": [entry]}


def schedule_post(ids):
    return {
        "template": ids["template"],
        "person": ids["person"],
        "recurrence": Recurrence.DAILY,
        "at": "07:30",
        "window_minutes": "45",
        "starts_on": timezone.localdate().isoformat(),
    }


ITEM = {"text": MARK + "检查项", "kind": ItemKind.PASS_FAIL, "category": "other"}
TEMPLATE = {"name": MARK + "新清单", "area": "gate", "description": "范围测试"}

S = "/schools/{school}/checks/"
R, V, M = Cap.CHECK_RUN, Cap.CHECK_VIEW, Cap.CHECK_MANAGE
PAGES = {
    "today": Route(S, R),
    "run_task": Route(S + "tasks/{task}/", R, doer=True),
    "run_task_post": Route(S + "tasks/{task}/", R, "post", run_post, 302, doer=True),
    "done_checks": Route(S + "inspections/", R),
    "detail": Route(S + "inspections/{inspection}/", R, viewer=True),
    "checklists": Route(S + "checklists/", R),
    "checklist_create": Route(S + "checklists/new/", M),
    "checklist_create_post": Route(S + "checklists/new/", M, "post", TEMPLATE, 302),
    "checklist": Route(S + "checklists/{template}/", R),
    "run_template": Route(S + "checklists/{template}/run/", R),
    "run_template_post": Route(S + "checklists/{template}/run/", R, "post", run_post, 302),
    "checklist_archive": Route(S + "checklists/{template}/archive/", M, "post", {}, 302),
    "item_add": Route(S + "checklists/{template}/items/", M),
    "item_add_post": Route(S + "checklists/{template}/items/", M, "post", ITEM, 302),
    "item_edit": Route(S + "checklists/{template}/items/{item}/", M),
    "item_edit_post": Route(S + "checklists/{template}/items/{item}/", M, "post", ITEM, 302),
    "item_action": Route(S + "checklists/{template}/items/{item}/down/", M, "post", {}, 302),
    "library": Route(S + "library/", M),
    "adopt": Route(S + "library/{key}/", M, "post", {}, 302),
    "schedules": Route(S + "schedules/", V),
    "schedule_create": Route(S + "schedules/new/", M),
    "schedule_create_post": Route(S + "schedules/new/", M, "post", schedule_post, 302),
    "schedule_stop": Route(S + "schedules/{schedule}/stop/", M, "post", {}, 302),
    "oversight": Route(S + "oversight/", V),
    "oversight_xlsx": Route(S + "oversight/?format=xlsx", V),
    "bureau_school": Route("/orgs/{school}/checks/", V),
    "bureau_district": Route("/orgs/{district}/checks/", V, level="district"),
    "bureau_xlsx": Route("/orgs/{district}/checks/?format=xlsx", V, level="district"),
}
A = "/api/v1/"
AS = A + "schools/{school}/checks/"
API = {
    "api_today": Route(AS + "today", R),
    "api_checklists": Route(AS + "checklists", R),
    "api_checklist": Route(AS + "checklists/{template}", R),
    "api_photo": Route(AS + "photos", R, "post", {"photo": PHOTO}, 201),
    "api_batch": Route(AS + "inspections/batch", R, "post", batch, 200, json=True),
    "api_inspections": Route(AS + "inspections", R),
    "api_inspection": Route(AS + "inspections/{inspection}", R, viewer=True),
    "api_completion_school": Route(A + "orgs/{school}/checks/completion", V),
    "api_completion_district": Route(A + "orgs/{district}/checks/completion", V, level="district"),
}
ROUTES = {**PAGES, **API}

# Known deviations from the matrix, each a bug in product code (see the report).
BUGS = {}


def test_every_route_is_in_the_matrix():
    """A new checks route must be added here: the matrix tries every page and API route."""
    ids = dict.fromkeys(
        ["school", "district", "task", "inspection", "template", "item", "schedule"], 7
    )
    ids["key"] = "some-entry"
    # The bureau's published checks have their own matrix (test_scope_publications).
    published = [r for r in PUBLISHED.values() if not r.url.startswith("/api/")]
    published_api = [r for r in PUBLISHED.values() if r.url.startswith("/api/")]
    ids.update(checklist=7, publication=7)
    assert page_names([*PAGES.values(), *published], ids) == {p.name for p in urlpatterns}
    assert api_tried([*API.values(), *published_api], ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    """A school in a second district of the demo city, with the duty checklist adopted."""
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    officer = make_user("n01.officer", "北安全主任", school, Role.SAFETY_OFFICER)
    make_user("n01.teacher", "北教师", school, Role.TEACHER)
    services.adopt_from_library(actor=officer, school=school, key=DUTY)
    return school


def _task_for(school, template, teacher):
    """A check of the template due now, given to the teacher by a schedule of their own."""
    now = timezone.now()
    schedule = Schedule.objects.create(
        school=school,
        template=template,
        person=teacher,
        recurrence=Recurrence.DAILY,
        at=timezone.localtime(now).time(),
        starts_on=timezone.localdate(now),
        school_days_only=False,
    )
    return CheckTask.objects.create(
        schedule=schedule,
        school=school,
        template=template,
        person=teacher,
        day=timezone.localdate(now),
        due_from=now - timedelta(minutes=10),
        due_by=now + timedelta(minutes=50),
    )


def _objects(target, request):
    """The ids the routes are formatted with: the target school, its district, the duty
    checklist with its first item, a check of it due now given to the school's teacher (with its
    schedule), a check the teacher did, and a library entry the school has not adopted."""
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    teacher = User.objects.get(username=f"{school.code}.teacher")
    template = ChecklistTemplate.objects.get(school=school, library_key=DUTY)
    items = list(current_version(template).items.order_by("position", "pk"))
    ids = {"items": [(item.pk, item.kind) for item in items]}
    task = _task_for(school, template, teacher)
    inspection = services.submit_inspection(
        actor=teacher,
        school=school,
        client_uuid=uuid.uuid4(),
        template=template,
        answers={
            item.pk: {"outcome": Outcome.PASS if item.kind == ItemKind.PASS_FAIL else ""}
            for item in items
        },
    )
    adopted = set(
        ChecklistTemplate.objects.filter(school=school).values_list("library_key", flat=True)
    )
    key = next(entry.key for entry in LIBRARY if entry.key not in adopted)
    return {
        **ids,
        "school": school.pk,
        "district": district.pk,
        "template": template.pk,
        "item": current_version(template).items.order_by("position", "pk").first().pk,
        "task": task.pk,
        "schedule": task.schedule_id,
        "inspection": inspection.pk,
        "person": teacher.pk,
        "key": key,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint(school_id):
    """Everything a checks route could change in one school, and the global logs' lengths."""

    def rows(qs, *fields):
        return list(qs.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        rows(
            ChecklistTemplate.objects.filter(school_id=school_id),
            "name",
            "area",
            "description",
            "library_key",
            "archived",
        ),
        rows(TemplateVersion.objects.filter(template__school_id=school_id), "number"),
        rows(
            ChecklistItem.objects.filter(version__template__school_id=school_id),
            "version_id",
            "position",
            "text",
            "kind",
            "category",
            "photo_on_fail",
        ),
        rows(
            Schedule.objects.filter(school_id=school_id),
            "template_id",
            "person_id",
            "post_id",
            "recurrence",
            "active",
        ),
        rows(CheckTask.objects.filter(school_id=school_id), "status", "day"),
        rows(Inspection.objects.filter(school_id=school_id), "task_id", "failed_count"),
        rows(InspectionResult.objects.filter(inspection__school_id=school_id), "outcome"),
        rows(Hazard.objects.filter(school_id=school_id), "status"),
        rows(Attachment.objects.filter(org_id=school_id), "size"),
    )


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.cap is not None and route.cap not in caps:
        return 403
    teacher = username.endswith(".teacher")  # the task's person and the inspection's inspector
    if route.doer and not (teacher or Cap.CHECK_MANAGE in caps):
        return 403
    if route.viewer and not (teacher or Cap.CHECK_VIEW in caps):
        return 404
    return route.ok


@pytest.mark.parametrize(("name", "username"), list(cases(ROUTES, ROLE_OF, BUGS)))
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


def test_a_successful_batch_in_the_matrix_did_create_the_check(login, made):
    """The matrix's batch counts as a change only if the check was really saved."""
    ids = made["s01"]
    response = call(login("s01.guard"), API["api_batch"], ids)
    [result] = response.json()["results"]
    assert result["status"] == "created"
    assert Inspection.objects.get(pk=result["inspection_id"]).note == MARK


# Objects of s02 under s01's address: the school is visible, the object is not there.
FOREIGN = {
    "run_task": ("task",),
    "run_task_post": ("task",),
    "detail": ("inspection",),
    "checklist": ("template",),
    "run_template": ("template",),
    "run_template_post": ("template", "items"),
    "checklist_archive": ("template",),
    "item_add": ("template",),
    "item_add_post": ("template",),
    "item_edit": ("item",),
    "item_edit_post": ("item",),
    "item_action": ("item",),
    "schedule_stop": ("schedule",),
    "api_checklist": ("template",),
    "api_inspection": ("inspection",),
}


FOREIGN_BUGS = {}


FOREIGN_PEOPLE = ("s01.officer", "s01.teacher", "bureau.admin")


@pytest.mark.parametrize(("name", "username"), list(cases(FOREIGN, FOREIGN_PEOPLE, FOREIGN_BUGS)))
def test_an_object_of_another_school_is_not_found_under_this_one(name, username, login, made):
    route = ROUTES[name]
    s01, s02 = made["s01"], made["s02"]
    ids = {**s01, **{key: s02[key] for key in FOREIGN[name]}}
    before = fingerprint(s01["school"]), fingerprint(s02["school"])
    response = call(login(username), route, ids)
    assert (fingerprint(s01["school"]), fingerprint(s02["school"])) == before
    # The page's gate comes first: without the capability it is 403 before any lookup.
    want = 404 if route.cap in CAPABILITIES[ROLE_OF[username]] else 403
    assert response.status_code == want


def _api_ids(client, url):
    """Every id of a paginated API list over all its pages, and the count it reports."""
    ids, page = set(), 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        body = response.json()
        ids |= {item["id"] for item in body["items"]}
        if not body["items"] or len(ids) >= body["count"]:
            return ids, body["count"]
        page += 1


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_api_inspection_list_holds_exactly_what_the_person_may_see(username, login, made):
    """A holder of check.view sees every check of the school; anyone else who runs checks sees
    the ones they did; the others are refused."""
    client = login(username)
    user = User.objects.get(username=username)
    caps = CAPABILITIES[ROLE_OF[username]]
    for target in targets(username):
        ids = made[target]
        url = API["api_inspections"].url.format(**ids)
        if not in_scope(username, target):
            assert client.get(url).status_code == 404, target
            continue
        if Cap.CHECK_RUN not in caps:
            assert client.get(url).status_code == 403, target
            continue
        visible = Inspection.objects.filter(school_id=ids["school"])
        if Cap.CHECK_VIEW not in caps:
            visible = visible.filter(inspector=user)
        want = set(visible.values_list("pk", flat=True))
        assert _api_ids(client, url) == (want, len(want)), target
        if username == "s01.teacher":
            assert ids["inspection"] in want


@pytest.mark.parametrize("username", ["s01.headteacher", "s01.guard"])
def test_a_check_given_to_someone_else_is_refused_and_left_undone(username, login, made):
    """The page refuses the run; the task stays to do for the person it is given to."""
    ids = made["s01"]
    before = fingerprint(ids["school"])
    response = call(login(username), PAGES["run_task_post"], ids)
    assert response.status_code == 403
    assert fingerprint(ids["school"]) == before
    assert CheckTask.objects.get(pk=ids["task"]).status == "due"


def test_the_done_check_on_my_today_page_opens(login, person, made):
    """The guard's check, done by the officer, is listed as done on the guard's page; its link
    must open the record."""
    ids = made["s01"]
    guard = person("s01.guard")
    task = CheckTask.objects.get(pk=ids["task"])
    CheckTask.objects.filter(pk=task.pk).update(person=guard)
    response = call(login("s01.officer"), PAGES["run_task_post"], ids)
    assert response.status_code == 302
    done = Inspection.objects.get(task=task)
    link = f"/schools/{ids['school']}/checks/inspections/{done.pk}/"
    client = login("s01.guard")
    assert link in client.get(f"/schools/{ids['school']}/checks/").content.decode()
    assert client.get(link).status_code == 200


# What an allowed POST does --------------------------------------------------------------------


def test_stopping_a_schedule_withdraws_its_checks_not_yet_open(login, made):
    ids = made["s01"]
    schedule = Schedule.objects.get(pk=ids["schedule"])
    tomorrow = CheckTask.objects.create(
        schedule=schedule,
        school_id=ids["school"],
        template_id=ids["template"],
        person_id=ids["person"],
        day=timezone.localdate() + timedelta(days=1),
        due_from=timezone.now() + timedelta(days=1),
        due_by=timezone.now() + timedelta(days=1, hours=1),
    )
    response = call(login("s01.officer"), PAGES["schedule_stop"], ids)
    assert response.status_code == 302
    assert not CheckTask.objects.filter(pk=tomorrow.pk).exists()
    assert CheckTask.objects.get(pk=ids["task"]).status == "due"  # already open: kept


def test_archiving_a_checklist_withdraws_its_checks_not_yet_open(login, made):
    ids = made["s01"]
    template = ChecklistTemplate.objects.get(pk=ids["template"])
    later = CheckTask.objects.filter(template=template, due_from__gt=timezone.now())
    if not later.exists():  # the demo's schedules make tomorrow's checks; make sure of one
        CheckTask.objects.create(
            schedule_id=ids["schedule"],
            school_id=ids["school"],
            template=template,
            person_id=ids["person"],
            day=timezone.localdate() + timedelta(days=1),
            due_from=timezone.now() + timedelta(days=1),
            due_by=timezone.now() + timedelta(days=1, hours=1),
        )
    response = call(login("s01.officer"), PAGES["checklist_archive"], ids)
    assert response.status_code == 302
    assert ChecklistTemplate.objects.get(pk=template.pk).archived
    assert not template.schedules.filter(active=True).exists()
    assert list(later.filter(status="due")) == []


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(
        ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint(ids["school"])
    )
