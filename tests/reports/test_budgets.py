"""The safety calendar costs a fixed number of queries however many items it shows
(tests/budgets.py): the month, the list and the API, with more drills planned, more seasonal
tasks of the bureau and more letters running out."""

from datetime import date
from itertools import count

import pytest

from safecampus.core.models import ResponsibilityLetter, User
from safecampus.emergencies.models import Drill, DrillStatus, EmergencyKind
from safecampus.reports.models import Anchor, SeasonalTask
from tests import budgets

pytestmark = pytest.mark.django_db
SERIAL = count(1)


def more_items(school):
    officer = User.objects.get(username="s01.officer")
    district = school.parent
    made = []
    for day in (8, 9, 10):
        k = next(SERIAL)
        Drill.objects.create(
            school=school,
            kind=EmergencyKind.FIRE,
            planned_on=date(2026, 12, day),
            scenario=f"预算演练{k}",
            status=DrillStatus.PLANNED,
            created_by=officer,
        )
        name = f"预算专项检查{k}"
        SeasonalTask.objects.create(
            org=district, name=name, anchor=Anchor.DATE, month=12, day=day + 5
        )
        made.append(name)
        title = f"预算责任书{k}"
        ResponsibilityLetter.objects.create(
            school=school,
            title=title,
            body="……",
            term_start=date(2026, 1, 1),
            term_end=date(2026, 12, day + 7),
            issued_by=officer,
        )
        made.append(title)
    return made


@pytest.mark.parametrize(
    "url",
    [
        "/schools/{s}/safety-calendar/?month=2026-12",
        "/schools/{s}/safety-calendar/?view=list",
        "/api/v1/schools/{s}/safety-calendar?start=2026-12-01&end=2026-12-31",
    ],
    ids=["month", "list", "api"],
)
def test_the_calendar(login, org, url):
    school = org("s01")
    loads = budgets.grow_between_loads(
        login("s01.officer"), url.format(s=school.pk), lambda: more_items(school)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 40, url)
