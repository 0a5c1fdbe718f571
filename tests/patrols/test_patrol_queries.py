"""Patrol lists answer in a fixed number of queries, however much they show.

Each page is loaded on the demo data, then 30 more routes (with their checkpoints, windows,
rounds, scans and problems) are added in bulk and the page is loaded again: both loads stay
within the budget, and the second needs no more queries than the first.
"""

import itertools
import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import Org, User, Zone
from safecampus.patrols.models import (
    Checkpoint,
    Round,
    RoundStatus,
    Route,
    RouteStop,
    RouteWindow,
    Scan,
    WindowKind,
)
from tests import budgets
from tests.patrols.helpers import open_round

pytestmark = pytest.mark.django_db
MORE = 30
SERIAL = itertools.count()


def _more(school):
    guard = User.objects.get(username=f"{school.code}.guard")
    yesterday = timezone.localdate() - timedelta(days=1)
    today = timezone.localdate()
    for i in range(MORE):
        k = next(SERIAL)
        zone = Zone.objects.create(school=school, name=f"查询点{k}", kind="room")
        cps = [
            Checkpoint.objects.create(school=school, zone=zone, name=f"点{k}-{j}", code=f"Q{k}{j}")
            for j in range(2)
        ]
        route = Route.objects.create(school=school, name=f"查询路线{k}", guard=guard)
        RouteStop.objects.bulk_create(
            [RouteStop(route=route, checkpoint=c, position=j) for j, c in enumerate(cps)]
        )
        window = RouteWindow.objects.create(
            route=route, kind=WindowKind.OTHER, start=time(0, 0), end=time(23, 50)
        )
        for day, status in ((yesterday, RoundStatus.INCOMPLETE), (today, RoundStatus.IN_PROGRESS)):
            starts = timezone.make_aware(timezone.datetime.combine(day, time(0, 0)))
            r = Round.objects.create(
                school=school,
                route=route,
                window=window,
                date=day,
                starts_at=starts,
                ends_at=starts + timedelta(hours=23),
                closes_at=starts + timedelta(hours=25),
                planned=[c.pk for c in cps],
                status=status,
                guard=guard,
                started_at=starts,
            )
            Scan.objects.create(
                round=r,
                checkpoint=cps[0],
                client_uuid=uuid.uuid4(),
                by=guard,
                method="code",
                scanned_at=starts + timedelta(minutes=i),
                received_at=starts,
                note="有问题",
                problem=True,
            )


S = "/schools/{school}/patrols/"
PAGES = {
    "today": (S, "s01.guard", 22),
    "checkpoints": (S + "checkpoints/", "s01.officer", 12),
    "routes": (S + "routes/", "s01.officer", 14),
    "oversight": (S + "oversight/", "s01.officer", 16),
    "problems": (S + "problems/", "s01.officer", 14),
    "bureau": ("/orgs/{district}/patrols/", "bureau.admin", 14),
    "api_rounds": ("/api/v1/patrol-rounds?school_id={school}", "s01.officer", 15),
    "api_mine": ("/api/v1/patrol-rounds?mine=true", "s01.guard", 14),
    "api_checkpoints": ("/api/v1/checkpoints?school_id={school}", "s01.officer", 10),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_list_queries_are_bounded(name, login):
    url, username, budget = PAGES[name]
    school = Org.objects.get(code="s01")
    url = url.format(school=school.pk, district=school.ancestor_ids()[-3])
    loads = budgets.grow_between_loads(login(username), url, lambda: _more(school))
    budgets.assert_bounded(loads, budget, name)


def test_the_round_page_is_bounded_by_checkpoints_and_scans(login):
    round_, cps = open_round(stops=2)
    url = f"/schools/{round_.school_id}/patrols/rounds/{round_.pk}/"

    def grow():
        more = list(
            Checkpoint.objects.filter(school=round_.school).exclude(pk__in=[c.pk for c in cps])
        )
        Round.objects.filter(pk=round_.pk).update(planned=[c.pk for c in cps + more])
        guard = User.objects.get(username="s01.guard")
        Scan.objects.bulk_create(
            [
                Scan(
                    round=round_,
                    checkpoint=c,
                    client_uuid=uuid.uuid4(),
                    by=guard,
                    method="code",
                    scanned_at=timezone.now(),
                    received_at=timezone.now(),
                )
                for c in cps + more
            ]
        )

    loads = budgets.grow_between_loads(login("s01.guard"), url, grow)
    budgets.assert_bounded(loads, 16, "round")
