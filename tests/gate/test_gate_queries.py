"""The gate's and the students' lists answer in a fixed number of queries, however much they
show: each page is loaded on the demo data, 30 more rows (each with its own host, student,
class or guardian) are added, and the page is loaded again. Both loads stay within the budget,
the second needs no more queries than the first, and it shows the added rows."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.gate.models import (
    Confiscation,
    DutyLog,
    ExitPermit,
    PickupPerson,
    PickupRecord,
    Visit,
    VisitStatus,
    WatchlistEntry,
)
from safecampus.students.models import Guardian, SchoolClass, Student
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30
SERIAL = itertools.count()


def _people(school, n=MORE):
    return budgets.people(school, n, SERIAL, username="gq", name="甲")


def _students(school, n=MORE):
    """n students, each in a class of its own with its own head teacher and two guardians."""
    heads = _people(school, n)
    made = []
    for i, head in enumerate(heads):
        k = next(SERIAL)
        school_class = SchoolClass.objects.create(
            school=school, grade=1, name=f"0查询{k}", head_teacher=head
        )
        made.append(
            Student(
                school=school,
                school_class=school_class,
                name=f"生{k}",
                student_number=f"Q{k:05d}",
                id_number="11010519491231002X" if i % 2 else "",
            )
        )
    students = Student.objects.bulk_create(made)
    Guardian.objects.bulk_create(
        [
            Guardian(student=s, name=f"护{s.pk}{r}", relation=r, phone="13900000000")
            for s in students
            for r in ("父亲", "母亲")
        ]
    )
    return students


def grow_visits(school):
    now = timezone.now()
    guard = User.objects.get(username=f"{school.code}.guard")
    Visit.objects.bulk_create(
        [
            Visit(
                school=school,
                name=f"新访客{i}",
                purpose="事",
                host=host,
                registered_by=guard,
                status=VisitStatus.ON_CAMPUS,
                checked_in_at=now - timedelta(minutes=i),
                expected_out_at=now - timedelta(minutes=i - 20),
                id_number="11010519491231002X",
                phone="13912345678",
            )
            for i, host in enumerate(_people(school))
        ]
    )
    return "新访客"


def grow_permits(school):
    guard = User.objects.get(username=f"{school.code}.guard")
    ExitPermit.objects.bulk_create(
        [
            ExitPermit(
                school=school,
                student=s,
                reason="新离校",
                leave_from=timezone.now() + timedelta(days=2),
                requested_by=guard,
                approved_by=s.school_class.head_teacher,
            )
            for s in _students(school)
        ]
    )
    return "新离校"


def grow_pickups(school):
    guard = User.objects.get(username=f"{school.code}.guard")
    students = _students(school)
    persons = PickupPerson.objects.bulk_create(
        [
            PickupPerson(
                student=s,
                name=f"接{s.pk}",
                relation="父亲",
                phone="13900000000",
                consent="书面",
                consent_by="父",
                added_by=guard,
            )
            for s in students
        ]
    )
    now = timezone.now() + timedelta(minutes=5)
    PickupRecord.objects.bulk_create(
        [
            PickupRecord(
                school=school,
                student=p.student,
                day=timezone.localdate(),
                outcome="handed_over",
                person=p,
                recorded_by=guard,
                at=now,
            )
            for p in persons
        ]
    )
    return "接"


def grow_confiscations(school):
    Confiscation.objects.bulk_create(
        [
            Confiscation(
                school=school,
                kind="lighter",
                item="新打火机",
                student=s,
                place="门口",
                found_at=timezone.now(),
                found_by=s.school_class.head_teacher,
                handling="kept",
            )
            for s in _students(school)
        ]
    )
    return "新打火机"


def grow_duty(school):
    today = timezone.localdate()
    DutyLog.objects.bulk_create(
        [
            DutyLog(
                school=school,
                day=today + timedelta(days=i + 1),
                session="arrival",
                guards=2,
                recorded_by=person,
            )
            for i, person in enumerate(_people(school))
        ]
    )
    return (today + timedelta(days=MORE)).isoformat()  # the newest: first on the page


def grow_watchlist(school):
    WatchlistEntry.objects.bulk_create(
        [
            WatchlistEntry(org=school, name=f"新名单{i}", phone="1", reason="r", listed_by=p)
            for i, p in enumerate(_people(school))
        ]
    )
    return "新名单"


def grow_students(school):
    _students(school)
    return "0查询"


def grow_not_picked_up(school):
    _students(school)
    return "生"


def grow_schools(school):
    """Thirty visits in another school of the district: the counts page still groups."""
    other = Org.objects.get(code="s05")
    grow_visits(other)
    return "西湖镇中心小学"


S, G = "/schools/{school}/", "/schools/{school}/gate/"
# name: (username, school code, url, grow, budget)
CASES = {
    "desk": ("s01.guard", "s01", G, grow_visits, 20),
    "visit_log": ("s01.guard", "s01", G + "visits/?page=1", grow_visits, 20),
    "exit_history": ("s01.guard", "s01", G + "exits/history/", grow_permits, 20),
    "pickup_log": ("s03.guard", "s03", G + "pickups/log/", grow_pickups, 20),
    "pickups": ("s03.guard", "s03", G + "pickups/", grow_not_picked_up, 22),
    "confiscations": ("s01.guard", "s01", G + "confiscations/", grow_confiscations, 20),
    "duty": ("s01.officer", "s01", G + "duty/", grow_duty, 20),
    "watchlist": ("s01.officer", "s01", "/orgs/{school}/watchlist/", grow_watchlist, 20),
    "students": ("s01.officer", "s01", S + "students/", grow_students, 20),
    "classes": ("s01.officer", "s01", S + "classes/", grow_students, 20),
    "api_visits": ("s01.guard", "s01", "/api/v1/schools/{school}/visits", grow_visits, 12),
}


@pytest.mark.parametrize("name", CASES)
def test_list_queries_are_bounded(name, login, org):
    username, code, url, grow, budget = CASES[name]
    school = org(code)
    url = url.format(school=school.pk)
    loads = budgets.grow_between_loads(login(username), url, lambda: grow(school))
    budgets.assert_shows(loads, loads.grown)  # grow() returns what the added rows show
    budgets.assert_bounded(loads, budget, name)


def test_bureau_overview_queries_grow_only_with_schools(login, org):
    """Counts are grouped; coverage reads the calendar per school (two queries each)."""
    client = login("bureau.admin")
    url = f"/orgs/{org('demo-district').pk}/gate/"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    grow_schools(org("s01"))
    grow_duty(org("s02"))
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first) <= 40
