"""The ledger pack's alarm record and safety-education record (registered by emergencies and
education through core.ledgers): each sheet's lines equal the database's for a school built by
hand (alarms inside and outside the period with their 1-3-5 outcomes; two classes with 1530
entries and safety lessons), for an empty school and for the demo school."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.models import Org, Term, User
from safecampus.core.queries import SchoolCalendar
from safecampus.education.models import Reminder1530, SafetyLesson, Slot, Topic
from safecampus.emergencies.models import Alarm, AlarmStatus
from safecampus.reports import services
from safecampus.reports.models import SummaryStatus
from safecampus.students.models import SchoolClass
from tests.reports.test_ledger_pack import district  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

ALARMS, EDUCATION = "一键报警记录", "安全教育记录"


def _pack(username, school, start, end, capture):
    with capture(execute=True):
        pack = services.request_summary(
            actor=User.objects.get(username=username), org=school, title="台账汇编",
            start=start, end=end, kind="ledgers",
        )  # fmt: skip
    pack.refresh_from_db()
    assert pack.status == SummaryStatus.DONE, pack.error
    with pack.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()), read_only=True)


def _rows(book, sheet):
    """The sheet's data lines, each as wide as its header (a read-only sheet drops the empty
    cells at a line's end)."""
    ws = book[sheet]
    width = len(next(ws.iter_rows(max_row=1, values_only=True)))
    return [
        [*row, *([None] * (width - len(row)))] for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def _alarms(school, start, end):
    """One in time at every stage, one whose mutual rescue came late and reinforcement never
    (closed after 10 minutes), one false alarm, and one raised the day before the period."""
    officer = User.objects.get(username=f"{school.code}.officer")
    noon = timezone.make_aware(datetime.combine(start + timedelta(days=2), time(12)))
    minutes = lambda n: timedelta(minutes=n)  # noqa: E731
    Alarm.objects.create(
        school=school, kind="fire", place="食堂", raised_by=officer, raised_at=noon,
        status=AlarmStatus.RESOLVED, self_rescue_at=noon + minutes(0.5),
        mutual_rescue_at=noon + minutes(2), reinforcement_at=noon + minutes(4),
        closed_at=noon + minutes(20), close_note="已扑灭",
    )  # fmt: skip
    late = noon + timedelta(days=1)
    Alarm.objects.create(
        school=school, kind="fire", place="宿舍", raised_by=officer, raised_at=late,
        status=AlarmStatus.RESOLVED, self_rescue_at=late + minutes(0.8),
        mutual_rescue_at=late + minutes(4), closed_at=late + minutes(10),
    )  # fmt: skip
    Alarm.objects.create(
        school=school, kind="fire", place="操场", raised_by=officer,
        raised_at=late + timedelta(hours=1), status=AlarmStatus.CANCELLED,
        closed_at=late + timedelta(hours=1, minutes=1),
    )  # fmt: skip
    before = timezone.make_aware(datetime.combine(start - timedelta(days=1), time(9)))
    Alarm.objects.create(
        school=school, kind="fire", place="门口", raised_by=officer, raised_at=before,
        status=AlarmStatus.RESOLVED, closed_at=before + minutes(1),
    )  # fmt: skip


def _education(school, start, end):
    """Two classes: 一年级1班 with three 1530 entries on school days and two lessons (one of
    them before the period), 一年级2班 with one entry and no lesson."""
    teacher = User.objects.get(username=f"{school.code}.teacher")
    one = SchoolClass.objects.create(school=school, grade=1, name="一年级1班", head_teacher=teacher)
    two = SchoolClass.objects.create(school=school, grade=1, name="一年级2班")
    # The district's term holds the period: its weekdays are school days.
    Term.objects.create(
        org=school.parent,
        name="本学期",
        start=start - timedelta(days=30),
        end=end + timedelta(days=30),
    )
    calendar = SchoolCalendar(school, start, end)
    yesterday = timezone.localdate() - timedelta(days=1)
    days = [
        start + timedelta(days=n)
        for n in range((yesterday - start).days + 1)
        if calendar.is_school_day(start + timedelta(days=n))
    ]
    assert len(days) >= 3, "the period needs school days"
    topic = Topic.objects.first()
    for school_class, when in ((one, days[-1]), (one, days[-2]), (one, days[-3]), (two, days[-1])):
        Reminder1530.objects.create(
            school=school, school_class=school_class, day=when, slot=Slot.choices[0][0],
            minutes=1, topic=topic, recorded_by=teacher,
        )  # fmt: skip
    for when, present in ((days[-2], 40), (days[0], 38), (start - timedelta(days=5), 41)):
        SafetyLesson.objects.create(
            school=school, school_class=one, day=when, topic=topic, teacher=teacher,
            attendance=present, recorded_by=teacher,
        )  # fmt: skip
    return one, two, days


def test_the_alarm_and_education_sheets_hold_the_periods_rows(
    district,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    school = Org.objects.get(code="n01")
    end = timezone.localdate()
    start = end - timedelta(days=30)
    _alarms(school, start, end)
    one, two, days = _education(school, start, end)
    book = _pack("n01.officer", school, start, end, django_capture_on_commit_callbacks)

    alarms = _rows(book, ALARMS)
    since = timezone.make_aware(datetime.combine(start, time.min))
    assert len(alarms) == Alarm.objects.filter(school=school, raised_at__gte=since).count() == 3
    by_place = {row[2]: row for row in alarms}
    assert set(by_place) == {"食堂", "宿舍", "操场"}
    # Self-rescue, mutual rescue, reinforcement: (reached, outcome) each.
    assert by_place["食堂"][5::2][:3] == ["达标", "达标", "达标"]
    assert by_place["宿舍"][5::2][:3] == ["达标", "超时", "超时"]
    assert by_place["宿舍"][8] is None  # never reached
    assert by_place["操场"][5::2][:3] == ["—", "—", "—"]  # a false alarm judges nothing
    assert by_place["食堂"][11] == "已扑灭"

    education = {row[0]: row for row in _rows(book, EDUCATION)}
    assert set(education) == {"一年级1班", "一年级2班"}
    due = education["一年级1班"][2]
    assert due == education["一年级2班"][2] >= len(days)
    for school_class, row in ((one, education["一年级1班"]), (two, education["一年级2班"])):
        recorded = Reminder1530.objects.filter(school_class=school_class).count()
        lessons = SafetyLesson.objects.filter(school_class=school_class, day__gte=start)
        assert row[3] == recorded
        assert row[5] == due - recorded  # days missing
        assert row[4] == round(100 * recorded / due, 1)
        assert row[6] == lessons.count()
        assert row[7] == sum(lesson.attendance for lesson in lessons)
    assert education["一年级1班"][1] == str(one.head_teacher)
    assert education["一年级1班"][6] == 2 and education["一年级1班"][7] == 78
    assert education["一年级1班"][8].date() == days[-2]
    assert education["一年级2班"][6] == 0 and education["一年级2班"][8] is None


def test_an_empty_school_has_the_sheets_with_no_rows(
    district,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    school = Org.objects.get(code="n02")
    end = timezone.localdate()
    book = _pack("n02.officer", school, end - timedelta(days=30), end,
                 django_capture_on_commit_callbacks)  # fmt: skip
    assert _rows(book, ALARMS) == [] and _rows(book, EDUCATION) == []


def test_the_demo_schools_sheets_equal_its_records(django_capture_on_commit_callbacks):
    school = Org.objects.get(code="s01")
    end = timezone.localdate()
    start = end - timedelta(days=180)
    book = _pack("s01.officer", school, start, end, django_capture_on_commit_callbacks)
    since = timezone.make_aware(datetime.combine(start, time.min))
    alarms = Alarm.objects.filter(school=school, raised_at__gte=since)
    assert len(_rows(book, ALARMS)) == alarms.count() > 0
    education = _rows(book, EDUCATION)
    assert len(education) == SchoolClass.objects.filter(school=school).count() > 0
    yesterday = end - timedelta(days=1)
    recorded = Reminder1530.objects.filter(school=school, day__range=(start, yesterday))
    assert sum(row[3] for row in education) <= recorded.count()
    assert sum(row[3] for row in education) > 0
    lessons = SafetyLesson.objects.filter(school=school, day__range=(start, end))
    assert sum(row[6] for row in education) == lessons.count()
