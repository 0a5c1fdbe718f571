"""The risk assessment report on its schedule (ReportSchedule): the nightly task asks, as the
system, for the report of the period just ended of every school and bureau whose rule says so,
each exactly once however often it runs; the file arrives in the inbox of the org's own
readers; the summaries page states the rule and its source."""

from datetime import date, time

import pytest
from django.utils import timezone

from safecampus.core import schedule
from safecampus.core.models import AuditEvent, Notification, Org, User
from safecampus.reports import tasks
from safecampus.reports.models import ReportSchedule, Summary, SummaryStatus
from safecampus.reports.services.schedule import last_period, write_scheduled
from tests.reports.test_risk_report import _hand_built, district  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("every", "today", "start", "end"),
    [
        (6, date(2026, 12, 2), date(2026, 1, 1), date(2026, 6, 30)),
        (6, date(2026, 7, 1), date(2026, 1, 1), date(2026, 6, 30)),
        (6, date(2026, 6, 30), date(2025, 7, 1), date(2025, 12, 31)),
        (3, date(2026, 1, 15), date(2025, 10, 1), date(2025, 12, 31)),
        (1, date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
        (12, date(2026, 5, 5), date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_the_period_just_ended(every, today, start, end):
    assert last_period(every, today) == (start, end)


def _system(org):
    """The reports the system asked for at `org` and below (the demo has one of its own)."""
    return Summary.objects.filter(requested_by=None, org__path__startswith=org.path)


@pytest.fixture
def north_rule(district):  # noqa: F811
    """Only 城北区 and its schools are on the schedule (every 3 months); the default row is
    off, so the demo district's orgs have no report due."""
    ReportSchedule.objects.filter(org=None).update(active=False)
    return ReportSchedule.objects.create(
        org=district, kind="risk", every_months=3, source="城北区教育局：每季度一次（测试）"
    )


def test_the_task_writes_the_due_reports_once(north_rule, django_capture_on_commit_callbacks):
    north = north_rule.org
    n01 = Org.objects.get(code="n01")
    _hand_built(n01)
    start, end = last_period(3, timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.scheduled_reports.call() == 3
    made = _system(north)
    assert sorted(made.values_list("org__code", flat=True)) == ["n01", "n02", "north"]
    for report in made:
        assert (report.kind, report.start, report.end) == ("risk", start, end)
        assert report.status == SummaryStatus.DONE, report.error
        assert report.file and report.pdf
        event = AuditEvent.objects.get(org=report.org, action="summary.schedule")
        assert event.actor is None and event.object_id == str(report.pk)
    assert made.get(org=n01).figures["total"] == 5
    # A second run (the next night, or a second worker) asks for nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.scheduled_reports.call() == 0
    assert _system(north).count() == 3
    under = AuditEvent.objects.filter(action="summary.schedule", org__path__startswith=north.path)
    assert under.count() == 3
    # Each org's own readers hear of its report; a bureau hears only of its own.
    officer = User.objects.get(username="n01.officer")
    assert Notification.objects.filter(user=officer, kind="summary").count() == 1
    admin = User.objects.get(username="north.admin")
    assert list(
        Notification.objects.filter(user=admin, kind="summary").values_list("org", flat=True)
    ) == [north.pk]
    teacher = User.objects.get(username="n01.teacher")
    assert not Notification.objects.filter(user=teacher).exists()


def test_an_inactive_rule_writes_nothing(north_rule):
    north_rule.active = False
    north_rule.save()
    assert write_scheduled(timezone.localdate()) == 0
    assert not _system(north_rule.org).exists()


def test_a_schools_own_row_replaces_the_bureaus(north_rule):
    n02 = Org.objects.get(code="n02")
    ReportSchedule.objects.create(org=n02, kind="risk", every_months=6, active=False)
    assert write_scheduled(timezone.localdate()) == 2
    assert not Summary.objects.filter(org=n02).exists()


def test_the_page_states_the_rule_and_the_system(
    north_rule, login, django_capture_on_commit_callbacks
):
    n01 = Org.objects.get(code="n01")
    with django_capture_on_commit_callbacks(execute=True):
        write_scheduled(timezone.localdate())
    page = login("n01.officer").get(f"/orgs/{n01.pk}/summaries/").content.decode()
    assert "城北区教育局：每季度一次（测试）" in page
    assert "每 3 个月" in page or "3" in page
    report = Summary.objects.get(org=n01, requested_by=None)
    assert f"/orgs/{n01.pk}/summaries/{report.pk}/file.pdf" in page
    api = login("n01.officer").get(f"/api/v1/summaries/{report.pk}").json()
    assert api["pdf_url"] and api["requested_by"]


def test_the_default_rule_is_once_a_semester_to_be_confirmed():
    rule = ReportSchedule.objects.get(org=None, kind="risk")
    assert rule.every_months == 6 and rule.active
    assert "rules.md §2" in rule.source and "待确认" in rule.source


def test_the_scheduler_runs_it_each_night():
    (entry,) = [e for e in schedule.REGISTRY if e.name == "scheduled_reports"]
    assert entry.at == time(2, 30)
    assert entry.task_path == "safecampus.reports.tasks.scheduled_reports"
