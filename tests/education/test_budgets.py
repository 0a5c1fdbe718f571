"""The education lists cost a fixed number of queries however many rows they show
(tests/budgets.py): the school's 1530 page with more classes, the lessons and trainings with
more rows, the bureau's table and its API list with more schools."""

from datetime import date
from itertools import count

import pytest

from safecampus.core.models import OrgKind, User
from safecampus.core.services import orgs
from safecampus.education.models import SafetyLesson, Topic, Training, TrainingAttendee
from safecampus.students.models import SchoolClass
from tests import budgets

pytestmark = pytest.mark.django_db
SERIAL = count(1)


def more_classes(school):
    made = []
    for _i in range(4):
        k = next(SERIAL)
        made.append(SchoolClass.objects.create(school=school, grade=5, name=f"预算{k}班").name)
    return made


def more_schools(district):
    made = []
    for _i in range(3):
        k = next(SERIAL)
        school = orgs.create_org(
            actor=None,
            parent=district,
            kind=OrgKind.SCHOOL,
            name=f"预算学校{k}",
            code=f"budget-edu-{k}",
        )
        SchoolClass.objects.create(school=school, grade=1, name="一年级1班")
        made.append(school.name)
    return made


def test_the_school_page(login, org):
    school = org("s01")
    url = f"/orgs/{school.pk}/education/?month=2026-11"
    loads = budgets.grow_between_loads(login("s01.principal"), url, lambda: more_classes(school))
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 30, "school page")


@pytest.mark.parametrize(
    "url",
    ["/orgs/{d}/education/schools/?month=2026-11", "/api/v1/orgs/{d}/education/schools"],
    ids=["page", "api"],
)
def test_the_bureau_lists(login, org, url):
    district = org("demo-district")
    loads = budgets.grow_between_loads(
        login("bureau.admin"), url.format(d=district.pk), lambda: more_schools(district)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 30, url)


def more_lessons(school):
    teacher = User.objects.get(username="s01.teacher")
    made = []
    for school_class in SchoolClass.objects.filter(school=school)[:4]:
        k = next(SERIAL)
        SafetyLesson.objects.create(
            school=school,
            school_class=school_class,
            day=date(2026, 11, 30),
            topic=Topic.objects.get(org=None, code="fraud"),
            title=f"预算课{k}",
            teacher=teacher,
            attendance=5,
            recorded_by=teacher,
        )
        made.append(f"预算课{k}")
    return made


def more_trainings(school):
    officer = User.objects.get(username="s01.officer")
    made = []
    for _i in range(4):
        k = next(SERIAL)
        training = Training.objects.create(
            school=school,
            kind="training",
            audience="staff",
            title=f"预算培训{k}",
            day=date(2026, 11, 30),
            hours=1,
            speaker=officer,
            attendance=1,
            recorded_by=officer,
        )
        TrainingAttendee.objects.create(training=training, person=officer)
        made.append(f"预算培训{k}")
    return made


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/orgs/{s}/education/lessons/", more_lessons),
        ("/api/v1/orgs/{s}/education/lessons", more_lessons),
        ("/orgs/{s}/education/trainings/", more_trainings),
        ("/api/v1/orgs/{s}/education/trainings", more_trainings),
    ],
    ids=["lessons", "api-lessons", "trainings", "api-trainings"],
)
def test_the_school_lists(login, org, url, grow):
    school = org("s01")
    loads = budgets.grow_between_loads(
        login("s01.principal"), url.format(s=school.pk), lambda: grow(school)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 30, url)
