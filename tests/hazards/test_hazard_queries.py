"""The hazard pages and the API list answer in a fixed number of queries, however much they show.

Each case loads the page on the demo data, adds 30 more of what the page shows (bulk_create),
and loads it again: both loads stay within the budget, the second needs no more queries than
the first, and the second does show the added rows. Budgets are the measured count plus a
small margin.
"""

import itertools
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from safecampus.core.models import Attachment, Org, User, Zone
from safecampus.hazards import tally
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status
from tests import budgets
from tests.helpers import image_bytes

pytestmark = pytest.mark.django_db

MORE = 30
TODAY = timezone.localdate()
SERIAL = itertools.count()  # unique names for everything added


def _people(school, n=MORE):
    """n new teachers of the school: every added hazard gets its own responsible person."""
    return budgets.people(school, n, SERIAL, username="fixer", name="整改人")


def _hazards(school, n=MORE, *, people=None, place_prefix="新增隐患", **fields):
    """n hazards in rectification, each in its own zone with its own responsible person."""
    people = people or _people(school, n)
    zones = [
        Zone.objects.create(school=school, name=f"查询区域{next(SERIAL)}", kind="room")
        for _i in range(n)
    ]
    now = timezone.now()
    defaults = {
        "category": Category.FIRE,
        "source": Source.PATROL,
        "status": Status.RECTIFYING,
        "grade": Grade.GENERAL,
        "responsible_unit": "总务处",
        "measures": "更换",
        "deadline": TODAY + timedelta(days=5),
        "found_on": TODAY,
    }
    return Hazard.objects.bulk_create(
        [
            Hazard(
                school=school,
                zone=zones[i],
                place=f"{place_prefix}{i:02d}",
                description="查询计数",
                reported_at=now - timedelta(minutes=i),
                responsible_person=people[i % len(people)],
                **{**defaults, **fields},
            )
            for i in range(n)
        ]
    )


def _photo(school, i):
    data = image_bytes(size=(4, 4), colour=(i, 100, 100))
    attachment = Attachment(
        org=school,
        original_name=f"p{i}.png",
        content_type="image/png",
        size=len(data),
        sha256="0" * 64,
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    return attachment


def _busy_hazard(s01):
    """The s01 hazard with the longest timeline: the detail page under test."""
    return max(Hazard.objects.filter(school=s01), key=lambda h: (h.events.count(), h.pk))


def grow_ledger(s01):
    _hazards(s01)


def grow_detail(s01):
    """30 more timeline steps, by 30 different people, each with a photo."""
    hazard = _busy_hazard(s01)
    people = _people(s01)
    now = timezone.now()
    events = HazardEvent.objects.bulk_create(
        [
            HazardEvent(
                hazard=hazard,
                action="supervise",
                actor=people[i],
                from_status=hazard.status,
                to_status=hazard.status,
                note=f"新增进展{i:02d}",
                created_at=now + timedelta(seconds=i),
            )
            for i in range(MORE)
        ]
    )
    for i, event in enumerate(events):
        event.photos.add(_photo(s01, i))
    _hazards(s01, people=people)  # and more hazards in the school, which the page ignores


def grow_mine(s01):
    """30 more hazards the head teacher is to fix, and 30 more they reported by name."""
    headteacher = User.objects.get(username="s01.headteacher")
    _hazards(s01, people=[headteacher])
    _hazards(s01, status=Status.RECTIFIED, reporter=headteacher, place_prefix="我报的")


def grow_overview(s01):
    """30 more hazards spread over the district's schools, supervised majors and overdue."""
    schools = list(Org.objects.filter(path__startswith=s01.parent.parent.path, kind="school"))
    for i, school in enumerate(schools):
        n = MORE // len(schools) + (1 if i < MORE % len(schools) else 0)
        _hazards(school, n, grade=Grade.MAJOR, supervised=True)
        _hazards(school, n, deadline=TODAY - timedelta(days=3))
    tally.rebuild()  # bulk rows bypass the services: count them as the city generator does


def grow_api(s01):
    _hazards(s01)


def _detail_url(s01):
    return f"/schools/{s01.pk}/hazards/{_busy_hazard(s01).pk}/"


def _overview_url(s01):
    return f"/orgs/{s01.parent.parent.pk}/hazards/"


# name: (who, url or url(s01), grow(s01), text the grown page shows, query budget).
# Measured on the demo data (Django 6.1, SQLite): ledger 9 (filtered and paged too), detail 9,
# mine 7, overview 10, API list 7; each budget is that plus 2.
CASES = {
    "ledger": ("s01.officer", "/schools/{s01}/hazards/", grow_ledger, "新增隐患00", 11),
    "ledger_filtered_page_2": (
        "s01.officer",
        "/schools/{s01}/hazards/?status=rectifying&page=2",
        grow_ledger,
        "新增隐患29",
        11,
    ),
    "detail": ("s01.officer", _detail_url, grow_detail, "新增进展29", 11),
    "mine": ("s01.headteacher", "/schools/{s01}/hazards/mine/", grow_mine, "我报的19", 9),
    "overview": ("bureau.admin", _overview_url, grow_overview, "新增隐患", 12),
    "api_list": ("s01.officer", "/api/v1/hazards?school_id={s01}", grow_api, "新增隐患00", 9),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hazard_pages_stay_within_a_fixed_query_budget(name, login, org):
    budgets.assert_case(name, CASES[name], login, org("s01"), MORE)
