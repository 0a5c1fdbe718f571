"""The scope matrix of safety education (the 1530 log, lessons, the plan, trainings): every
route, as every demo role, on s01 (the school users' own), s02 (its sibling, the bureau's only)
and a school in another district (bureau people only). Out of scope is 404, without the
capability 403. A head teacher's record book is their own class's: another class is a 404 for
them, and recording for it is refused."""

import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from safecampus.core.models import AuditEvent, Org, OrgKind, ResponsibilityLetter, User
from safecampus.core.queries import school_people_choices
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.education.api.concerns import router as concerns_router
from safecampus.education.api.lessons import router as lessons_router
from safecampus.education.api.log import router as log_router
from safecampus.education.api.notices import router as notices_router
from safecampus.education.api.trainings import router as trainings_router
from safecampus.education.models import (
    Concern,
    Reminder1530,
    SafetyLesson,
    ThemeDay,
    Topic,
    Training,
)
from safecampus.education.urls import urlpatterns
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass, Student
from safecampus.students.phone_login import open_account
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

DAY = date(2026, 11, 18)
# s01.teacher heads the school's second class, not the first one the routes name.
NOT_HEAD = "s01.teacher"


@dataclass(frozen=True)
class Route:
    url: str
    cap: str
    method: str = "get"
    ok: int = 200
    data: object = ()
    level: str = "school"
    other_class: int | None = None  # the answer for a teacher who does not head the class
    json: bool = False
    head_only: bool = False  # a guardian's concern: the class's head teacher or a leader only


V, R, M = Cap.EDUCATION_VIEW, Cap.EDUCATION_RECORD, Cap.EDUCATION_MANAGE


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    if route.cap not in CAPABILITIES[ROLE_OF[username]]:
        return 403
    if route.other_class is not None and username == NOT_HEAD:
        return route.other_class
    if route.head_only and M not in CAPABILITIES[ROLE_OF[username]]:
        return route.ok if username == "s01.headteacher" and target == "s01" else 404
    return route.ok


