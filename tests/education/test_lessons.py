"""Safety lessons: recording one (with its checks), each class's cadence against the rule, the
overdue classes the bureau counts, and the term plan's theme days from the rule-set calendar."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core import metrics
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.metrics import Period
from safecampus.core.models import Org
from safecampus.education.models import EducationRules, SafetyLesson, ThemeDay
from safecampus.education.queries.lessons import class_cadence, overdue_counts
from safecampus.education.queries.plan import plan
from safecampus.education.services.lessons import record_lesson
from tests.education.helpers import SCHOOL_DAY, on_day, s01_class, topic  # noqa: F401

pytestmark = pytest.mark.django_db


def _lesson(actor, position=0, **overrides):
    fields = {
        "school_class": s01_class(position),
        "day": SCHOOL_DAY,
        "topic": topic("fire"),
        "teacher": actor,
        "attendance": 8,
    }
    return record_lesson(actor=actor, **(fields | overrides))


def test_a_lesson_is_recorded_with_its_attendance(person):
    lesson = _lesson(person("s01.headteacher"), title="灭火器")
    assert (lesson.attendance, lesson.title, lesson.teacher.username) == (
        8,
        "灭火器",
        "s01.headteacher",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attendance": 9}, "attendance"),  # the class has 8 students
        ({"day": None}, "day"),
        ({"teacher": "s02.principal"}, "teacher"),
    ],
    ids=["more-than-enrolled", "future", "foreign-teacher"],
)
def test_bad_lessons_are_refused_and_nothing_is_saved(person, overrides, field):
    if overrides.get("day", 1) is None:
        overrides["day"] = timezone.localdate() + timedelta(days=1)
    if isinstance(overrides.get("teacher"), str):
        overrides["teacher"] = person(overrides["teacher"])
    before = SafetyLesson.objects.count()
    with pytest.raises(DomainError) as refused:
        _lesson(person("s01.headteacher"), **overrides)
    assert field in refused.value.fields
    assert SafetyLesson.objects.count() == before


def test_only_the_head_teacher_or_a_leader_records_a_class(person):
    with pytest.raises(PermissionRefused):
        _lesson(person("s01.headteacher"), position=1)
    assert _lesson(person("s01.officer"), position=1).recorded_by.username == "s01.officer"


def test_cadence_follows_the_rule_and_the_bureau_counts_overdue_classes(org, person, on_day):  # noqa: F811
    """On 2026-11-30 with the 14-day rule: a class last taught on 11-16 (14 days) is due by
    today, one last taught on 11-13 is overdue, one never taught this term is overdue; with a
    bureau's 21-day rule only the never-taught class is."""
    school = org("s01")
    SafetyLesson.objects.filter(school=school).delete()
    leader = person("s01.principal")
    on_day(date(2026, 11, 30))
    _lesson(leader, 0, day=date(2026, 11, 16))
    _lesson(leader, 1, day=date(2026, 11, 13))
    _lesson(leader, 3, day=date(2026, 11, 27))
    rows = class_cadence(leader, school)
    assert [(r.due_by, r.overdue) for r in rows] == [
        (date(2026, 11, 30), False),
        (date(2026, 11, 27), True),
        (date(2026, 9, 15), True),
        (date(2026, 12, 11), False),
    ]
    schools = Org.objects.filter(pk=school.pk)
    assert overdue_counts(schools) == {school.pk: 2}
    assert metrics.values("education.lessons_overdue", schools, Period.week(date(2026, 11, 30)))
    EducationRules.objects.create(
        org=org("demo-district"),
        name="城南区",
        minutes_daily=1,
        minutes_weekend=5,
        minutes_holiday=30,
        lesson_interval_days=21,
        head_teacher_trainings=2,
        principal_reports=1,
    )
    assert overdue_counts(schools) == {school.pk: 1}


def test_no_class_is_overdue_in_the_holidays(org, on_day):  # noqa: F811
    on_day(date(2027, 1, 28))
    assert overdue_counts(Org.objects.schools()) == {}


def test_the_term_plan_dates_the_theme_days(org):
    found = plan(org("s01"), date(2027, 3, 1))  # the spring term 2027-02-22 – 2027-07-09
    days = {theme.name: (first, last) for first, last, theme in found.themes}
    assert days["全国中小学生安全教育日"] == (date(2027, 3, 29), date(2027, 3, 29))
    assert days["学校安全教育周"] == (date(2027, 3, 22), date(2027, 3, 26))
    assert days["全民国家安全教育日"] == (date(2027, 4, 15), date(2027, 4, 15))
    assert days["防溺水季"] == (date(2027, 5, 1), date(2027, 9, 30))
    assert "全国交通安全日" not in days  # 12-02 falls in the autumn term


def test_a_bureaus_own_theme_day_replaces_the_default(org):
    default = ThemeDay.objects.get(org=None, name="全国消防日")
    ThemeDay.objects.create(
        org=org("demo-district"), name=default.name, rule="date", month=11, day=10
    )
    found = plan(org("s01"), date(2026, 11, 1))
    assert [(f, t.org_id is not None) for f, _l, t in found.themes if t.name == "全国消防日"] == [
        (date(2026, 11, 10), True)
    ]


def test_the_lesson_pages(org, login):
    school = org("s01")
    client = login("s01.headteacher")
    page = client.get(f"/orgs/{school.pk}/education/lessons/").content.decode()
    assert "一年级1班" in page and "二年级1班" not in page
    response = client.post(
        f"/orgs/{school.pk}/education/lessons/new/",
        {
            "school_class": s01_class(0).pk,
            "day": SCHOOL_DAY.isoformat(),
            "topic": topic("drowning").pk,
            "teacher": client.session["_auth_user_id"],
            "attendance": "99",
        },
    )
    assert response.status_code == 400
    assert "名学生中的实到人数" in response.content.decode()
    plan_page = client.get(f"/orgs/{school.pk}/education/plan/").content.decode()
    assert "全国交通安全日" in plan_page and "国务院" in plan_page
