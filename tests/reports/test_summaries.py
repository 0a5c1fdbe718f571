"""Safety summaries: the document's figures equal the records' (a school built by hand and an
empty one), the worker's life of a summary, who may see which, and bad input refused."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document

from safecampus.core.metrics import Period
from safecampus.core.models import AuditEvent, Notification, Org, OrgKind, User
from safecampus.core.roles import Role
from safecampus.core.services import orgs
from safecampus.emergencies.models import Drill, DrillStatus, EmergencyKind
from safecampus.hazards.models import Hazard, Status
from safecampus.hazards.services import report_hazard
from safecampus.reports import services
from safecampus.reports.models import Summary, SummaryStatus
from safecampus.reports.workflow import SUMMARY
from tests.helpers import make_user
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """城北区 with a school with records (n01) and an empty one (n02), and their officers."""
    city = Org.objects.get(code="demo-city")
    north = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    for code, name in (("n01", "城北小学"), ("n02", "城北幼儿园")):
        school = orgs.create_org(
            actor=None, parent=north, kind=OrgKind.SCHOOL, name=name, code=code
        )
        make_user(f"{code}.officer", f"{name}安全员", school, Role.SAFETY_OFFICER)
    make_user("north.admin", "城北区管理员", north, Role.BUREAU_ADMIN)
    return north


def _written(actor, org, start, end, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.request_summary(actor=actor, org=org, title="总结", start=start, end=end)
    summary.refresh_from_db()
    return summary


def _document(summary):
    with summary.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def _figures(doc):
    """Every two-column figure table of the document: {label: value}."""
    found = {}
    for table in doc.tables:
        if len(table.columns) == 2:
            for row in table.rows[1:]:
                found[row.cells[0].text] = row.cells[1].text
    return found


def _hand_built(school):
    """Five hazards: three found this month (one closed), two found last year; one drill."""
    now = timezone.now()
    made = [
        report_hazard(actor=None, school=school, place=f"{n}号楼", category="fire",
                      description="灭火器过期")
        for n in range(5)
    ]  # fmt: skip
    Hazard.objects.filter(pk=made[0].pk).update(status=Status.CLOSED, closed_at=now)
    Hazard.objects.filter(pk__in=[made[3].pk, made[4].pk]).update(
        reported_at=now - timedelta(days=400)
    )
    Drill.objects.create(
        school=school,
        kind=EmergencyKind.FIRE,
        planned_on=timezone.localdate(),
        scenario="火灾疏散",
        status=DrillStatus.DONE,
        alarm_at=now - timedelta(minutes=10),
        evacuated_at=now - timedelta(minutes=7, seconds=30),
        created_by=User.objects.get(username="n01.officer"),
    )


def test_a_school_summary_states_its_records(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    _hand_built(school)
    today = timezone.localdate()
    period = Period.month(today)
    summary = _written(
        User.objects.get(username="n01.officer"),
        school,
        period.start,
        today,
        django_capture_on_commit_callbacks,
    )
    assert summary.status == SummaryStatus.DONE
    doc = _document(summary)
    figures = _figures(doc)
    start, end = Period(period.start, today).bounds
    found = Hazard.objects.filter(school=school, reported_at__gte=start, reported_at__lt=end)
    assert figures["发现隐患"] == str(found.count()) == "3"
    assert figures["销号隐患"] == "1"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "城北小学" in text
    # The chapters schools write under, each leaving room for the officer's words.
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[0].startswith("1. ") and len(headings) == 9
    # The drill's evacuation time, from its detail table.
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "2:30" in cells


def test_an_empty_school_states_zero_and_no_rate(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n02")
    today = timezone.localdate()
    summary = _written(
        User.objects.get(username="n02.officer"),
        school,
        today.replace(day=1),
        today,
        django_capture_on_commit_callbacks,
    )
    figures = _figures(_document(summary))
    assert figures["发现隐患"] == "0"
    assert figures["本期发现并已销号"] == "—"


def test_a_district_summary_totals_its_schools(district, django_capture_on_commit_callbacks):
    _hand_built(Org.objects.get(code="n01"))
    today = timezone.localdate()
    summary = _written(
        User.objects.get(username="north.admin"),
        district,
        today.replace(day=1),
        today,
        django_capture_on_commit_callbacks,
    )
    doc = _document(summary)
    assert _figures(doc)["发现隐患"] == "3"
    annex = doc.tables[-1]
    assert [row.cells[0].text for row in annex.rows[1:]] == ["城北小学", "城北幼儿园"]


def test_the_asker_is_told_and_the_request_audited(district, django_capture_on_commit_callbacks):
    officer = User.objects.get(username="n01.officer")
    today = timezone.localdate()
    summary = _written(
        officer, Org.objects.get(code="n01"), today, today, django_capture_on_commit_callbacks
    )
    note = Notification.objects.get(user=officer, kind="summary")
    assert "总结" in note.title and note.url == summary.get_absolute_url()
    assert AuditEvent.objects.filter(action="summary.request", object_id=str(summary.pk)).exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 1), date(2026, 2, 1)),  # ends before it starts
        (date(2022, 1, 1), date(2026, 1, 1)),  # longer than two years
    ],
)
def test_a_bad_period_is_refused_and_nothing_saved(start, end, login):
    school = Org.objects.get(code="s01")
    before = Summary.objects.count()
    response = login("s01.officer").post(
        f"/orgs/{school.pk}/summaries/",
        {"period": "dates", "start": start, "end": end, "title": "总结"},
    )
    assert response.status_code == 400
    assert Summary.objects.count() == before
    page = response.content.decode()
    assert "总结" in page  # what was typed is still there
    assert "两年" in page or "早" in page


def test_the_api_refuses_a_bad_period(login):
    school = Org.objects.get(code="s01")
    before = Summary.objects.count()
    response = login("s01.officer").post(
        f"/api/v1/orgs/{school.pk}/summaries",
        {"title": "总结", "start": "2026-03-01", "end": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Summary.objects.count() == before


def test_another_school_cannot_see_or_download(login, django_capture_on_commit_callbacks):
    s01 = Org.objects.get(code="s01")
    today = timezone.localdate()
    summary = _written(
        User.objects.get(username="s01.officer"), s01, today, today,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    other = login("s02.officer")
    assert other.get(f"/orgs/{s01.pk}/summaries/").status_code == 404
    assert other.get(f"/orgs/{s01.pk}/summaries/{summary.pk}/file.docx").status_code == 404
    assert other.get(f"/api/v1/summaries/{summary.pk}/file").status_code == 404
    # The bureau above sees the school's summary; a teacher of the school may not.
    assert login("bureau.admin").get(f"/orgs/{s01.pk}/summaries/").status_code == 200
    assert login("s01.teacher").get(f"/orgs/{s01.pk}/summaries/").status_code == 403


def test_the_page_lists_a_written_summary_with_its_download(
    login, django_capture_on_commit_callbacks
):
    s01 = Org.objects.get(code="s01")
    today = timezone.localdate()
    summary = _written(
        User.objects.get(username="s01.officer"), s01, today, today,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    client = login("s01.principal")
    page = client.get(f"/orgs/{s01.pk}/summaries/").content.decode()
    url = f"/orgs/{s01.pk}/summaries/{summary.pk}/file.docx"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs


def _trace(summary):
    return (
        list(Summary.objects.filter(pk=summary.pk).values_list("status", "progress", "error")),
        AuditEvent.objects.count(),
    )


@every_move(SUMMARY)
def test_summary_moves_follow_the_table(state, action):
    officer = User.objects.get(username="s01.officer")

    def make(status):
        summary = Summary.objects.create(
            org=Org.objects.get(code="s01"),
            title="总结",
            start=date(2026, 3, 1),
            end=date(2026, 7, 3),
            requested_by=officer,
            status=status,
        )
        return summary

    def act(summary, act):
        if act == "retry":
            return services.retry_summary(actor=officer, summary=summary)
        return services.move(summary.pk, act)

    check_move(SUMMARY, state, action, make=make, act=act, trace=_trace)


def test_the_education_chapter_states_the_lessons_held(
    district, django_capture_on_commit_callbacks
):
    from safecampus.education.models import SafetyLesson, Topic
    from safecampus.students.models import SchoolClass

    school = Org.objects.get(code="n01")
    officer = User.objects.get(username="n01.officer")
    today = timezone.localdate()
    topic = Topic.objects.filter(org=None).order_by("position", "pk").first()
    for grade in (1, 2):
        school_class = SchoolClass.objects.create(school=school, grade=grade, name="一班")
        SafetyLesson.objects.create(
            school=school, school_class=school_class, day=today, topic=topic, teacher=officer,
            attendance=30 + grade, recorded_by=officer, recorded_at=timezone.now(),
        )  # fmt: skip
    summary = _written(
        officer, school, today.replace(day=1), today, django_capture_on_commit_callbacks
    )
    doc = _document(summary)
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "专题"]
    assert [c.text for c in table.rows[1].cells] == [topic.name, "2", "2", "63"]
    # The empty school's chapter says so rather than leaving a bare table.
    empty = _written(
        User.objects.get(username="n02.officer"),
        Org.objects.get(code="n02"),
        today.replace(day=1),
        today,
        django_capture_on_commit_callbacks,
    )
    assert not [t for t in _document(empty).tables if t.rows[0].cells[0].text == "专题"]