S = "/orgs/{school}/education/"
FORM = {"school_class": Id("class"), "day": DAY.isoformat(), "topic": Id("topic")}
LESSON = {
    "school_class": Id("class"),
    "day": DAY.isoformat(),
    "topic": Id("topic"),
    "teacher": Id("teacher"),
    "attendance": "5",
}
LESSON_BODY = {
    "class_id": Id("class"),
    "day": DAY.isoformat(),
    "topic_id": Id("topic"),
    "teacher_id": Id("teacher"),
    "attendance": 5,
}
TRAINING = {
    "kind": "lecture",
    "audience": "students",
    "title": "矩阵讲座",
    "day": DAY.isoformat(),
    "hours": "1",
    "speaker_name": "民警",
    "attendance": "30",
}
TRAINING_BODY = {**TRAINING, "hours": 1, "attendance": 30}
NOTICE = {
    "target": "school",
    "title": "矩阵告家长书",
    "body": "矩阵",
    "term_start": "2026-12-01",
    "term_end": "2026-12-31",
}
TEMPLATE = "/orgs/{district}/education/notice-templates/holiday/"
CATALOGUE = "/orgs/{district}/education/catalogue/"
PAGES = {
    "school": Route(S, V),
    "record_page": Route(S + "1530/", R),
    "record": Route(S + "1530/", R, "post", 302, FORM, other_class=400),
    "class_log": Route(S + "classes/{class}/1530/?month=2026-11", V, other_class=404),
    "bureau": Route("/orgs/{district}/education/schools/", V, level="district"),
    "bureau_xlsx": Route(
        "/orgs/{district}/education/schools.xlsx?month=2026-11", V, level="district"
    ),
    "lessons": Route(S + "lessons/", V),
    "lesson_new_page": Route(S + "lessons/new/", R),
    "lesson_new": Route(S + "lessons/new/", R, "post", 302, LESSON, other_class=400),
    "plan": Route(S + "plan/", V),
    "trainings": Route(S + "trainings/", V),
    "training_new_page": Route(S + "trainings/new/", M),
    "training_new": Route(S + "trainings/new/", M, "post", 302, TRAINING),
    "training": Route(S + "trainings/{training}/", V),
    "guardian_letters": Route(S + "guardians/", Cap.LETTER_VIEW),
    "notice_new_page": Route(S + "guardians/new/?template=holiday", Cap.LETTER_MANAGE),
    "notice_new": Route(S + "guardians/new/", Cap.LETTER_MANAGE, "post", 302, NOTICE),
    "notice": Route(S + "guardians/{letter}/", Cap.LETTER_VIEW),
    "bureau_notices": Route(
        "/orgs/{district}/education/notices/?month=2026-11", V, level="district"
    ),
    "notice_templates": Route(
        "/orgs/{district}/education/notice-templates/", Cap.EDUCATION_RULES, level="district"
    ),
    "notice_template": Route(TEMPLATE, Cap.EDUCATION_RULES, level="district"),
    "notice_template_save": Route(
        TEMPLATE,
        Cap.EDUCATION_RULES,
        "post",
        302,
        {"title": "矩阵告家长书", "body": "矩阵"},
        level="district",
    ),
    "catalogue": Route(CATALOGUE, Cap.EDUCATION_RULES, level="district"),
    "topic": Route(CATALOGUE + "topics/fire/", Cap.EDUCATION_RULES, level="district"),
    "topic_new": Route(
        CATALOGUE + "topics/new/",
        Cap.EDUCATION_RULES,
        "post",
        302,
        {"code": "matrix", "name": "矩阵专题"},
        level="district",
    ),
    "theme_new": Route(CATALOGUE + "themes/new/", Cap.EDUCATION_RULES, level="district"),
    "theme": Route(CATALOGUE + "themes/{theme}/", Cap.EDUCATION_RULES, level="district"),
    "concerns": Route(S + "concerns/", R),
    "concern": Route(S + "concerns/{concern}/", R, head_only=True),
    "concern_answer": Route(
        S + "concerns/{concern}/", R, "post", 302, {"text": "已了解，明天面谈"}, head_only=True
    ),
    "concern_close": Route(S + "concerns/{concern}/close/", R, "post", 302, {}, head_only=True),
}
A = "/api/v1/orgs/{school}/education/"
BODY = {
    "class_id": Id("class"),
    "day": DAY.isoformat(),
    "topic_id": Id("topic"),
    "client_uuid": Fresh(lambda: str(uuid.uuid4())),
}
API = {
    "api_topics": Route(A + "topics", V),
    "api_today": Route(A + "1530/today", V),
    "api_classes": Route(A + "1530/classes?month=2026-11", V),
    "api_record": Route(A + "1530", R, "post", 201, BODY, other_class=403, json=True),
    "api_schools": Route("/api/v1/orgs/{district}/education/schools", V, level="district"),
    "api_lessons": Route(A + "lessons", V),
    "api_lesson": Route(
        A + "lessons",
        R,
        "post",
        201,
        {**LESSON_BODY, "client_uuid": Fresh(lambda: str(uuid.uuid4()))},
        other_class=403,
        json=True,
    ),
    "api_cadence": Route(A + "lessons/cadence", V),
    "api_plan": Route(A + "plan", V),
    "api_trainings": Route(A + "trainings", V),
    "api_concerns": Route(A + "concerns", R),
    "api_concern_answer": Route(
        A + "concerns/{concern}/answer",
        R,
        "post",
        200,
        {"text": "已了解"},
        head_only=True,
        json=True,
    ),
    "api_concern_close": Route(
        A + "concerns/{concern}/close", R, "post", 200, {}, head_only=True, json=True
    ),
    "api_training": Route(A + "trainings", M, "post", 201, TRAINING_BODY, json=True),
    "api_quotas": Route(A + "trainings/quotas", V),
    "api_notice_templates": Route(A + "notice-templates", V),
    "api_notices": Route(A + "notices", Cap.LETTER_VIEW),
    "api_notice": Route(
        A + "notices",
        Cap.LETTER_MANAGE,
        "post",
        201,
        {"template": "holiday", "term_start": "2026-12-01", "term_end": "2026-12-31"},
        json=True,
    ),
    "api_notice_schools": Route(
        "/api/v1/orgs/{district}/education/notices/schools", V, level="district"
    ),
}
ROUTES = {**PAGES, **API}
IDS = {
    "school": 7,
    "district": 7,
    "class": 7,
    "topic": 7,
    "teacher": 7,
    "training": 7,
    "letter": 7,
    "theme": 7,
    "concern": 7,
}


