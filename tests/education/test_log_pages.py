"""The 1530 pages as a head teacher and the school's leaders use them: two taps on the phone
page, a holiday refused on the page, missing days shown, the home page's count, the bureau's
table across its schools."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from safecampus.core.models import Org
from safecampus.education.models import Reminder1530
from tests.education.helpers import SCHOOL_DAY, clear, on_day, s01_class, topic  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_day(org, on_day):  # noqa: F811
    school = org("s01")
    clear(school, SCHOOL_DAY, SCHOOL_DAY)
    on_day()
    return school


def test_two_taps_record_the_day(fresh_day, login):
    client = login("s01.headteacher")
    url = f"/orgs/{fresh_day.pk}/education/1530/"
    page = client.get(url).content.decode()
    assert "一年级1班" in page and "二年级1班" not in page
    response = client.post(
        url,
        {
            "school_class": s01_class(0).pk,
            "day": SCHOOL_DAY.isoformat(),
            "topic": topic("traffic").pk,
        },
    )
    assert response.status_code == 302
    entry = Reminder1530.objects.get(school_class=s01_class(0), day=SCHOOL_DAY)
    assert entry.topic.code == "traffic"
    assert "交通安全" in client.get(url).content.decode()


def test_a_holiday_is_refused_on_the_page_and_nothing_is_lost(fresh_day, login):
    client = login("s01.headteacher")
    response = client.post(
        f"/orgs/{fresh_day.pk}/education/1530/",
        {
            "school_class": s01_class(0).pk,
            "day": "2026-10-01",
            "topic": topic("traffic").pk,
            "note": "国庆出行",
        },
    )
    assert response.status_code == 400
    assert "不是上课日" in response.content.decode()
    assert not Reminder1530.objects.filter(school_class=s01_class(0), day=date(2026, 10, 1))


def test_the_school_page_shows_the_missing_days(fresh_day, login, on_day):  # noqa: F811
    on_day(date(2026, 11, 19))  # the pinned day is over: its missing entries show
    page = login("s01.principal").get(f"/orgs/{fresh_day.pk}/education/?month=2026-11")
    text = page.content.decode()
    assert page.status_code == 200
    assert "11/18" in text  # nobody recorded the pinned day


def test_a_bad_month_is_a_form_error(fresh_day, login):
    page = login("s01.principal").get(f"/orgs/{fresh_day.pk}/education/?month=2026-13")
    assert page.status_code == 400


def test_the_home_page_counts_classes_without_todays_entry(fresh_day, login):
    client = login("s01.principal")
    home = client.get("/").content.decode()
    assert "今日未记1530的班级" in home
    assert "/ 4" in home


def test_the_bureau_sees_each_school(org, login):
    district = org("demo-district")
    page = login("bureau.inspector").get(f"/orgs/{district.pk}/education/schools/?month=2026-11")
    assert page.status_code == 200
    assert "城南实验小学" in page.content.decode()


def test_the_bureau_downloads_its_table(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    response = client.get(f"/orgs/{district.pk}/education/schools.xlsx?month=2026-11")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("学校", "1530已记录", "1530应记")
    assert len(rows) - 1 == Org.objects.schools().under(district).count()
    assert "城南实验小学" in {row[0] for row in rows[1:]}
    bad = client.get(f"/orgs/{district.pk}/education/schools.xlsx?month=2026-13")
    assert bad.status_code == 302 and "month=2026-13" in bad["Location"]
