"""The risk pages and the API list answer in a fixed number of queries, however much they show.

Each case loads the page on the demo data, adds 30 more risk points (bulk_create, each with its
assessments, in its own zone, with its own responsible person and post) or 30 more of what the
page lists, and loads it again: both loads stay within the budget, the second needs no more
queries than the first, and the second does show the added rows. Budgets are the measured
count plus a small margin.

The list, review and overview pages are paginated (25 a page): their URLs pick what shows few
rows on the demo data, so the grown page shows more rows than the first load did.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safecampus.core.models import Org, Post, PostAssignment, Zone
from safecampus.core.models.grid import PostKind, zone_path
from safecampus.risks.levels import ControlLevel, Level
from safecampus.risks.models import RiskAssessment, RiskPoint, ZoneShape
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30
TODAY = timezone.localdate()
SERIAL = itertools.count()  # unique names for everything added
# LEC inputs and score of each level under the default bands.
LEC = {
    Level.MAJOR: ("6", "6", "15", "540"),
    Level.SIGNIFICANT: ("3", "6", "15", "270"),
    Level.GENERAL: ("3", "6", "7", "126"),
    Level.LOW: ("1", "3", "7", "21"),
}
CONTROL = {
    Level.MAJOR: ControlLevel.SCHOOL,
    Level.SIGNIFICANT: ControlLevel.SCHOOL,
    Level.GENERAL: ControlLevel.DEPARTMENT,
    Level.LOW: ControlLevel.POST,
}


def _people(school, n=MORE):
    """n new teachers of the school: every added row gets its own person."""
    return budgets.people(school, n, SERIAL, username="q", name="责任人")


def _zones(school, n=MORE, parent=None):
    """n new rooms; their paths sort before the demo's, so they come first in the lists."""
    names = [f"000查询区域{next(SERIAL):03d}" for _i in range(n)]
    return Zone.objects.bulk_create(
        [
            Zone(
                school=school,
                parent=parent,
                name=name,
                path_name=zone_path(parent.path_name if parent else "", name),
                kind="room",
            )
            for name in names
        ]
    )


def _posts(school, n=MORE, people=None):
    """n new posts, each held by its own person."""
    people = people or _people(school, n)
    posts = Post.objects.bulk_create(
        [
            Post(school=school, name=f"查询岗位{next(SERIAL):03d}", kind=PostKind.OTHER, duties="-")
            for _i in range(n)
        ]
    )
    PostAssignment.objects.bulk_create(
        [PostAssignment(post=post, user=people[i]) for i, post in enumerate(posts)]
    )
    return posts


def _points(school, n=MORE, *, levels=(Level.MAJOR,), zones=None, people=None, posts=None, **f):
    """n risk points, each in its own zone with its own responsible person and post, each with
    two assessments (the older one a level lower), levels taken in turn from `levels`."""
    zones = zones or _zones(school, n)
    people = people or _people(school, n)
    posts = posts or _posts(school, n, people)
    fields = {"review_due": TODAY + timedelta(days=300), **f}
    points = RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                school=school,
                zone=zones[i % len(zones)],
                name=f"新增风险{i:02d}",
                hazard_factors="查询计数",
                accident_types=["fire", "other"],
                existing_controls="巡查",
                emergency_actions="报告",
                responsible=people[i % len(people)],
                level=levels[i % len(levels)],
                control_level=CONTROL[levels[i % len(levels)]],
                **fields,
            )
            for i in range(n)
        ]
    )
    RiskPoint.posts.through.objects.bulk_create(
        [
            RiskPoint.posts.through(riskpoint=point, post=posts[i % len(posts)])
            for i, point in enumerate(points)
        ]
    )
    now = timezone.now()
    assessments = []
    for i, point in enumerate(points):
        for age, level in enumerate([point.level, Level.LOW]):
            assessments.append(_assessment(point, level, people[i % len(people)], now, age))
    RiskAssessment.objects.bulk_create(assessments)
    return points


def _assessment(point, level, assessor, now, age=0, note=""):
    likelihood, exposure, consequence, value = LEC[level]
    return RiskAssessment(
        risk_point=point,
        method="lec",
        likelihood=Decimal(likelihood),
        exposure=Decimal(exposure),
        consequence=Decimal(consequence),
        value=Decimal(value),
        level=level,
        rule_set_name="查询计数",
        bands=[[320, "major"], [160, "significant"], [70, "general"], [0, "low"]],
        assessor=assessor,
        assessed_at=now - timedelta(days=age * 30),
        note=note,
    )


def _busy_point(s01):
    """The s01 risk point with the most assessments: the detail page under test."""
    return budgets.busiest(RiskPoint.objects.filter(school=s01), "assessments")


def _busy_post(s01):
    """The s01 post with the most risk points: the card under test."""
    return budgets.busiest(Post.objects.filter(school=s01), "risk_points")