def test_every_page_is_in_the_matrix():
    # The programme's page is tried in test_rules.py; a guardian's concern pages in
    # test_concerns.py (as the child's guardian, another child's and staff).
    family = {"family_concerns", "family_concern_close"}
    assert page_names(PAGES.values(), IDS) | {"rules"} | family == {p.name for p in urlpatterns}


def test_every_api_route_is_in_the_matrix():
    served = set()
    routers = (log_router, lessons_router, trainings_router, notices_router, concerns_router)
    for router in routers:
        served |= api_operations(router)
    assert api_tried(API.values(), IDS) == served


@pytest.fixture(scope="module")
def outside():
    return outside_school()


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    first = SchoolClass.objects.filter(school=school).order_by("grade", "name", "pk").first()
    if first is None:
        first = SchoolClass.objects.create(school=school, grade=1, name="一年级1班")
    Reminder1530.objects.filter(school_class=first, day=DAY).delete()
    teacher = school_people_choices(school).first()
    training = Training.objects.create(
        school=school,
        kind="lecture",
        audience="students",
        title="矩阵",
        day=DAY,
        hours=1,
        speaker_name="民警",
        attendance=1,
        recorded_by=teacher or User.objects.first(),
    )
    return {
        "concern": _concern(school, first).pk,
        "letter": _notice(school, first, teacher or User.objects.first()).pk,
        "theme": ThemeDay.objects.get(org=None, name="全民国家安全教育日").pk,
        "training": training.pk,
        "teacher": teacher.pk if teacher else 1,
        "school": school.pk,
        "district": district.pk,
        "class": first.pk,
        "topic": Topic.objects.get(org=None, code="fire").pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def _notice(school, school_class, sender):
    """A letter to one guardian of the school (a student and guardian made where none is)."""
    guardian = Guardian.objects.filter(student__school=school, student__is_active=True).first()
    if guardian is None:
        student = Student.objects.create(
            school=school, school_class=school_class, name="矩阵", student_number="m1"
        )
        guardian = Guardian.objects.create(
            student=student, name="矩阵家长", relation="母亲", phone="13900000000"
        )
    letter = ResponsibilityLetter.objects.create(
        school=school,
        title="矩阵告家长书",
        body="矩阵",
        term_start=DAY,
        term_end=DAY,
        issued_by=sender,
    )
    GuardianLetter.objects.create(
        letter=letter, guardian=guardian, token=str(uuid.uuid4()), sent_by=sender
    )
    return letter


def _concern(school, school_class):
    """A guardian's concern about a student of the first class (made where none is)."""
    student = Student.objects.filter(school_class=school_class, is_active=True).first()
    if student is None:
        student = Student.objects.create(
            school=school, school_class=school_class, name="矩阵学生", student_number="m2"
        )
    guardian = student.guardians.exclude(phone="").first() or Guardian.objects.create(
        student=student, name="矩阵家长", relation="父亲", phone="13900000007"
    )
    return Concern.objects.create(
        school=school,
        student=student,
        account=open_account(guardian.phone, guardian.name),
        raised_by=guardian.name,
        text="矩阵关切",
    )


def _fingerprint(ids):
    return (
        list(Concern.objects.filter(pk=ids["concern"]).values_list("status", "answer")),
        ResponsibilityLetter.objects.filter(school_id=ids["school"]).count(),
        AuditEvent.objects.filter(
            org_id=ids["district"], action__in=["education.notice_template", "education.topic"]
        ).count(),
        Reminder1530.objects.filter(school_class_id=ids["class"], day=DAY).count(),
        SafetyLesson.objects.filter(school_class_id=ids["class"]).count(),
        Training.objects.filter(school_id=ids["school"]).count(),
    )


def _cases():
    for name in ROUTES:
        for username in ROLE_OF:
            yield pytest.param(name, username, id=f"{name}-{username}")


@pytest.mark.parametrize(("name", "username"), list(_cases()))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=_fingerprint,
    )
    assert (got, wrong) == (want, [])
