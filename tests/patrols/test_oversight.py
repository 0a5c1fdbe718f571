"""Oversight: the school's completion by day, route and guard; the bureau's rates lowest first;
the xlsx exports hold the same figures."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.models import Org, User
from safecampus.patrols import queries
from safecampus.patrols.models import PatrolRules, Round, RoundStatus

pytestmark = pytest.mark.django_db


def _period():
    end = timezone.localdate() - timedelta(days=1)
    return end - timedelta(days=29), end


def test_the_school_figures_count_the_rounds_by_status():
    school = Org.objects.get(code="s01")
    officer = User.objects.get(username="s01.officer")
    start, end = _period()
    rounds = Round.objects.filter(school=school, date__range=(start, end))
    by_day = queries.by_day(user=officer, school=school, start=start, end=end)
    assert sum(r["total"] for r in by_day) == rounds.count()
    assert sum(r["missed"] for r in by_day) == rounds.filter(status=RoundStatus.MISSED).count()
    assert [r["date"] for r in by_day] == sorted((r["date"] for r in by_day), reverse=True)
    for row in queries.by_route(user=officer, school=school, start=start, end=end):
        assert row["rate"] == round(100 * row["done"] / row["total"])
    guards = queries.by_guard(user=officer, school=school, start=start, end=end)
    assert sum(r["total"] for r in guards) == rounds.count()


def test_a_teacher_sees_no_figures_and_a_guard_none_either():
    school = Org.objects.get(code="s01")
    start, end = _period()
    for username in ("s01.teacher", "s01.guard"):
        user = User.objects.get(username=username)
        assert queries.by_day(user=user, school=school, start=start, end=end) == []


def test_the_bureau_sees_every_school_lowest_rate_first_and_never_started_ones_at_the_top():
    district = Org.objects.get(code="demo-district")
    admin = User.objects.get(username="bureau.admin")
    start, end = _period()
    # No round of s05 closed in the period: it has nothing to show.
    Round.objects.filter(school__code="s05", date__range=(start, end)).update(
        status=RoundStatus.SCHEDULED
    )
    rows = queries.bureau_rates(user=admin, bureau=district, start=start, end=end)
    assert len(rows) == 8
    assert rows[0]["school"].code == "s05" and rows[0]["rate"] is None
    rates = [r["rate"] for r in rows[1:]]
    assert rates == sorted(rates)


def test_the_school_page_marks_days_below_the_rule(login):
    school = Org.objects.get(code="s01")
    PatrolRules.objects.create(
        org=Org.objects.get(code="demo-district"),
        name="区规定",
        min_rounds_per_day=6,
        tolerance_minutes=10,
        late_limit_minutes=120,
    )
    response = login("s01.officer").get(f"/schools/{school.pk}/patrols/oversight/")
    assert response.status_code == 200
    # Five key-area rounds a day can never reach six: every day is marked.
    assert response.content.decode().count("/6</span>") == len(response.context["days"])


def test_the_exports_hold_the_rounds_and_the_rates(login):
    school = Org.objects.get(code="s01")
    district = Org.objects.get(code="demo-district")
    start, end = _period()
    query = {"start": start.isoformat(), "end": end.isoformat()}
    response = login("s01.officer").get(f"/schools/{school.pk}/patrols/oversight.xlsx", query)
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == Round.objects.filter(school=school, date__range=(start, end)).count()
    response = login("bureau.admin").get(f"/orgs/{district.pk}/patrols.xlsx", query)
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(rows) == 8
    rates = [r[5] for r in rows]
    assert rates == sorted(rates)


def test_the_period_fields_show_the_period_the_figures_cover(login):
    school = Org.objects.get(code="s01")
    client = login("s01.officer")
    today = timezone.localdate()
    page = client.get(f"/schools/{school.pk}/patrols/oversight/").content.decode()
    assert f'value="{today - timedelta(days=29):%Y-%m-%d}"' in page
    assert f'value="{today:%Y-%m-%d}"' in page
    # Swapped dates are put in order, and the fields say so.
    start, end = today - timedelta(days=3), today - timedelta(days=9)
    page = client.get(
        f"/schools/{school.pk}/patrols/oversight/?start={start}&end={end}"
    ).content.decode()
    assert page.index(f'value="{end}"') < page.index(f'value="{start}"')
    # A date that is no date keeps the person's entry and says why.
    response = client.get(f"/schools/{school.pk}/patrols/oversight/?start=someday")
    assert 'value="someday"' in response.content.decode()
    assert response.context["form"].errors["start"]
