"""The safety calendar (安全工作序列表): tasks move off holidays and onto make-up days, the page,
the xlsx, the iCal feed (parsed with icalendar; a revoked link answers 404), the reminders
(each once, to the school's own people), and the API."""

import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from icalendar import Calendar
from openpyxl import load_workbook

from safecampus.core.models import AuditEvent, Notification, Org, OrgKind, User
from safecampus.core.roles import Role
from safecampus.core.safety_calendar import Kind, items_for
from safecampus.core.services import calendar as calendar_services
from safecampus.core.services import orgs
from safecampus.reports import feeds, services
from safecampus.reports.models import Anchor, CalendarFeed, SeasonalTask
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

TERM = (date(2030, 9, 2), date(2031, 1, 17))
ON_HOLIDAY = "国庆期间消防检查"  # 3 October, in the National Day holiday
ON_MAKEUP = "调休日专项检查"  # 12 October, a Saturday made a school day
ON_SUNDAY = "周日到期检查"  # 13 October, a plain Sunday


@pytest.fixture
def school():
    """城北小学 in 城北区, whose bureau set a term, the National Day holiday and its make-up
    Saturday, and three seasonal checks of its own."""
    city = Org.objects.get(code="demo-city")
    north = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    school = orgs.create_org(
        actor=None, parent=north, kind=OrgKind.SCHOOL, name="城北小学", code="n01"
    )
    admin = make_user("north.admin", "城北区管理员", north, Role.BUREAU_ADMIN)
    make_user("n01.officer", "城北小学安全员", school, Role.SAFETY_OFFICER)
    make_user("n01.teacher", "城北小学教师", school, Role.TEACHER)
    calendar_services.add_term(
        actor=admin, org=north, name="2030秋季学期", start=TERM[0], end=TERM[1]
    )
    calendar_services.add_exception(
        actor=admin, org=north, name="国庆节", kind="holiday",
        start=date(2030, 10, 1), end=date(2030, 10, 7),
    )  # fmt: skip
    calendar_services.add_exception(
        actor=admin, org=north, name="国庆调休上课", kind="school_day",
        start=date(2030, 10, 12), end=date(2030, 10, 12),
    )  # fmt: skip
    for name, day in ((ON_HOLIDAY, 3), (ON_MAKEUP, 12), (ON_SUNDAY, 13)):
        SeasonalTask.objects.create(
            org=north, name=name, anchor=Anchor.DATE, month=10, day=day, lead_days=5,
            source="城北区教育局通知",
        )  # fmt: skip
    return school


def _item(school, name):
    return next(i for i in items_for(school, *TERM) if i.title == name)


def test_a_task_on_a_holiday_moves_to_the_next_school_day(school):
    item = _item(school, ON_HOLIDAY)
    assert (item.start, item.moved_from) == (date(2030, 10, 8), date(2030, 10, 3))


def test_a_make_up_saturday_is_a_school_day_and_a_sunday_is_not(school):
    assert _item(school, ON_MAKEUP).start == date(2030, 10, 12)
    assert _item(school, ON_MAKEUP).moved_from is None
    assert _item(school, ON_SUNDAY).start == date(2030, 10, 14)


def test_the_calendar_holds_every_modules_items(school):
    items = items_for(school, *TERM)
    kinds = {i.kind for i in items}
    # The holiday and make-up day, the start-of-term check (default rule), the term's drill,
    # the theme days and the talk before the holiday.
    assert {Kind.HOLIDAY, Kind.SCHOOL_DAY, Kind.INSPECTION, Kind.DRILL, Kind.THEME} <= kinds
    start_check = next(i for i in items if i.title == "开学安全检查")
    assert start_check.start == TERM[0]
    talk = next(i for i in items if i.kind == Kind.LESSON and "国庆节" in str(i.title))
    assert talk.start == date(2030, 9, 30)  # the last school day before the holiday


def test_the_page_shows_the_month_and_the_list(school, login):
    client = login("n01.officer")
    month = client.get(f"/schools/{school.pk}/safety-calendar/?month=2030-10")
    assert month.status_code == 200
    body = month.content.decode()
    assert ON_HOLIDAY in body and "国庆调休上课" in body
    listed = client.get(f"/schools/{school.pk}/safety-calendar/?view=list")
    assert "2030-10-03" in listed.content.decode()  # "moved from 2030-10-03"
    # A teacher has no business here.
    assert login("n01.teacher").get(f"/schools/{school.pk}/safety-calendar/").status_code == 403