def _district(s01):
    return Org.objects.get(pk__in=s01.ancestor_ids(), kind="district")


def grow_list(s01):
    _points(s01)


def grow_review(s01):
    """30 more points: never assessed, overdue for review, or flagged for re-assessment."""
    zones, people = _zones(s01, 10), _people(s01, 10)
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                school=s01,
                zone=zones[i],
                name=f"新增风险未评估{i:02d}",
                hazard_factors="查询计数",
                accident_types=["other"],
                existing_controls="巡查",
                responsible=people[i],
            )
            for i in range(10)
        ]
    )
    _points(s01, 10, review_due=TODAY - timedelta(days=3))
    _points(s01, 10, needs_reassessment=True, reassessment_reason="发现隐患")


def grow_detail(s01):
    """30 more assessments of the point, by 30 different people, and 30 more points."""
    point = _busy_point(s01)
    people = _people(s01)
    now = timezone.now()
    RiskAssessment.objects.bulk_create(
        [
            _assessment(point, Level.GENERAL, people[i], now, note=f"新增评估{i:02d}")
            for i in range(MORE)
        ]
    )
    _points(s01, people=people)


def grow_cards(s01):
    """30 more posts, each held by its own person, with one or two risks of every level."""
    _points(s01, levels=list(Level))
    _points(s01, levels=list(Level), posts=list(Post.objects.filter(name__startswith="查询岗位")))


def grow_card(s01):
    _points(s01, levels=list(Level), posts=[_busy_post(s01)])


def grow_bulletin(s01):
    _points(s01, levels=[Level.MAJOR, Level.SIGNIFICANT])


def grow_map(s01):
    """30 more zones, half of them inside a drawn demo zone, each drawn with a graded risk."""
    parent = ZoneShape.objects.filter(zone__school=s01).order_by("zone_id").first().zone
    zones = _zones(s01, MORE // 2) + _zones(s01, MORE - MORE // 2, parent=parent)
    ZoneShape.objects.bulk_create(
        [
            ZoneShape(zone=zone, points=[[i, i], [i + 40, i], [i + 40, i + 30], [i, i + 30]])
            for i, zone in enumerate(zones)
        ]
    )
    _points(s01, zones=zones, levels=list(Level))


def grow_overview(s01):
    """30 more major risks spread over the district's schools."""
    schools = list(Org.objects.filter(path__startswith=_district(s01).path, kind="school"))
    for i, school in enumerate(schools):
        n = MORE // len(schools) + (1 if i < MORE % len(schools) else 0)
        _points(school, n)


def grow_api(s01):
    _points(s01, levels=list(Level))


def _detail_url(s01):
    return f"/schools/{s01.pk}/risks/{_busy_point(s01).pk}/"


def _card_url(s01):
    return f"/schools/{s01.pk}/risks/cards/{_busy_post(s01).pk}/"


def _overview_url(s01):
    return f"/orgs/{_district(s01).pk}/risks/?page=1"


S = "/schools/{s01}/risks/"
# name: (who, url or url(s01), grow(s01), text the grown page shows, query budget).
# Measured on the demo data (Django 6.1, SQLite): list 10, review 8, detail 10, cards 9,
# card 11, bulletin 8, map 13, overview 10; each budget is that plus 2. The API list takes 32
# on the demo data (25 points) and 62 with 30 more: one query per point for its posts; its
# budget is what it takes with posts prefetched (8) plus 2.
CASES = {
    "list": ("s01.officer", S + "?level=major", grow_list, "新增风险00", 12),
    "review": ("s01.officer", S + "review/", grow_review, "新增风险未评估09", 10),
    "detail": ("s01.officer", _detail_url, grow_detail, "新增评估29", 12),
    "cards": ("s01.guard", S + "cards/", grow_cards, "查询岗位", 11),
    "card": ("s01.guard", _card_url, grow_card, "新增风险29", 13),
    "bulletin": ("s01.teacher", S + "bulletin/", grow_bulletin, "新增风险29", 10),
    "map": ("s01.teacher", S + "map/", grow_map, "000查询区域", 15),
    "overview": ("bureau.admin", _overview_url, grow_overview, "新增风险", 12),
    "api_list": ("s01.officer", "/api/v1/risk-points?school_id={s01}", grow_api, "新增风险29", 10),
}
MARKS = {}


@pytest.mark.parametrize("name", [pytest.param(n, marks=MARKS.get(n, [])) for n in CASES])
def test_risk_pages_stay_within_a_fixed_query_budget(name, login, org):
    budgets.assert_case(name, CASES[name], login, org("s01"), MORE)


def test_the_api_list_returns_at_most_fifty_a_page(org, login):
    """What one API list request costs is bounded by its page size (Page.page_size)."""
    s01 = org("s01")
    grow_api(s01)
    body = login("s01.officer").get(f"/api/v1/risk-points?school_id={s01.pk}").json()
    assert body["count"] > 50
    assert len(body["items"]) == 50