def test_the_xlsx_lists_the_term(school, login):
    response = login("n01.officer").get(f"/schools/{school.pk}/safety-calendar.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    moved = next(r for r in rows if r[3] == ON_HOLIDAY)
    assert moved[0].date() == date(2030, 10, 8) and moved[4] == "2030-10-03"


def _new_link(client, school):
    page = client.post(f"/schools/{school.pk}/safety-calendar/link/")
    assert page.status_code == 200
    found = re.search(r'value="[^"]*?(/calendar/[\w-]+\.ics)"', page.content.decode())
    return found.group(1)


def test_the_feed_parses_and_a_revoked_link_answers_404(school, login):
    client = login("n01.officer")
    url = _new_link(client, school)
    feed = CalendarFeed.objects.get(user__username="n01.officer")
    assert url.split("/")[-1].removesuffix(".ics") not in feed.key_hash  # only its hash is kept
    # No login: the key in the link is the proof. The feed reaches from a month ago to half a
    # year ahead of today (the theme days of the default programme fall in it).
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    assert parsed.get("version") == "2.0"
    assert parsed.walk("VEVENT"), "the feed holds the theme days around today"
    # Revoked: the same link is a 404, and so is a made-up one.
    client.post(f"/schools/{school.pk}/safety-calendar/link/{feed.pk}/revoke/")
    assert Client().get(url).status_code == 404
    assert Client().get("/calendar/not-a-key.ics").status_code == 404
    actions = AuditEvent.objects.filter(org=school).values_list("action", flat=True)
    assert {"calendar.feed_create", "calendar.feed_revoke"} <= set(actions)


def test_the_feed_holds_the_items_with_their_reminders(school):
    items = items_for(school, *TERM)
    body = feeds.ical(school, items, 3, "https://campus.example")
    events = {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    moved = events[ON_HOLIDAY]
    assert moved.decoded("dtstart") == date(2030, 10, 8)
    assert moved.decoded("dtend") == date(2030, 10, 9)
    alarm = moved.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(days=5)
    # A holiday is shown without a reminder.
    assert events["国庆节"].walk("VALARM") == []


def test_a_new_link_stops_the_old_one_and_losing_the_school_stops_both(school, login):
    client = login("n01.officer")
    first = _new_link(client, school)
    second = _new_link(client, school)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    officer = User.objects.get(username="n01.officer")
    officer.memberships.update(ended_at="2030-01-01T00:00:00Z")
    assert Client().get(second).status_code == 404


def test_someone_elses_link_cannot_be_revoked(school, login):
    officer = User.objects.get(username="n01.officer")
    feed, _key = services.create_feed(actor=officer, school=school)
    other = make_user("n01.principal", "校长", school, Role.PRINCIPAL)
    response = login(other.username).post(
        f"/schools/{school.pk}/safety-calendar/link/{feed.pk}/revoke/"
    )
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_reminders_go_once_to_the_schools_people(school):
    officer = User.objects.get(username="n01.officer")
    day = date(2030, 10, 8) - timedelta(days=5)  # the moved check, five days ahead
    assert services.send_reminders(today=day) >= 1
    titles = list(
        Notification.objects.filter(user=officer, kind="calendar").values_list("title", flat=True)
    )
    assert any(ON_HOLIDAY in t and "2030-10-08" in t for t in titles)
    # The bureau's admin is not told of each school's checks; a second run sends nothing.
    assert not Notification.objects.filter(user__username="north.admin", kind="calendar").exists()
    before = Notification.objects.filter(kind="calendar").count()
    services.send_reminders(today=day)
    assert Notification.objects.filter(kind="calendar").count() == before


def test_the_api_lists_the_calendar_and_bounds_the_range(school, login):
    client = login("n01.officer")
    url = f"/api/v1/schools/{school.pk}/safety-calendar"
    found = client.get(url, {"start": "2030-10-01", "end": "2030-10-31"})
    assert found.status_code == 200
    items = {i["title"]: i for i in found.json()["items"]}
    assert items[ON_HOLIDAY]["start"] == "2030-10-08"
    assert items[ON_HOLIDAY]["moved_from"] == "2030-10-03"
    assert items[ON_HOLIDAY]["remind_days_before"] == 5
    assert client.get(url, {"start": "2030-01-01", "end": "2031-12-31"}).status_code == 400
    assert client.get(url, {"start": "2030-10-31", "end": "2030-10-01"}).status_code == 400
    assert client.get(url, {"start": "9999-12-01", "end": "9999-12-31"}).status_code == 400
