"""The checks pages and API lists answer in a fixed number of queries, however much they show.

Each case loads the page on the demo data, adds 30 more of what the page lists (bulk_create,
each row with its own checklist, version, person, post and zone, so a query per row would show),
and loads it again: both loads stay within the budget, the second needs no more queries than
the first, and the second does show the added rows. Budgets are the measured count plus a
small margin.

Pages are paginated (25 a page, the API 50): each URL and viewer is chosen so the demo data
fills less than a page, and the grown page shows more rows than the first load did.
"""

import itertools
import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import (
    Attachment,
    Org,
    OrgKind,
    Post,
    PostAssignment,
    User,
    Zone,
)
from safecampus.core.models.grid import PostKind
from safecampus.core.services import orgs
from safecampus.hazards.models import Category, Hazard, Source
from safecampus.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    Outcome,
    Recurrence,
    Schedule,
    TaskStatus,
    TemplateVersion,
)
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30
SERIAL = itertools.count()  # unique names for everything added


def _people(school, n=MORE):
    """n new teachers of the school: every added row gets its own person."""
    return budgets.people(school, n, SERIAL, username="c", name="检查人")


def _zones(school, people, n=MORE):
    return Zone.objects.bulk_create(
        [
            Zone(
                school=school,
                name=name,
                path_name=name,
                kind="room",
                responsible=people[i % len(people)],
            )
            for i, name in enumerate(f"查询区域{next(SERIAL):03d}" for _i in range(n))
        ]
    )


def _posts(school, people, n=MORE):
    """n new posts, each held by its own person."""
    posts = Post.objects.bulk_create(
        [
            Post(school=school, name=f"查询岗位{next(SERIAL):03d}", kind=PostKind.OTHER, duties="-")
            for _i in range(n)
        ]
    )
    PostAssignment.objects.bulk_create(
        [PostAssignment(post=post, user=people[i % len(people)]) for i, post in enumerate(posts)]
    )
    return posts


def _checklists(school, prefix, n=MORE):
    """n checklists, each with a version of one pass/fail item. Names sort before the demo's
    and the area ("building") first of the demo's, so they come first in the lists."""
    templates = ChecklistTemplate.objects.bulk_create(
        [
            ChecklistTemplate(school=school, name=f"{prefix}{i:02d}", area="building")
            for i in range(n)
        ]
    )
    versions = TemplateVersion.objects.bulk_create(
        [TemplateVersion(template=t, number=1) for t in templates]
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(version=v, position=1, text=f"{prefix}{i:02d}的检查项", kind="pass_fail")
            for i, v in enumerate(versions)
        ]
    )
    return templates


def _schedules(school, templates, *, people=None, posts=None, zones=None):
    """A daily schedule of each checklist; given to a person, else a post, else a zone."""
    return Schedule.objects.bulk_create(
        [
            Schedule(
                school=school,
                template=t,
                person=people[i] if people else None,
                post=posts[i] if posts and not people else None,
                zone=zones[i] if zones else None,
                recurrence=Recurrence.DAILY,
                at=time(7, i % 60),
                starts_on=timezone.localdate() - timedelta(days=40),
                school_days_only=False,
            )
            for i, t in enumerate(templates)
        ]
    )


def _tasks(schedules, day, status=TaskStatus.DUE, minutes_ago=30):
    now = timezone.now()
    return CheckTask.objects.bulk_create(
        [
            CheckTask(
                schedule=s,
                school=s.school,
                template=s.template,
                post=s.post,
                person=s.person,
                zone=s.zone,
                day=day,
                due_from=now - timedelta(minutes=minutes_ago + i),
                due_by=now - timedelta(minutes=minutes_ago + i) + timedelta(hours=2),
                status=status,
            )
            for i, s in enumerate(schedules)
        ]
    )


def _inspections(school, templates, inspectors, *, tasks=None, zones=None, failed=False):
    """One inspection of each checklist, the newest first, each by its own inspector; `failed`
    fails its item and files a hazard for it."""
    now = timezone.now()
    versions = {v.template_id: v for v in TemplateVersion.objects.filter(template__in=templates)}
    inspections = Inspection.objects.bulk_create(
        [
            Inspection(
                school=school,
                version=versions[t.pk],
                task=tasks[i] if tasks else None,
                zone=zones[i] if zones else None,
                inspector=inspectors[i % len(inspectors)],
                client_uuid=uuid.uuid4(),
                device_time=now - timedelta(minutes=i),
                submitted_at=now - timedelta(minutes=i),
                late=i % 3 == 0,
                failed_count=1 if failed else 0,
            )
            for i, t in enumerate(templates)
        ]
    )
    items = {i.version_id: i for i in ChecklistItem.objects.filter(version__in=versions.values())}
    hazards = [None] * len(inspections)
    if failed:
        hazards = Hazard.objects.bulk_create(
            [
                Hazard(
                    school=school,
                    zone=inspection.zone,
                    place=f"查询隐患{i:02d}",
                    category=Category.OTHER,
                    description="检查发现",
                    source=Source.CHECKLIST,
                    reporter=inspection.inspector,
                    found_on=timezone.localdate(),
                    reported_at=now,
                )
                for i, inspection in enumerate(inspections)
            ]
        )
    InspectionResult.objects.bulk_create(
        [
            InspectionResult(
                inspection=inspection,
                item=items[inspection.version_id],
                outcome=Outcome.FAIL if failed else Outcome.PASS,
                hazard=hazards[i],
            )
            for i, inspection in enumerate(inspections)
        ]
    )
    if tasks:
        CheckTask.objects.filter(pk__in=[t.pk for t in tasks]).update(status=TaskStatus.DONE)
    return inspections


def grow_today(s01):
    """30 more of today's checks for the guard: half done, half still to do, each of its own
    checklist, in its own zone."""
    guard = User.objects.get(username="s01.guard")
    people = _people(s01)
    templates = _checklists(s01, "000今日清单")
    schedules = _schedules(s01, templates, people=[guard] * MORE, zones=_zones(s01, people))
    tasks = _tasks(schedules, timezone.localdate())
    _inspections(s01, templates[::2], [guard], tasks=tasks[::2])


def grow_inspections(s01):
    """30 more checks with a failed item, each of its own checklist, inspector, zone and task."""
    people = _people(s01)
    zones = _zones(s01, people)
    templates = _checklists(s01, "000记录清单")
    tasks = _tasks(_schedules(s01, templates, people=people), timezone.localdate())
    _inspections(s01, templates, people, tasks=tasks, zones=zones, failed=True)


def grow_checklists(s01):
    people = _people(s01)
    templates = _checklists(s01, "000新清单")
    _schedules(s01, templates, people=people)
    _schedules(s01, templates, posts=_posts(s01, people))


def grow_schedules(s01):
    """30 more schedules: to a person, to a post (with a zone) or to a zone's responsible."""
    people = _people(s01)
    posts, zones = _posts(s01, people), _zones(s01, people)
    templates = _checklists(s01, "000排班清单")
    _schedules(s01, templates[:10], people=people[:10])
    _schedules(s01, templates[10:20], posts=posts[10:20], zones=zones[10:20])
    _schedules(s01, templates[20:], zones=zones[20:])


def grow_oversight(s01):
    """30 more missed checks (each its own checklist, post, person or zone) and 30 more failed
    items (each its own checklist, inspector, zone and hazard) in the period."""
    people = _people(s01)
    posts, zones = _posts(s01, people), _zones(s01, people)
    missed = _checklists(s01, "000漏检清单")
    schedules = [
        *_schedules(s01, missed[:10], people=people[:10]),
        *_schedules(s01, missed[10:20], posts=posts[10:20]),
        *_schedules(s01, missed[20:], zones=zones[20:]),
    ]
    _tasks(schedules, timezone.localdate() - timedelta(days=1), status=TaskStatus.MISSED)
    failed = _checklists(s01, "000失败清单")
    _inspections(s01, failed, people, zones=zones, failed=True)


def grow_bureau(s01):
    """30 more schools in the district, half of them with a check done and one missed."""
    district = Org.objects.get(pk__in=s01.ancestor_ids(), kind=OrgKind.DISTRICT)
    for i in range(MORE):
        school = orgs.create_org(
            actor=None,
            parent=district,
            kind=OrgKind.SCHOOL,
            name=f"000查询学校{i:02d}",
            code=f"q{next(SERIAL)}",
        )
        if i % 2:
            [done, missed] = _checklists(school, "清单", 2)
            [a, b] = _schedules(school, [done, missed])
            today = timezone.localdate()
            _tasks([a], today, status=TaskStatus.DONE)
            _tasks([b], today, status=TaskStatus.MISSED)


def grow_api_today(s01):
    grow_today(s01)


def grow_api_checklists(s01):
    _checklists(s01, "000接口清单")


def grow_api_inspections(s01):
    """30 more checks by the guard (who sees only their own), each of its own checklist."""
    guard = User.objects.get(username="s01.guard")
    people = _people(s01)
    templates = _checklists(s01, "000接口记录")
    _inspections(s01, templates, [guard], zones=_zones(s01, people))


def _busy_checklist(s01):
    """The s01 checklist with the most versions: the builder page under test."""
    return budgets.busiest(ChecklistTemplate.objects.filter(school=s01), "versions")


def _busy_inspection(s01):
    """The s01 check with the most answers: the record page under test."""
    return budgets.busiest(Inspection.objects.filter(school=s01), "results")


def grow_checklist(s01):
    """30 more versions, each made by its own person; the newest has 30 more items than the
    current one, and 30 more schedules, each to its own person."""
    template = _busy_checklist(s01)
    current = template.versions.order_by("-number").first()
    people = _people(s01)
    versions = TemplateVersion.objects.bulk_create(
        [
            TemplateVersion(template=template, number=current.number + 1 + i, created_by=people[i])
            for i in range(MORE)
        ]
    )
    newest = versions[-1]
    items = [
        ChecklistItem(
            version=newest,
            position=item.position,
            group=item.group,
            text=item.text,
            kind=item.kind,
        )
        for item in current.items.all()
    ]
    items += [
        ChecklistItem(
            version=newest,
            position=100 + i,
            group=f"查询分组{i // 10}",
            text=f"新增检查项{i:02d}",
            kind="number",
            min_value=0,
            max_value=10,
            unit="℃",
        )
        for i in range(MORE)
    ]
    ChecklistItem.objects.bulk_create(items)
    _schedules(s01, [template] * MORE, people=people)


def _photos(school, n, uploader):
    attachments = [
        Attachment(
            org=school,
            file=f"checks/query-{next(SERIAL)}.png",
            original_name=f"p{i}.png",
            content_type="image/png",
            size=1,
            sha256="0" * 64,
            uploaded_by=uploader,
        )
        for i in range(n)
    ]
    return Attachment.objects.bulk_create(attachments)


def grow_detail(s01):
    """30 more answers on the check, each with its own photo; half failed, each with its own
    hazard."""
    inspection = _busy_inspection(s01)
    items = ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                version=inspection.version,
                position=200 + i,
                group=f"查询分组{i // 10}",
                text=f"新增检查项{i:02d}",
            )
            for i in range(MORE)
        ]
    )
    hazards = Hazard.objects.bulk_create(
        [
            Hazard(
                school=s01,
                place=f"查询隐患{i:02d}",
                category=Category.OTHER,
                description="检查发现",
                source=Source.CHECKLIST,
                reporter=inspection.inspector,
                found_on=timezone.localdate(),
                reported_at=timezone.now(),
            )
            for i in range(MORE // 2)
        ]
    )
    results = InspectionResult.objects.bulk_create(
        [
            InspectionResult(
                inspection=inspection,
                item=item,
                outcome=Outcome.FAIL if i % 2 else Outcome.PASS,
                hazard=hazards[i // 2] if i % 2 else None,
                text=f"说明{i:02d}",
            )
            for i, item in enumerate(items)
        ]
    )
    photos = _photos(s01, MORE, inspection.inspector)
    InspectionResult.photos.through.objects.bulk_create(
        [
            InspectionResult.photos.through(inspectionresult_id=r.pk, attachment_id=photos[i].pk)
            for i, r in enumerate(results)
        ]
    )


def _checklist_url(s01):
    return f"/schools/{s01.pk}/checks/checklists/{_busy_checklist(s01).pk}/"


def _detail_url(s01):
    return f"/schools/{s01.pk}/checks/inspections/{_busy_inspection(s01).pk}/"


def _district_url(s01):
    district = Org.objects.get(pk__in=s01.ancestor_ids(), kind=OrgKind.DISTRICT)
    return f"/orgs/{district.pk}/checks/"


S = "/schools/{s01}/checks/"
A = "/api/v1/schools/{s01}/checks/"
# name: (who, url or url(s01), grow(s01), text the grown page shows, query budget).
# Measured on the demo data (Django 6, SQLite): today 7, inspections 8, checklists 7,
# schedules 7, oversight 13, checklist 12, detail 9, bureau 7, API today 6, API inspections 7;
# each budget is that plus 2. The checklist page takes 42 with 30 more versions (a query per
# version for the person who made it) and the API checklist list 28 on the demo data and 118
# with 30 more checklists (three queries per checklist for its current version and items):
# their budgets are what the pages like them take, plus 2.
CASES = {
    "today": ("s01.guard", S, grow_today, "000今日清单29", 18),  # rounds made on a new day
    "inspections": (
        "s01.officer",
        S + "inspections/?failed=on",
        grow_inspections,
        "000记录清单00",
        10,
    ),
    "checklists": ("s01.officer", S + "checklists/", grow_checklists, "000新清单24", 9),
    "schedules": ("s01.officer", S + "schedules/", grow_schedules, "000排班清单24", 9),
    "oversight": (
        "s01.officer",
        S + "oversight/",
        grow_oversight,
        ("000漏检清单", "000失败清单", "查询岗位"),
        15,
    ),
    "checklist": ("s01.officer", _checklist_url, grow_checklist, ("新增检查项29", "检查人"), 14),
    "detail": ("s01.officer", _detail_url, grow_detail, ("新增检查项29", "查询分组2"), 11),
    "bureau": ("bureau.admin", _district_url, grow_bureau, "000查询学校", 9),
    "api_today": ("s01.guard", A + "today", grow_api_today, "000今日清单29", 8),
    "api_checklists": ("s01.officer", A + "checklists", grow_api_checklists, "000接口清单29", 9),
    "api_inspections": ("s01.guard", A + "inspections", grow_api_inspections, "000接口记录29", 9),
}
MARKS = {}


@pytest.mark.parametrize("name", [pytest.param(n, marks=MARKS.get(n, [])) for n in CASES])
def test_checks_pages_stay_within_a_fixed_query_budget(name, login, org):
    budgets.assert_case(name, CASES[name], login, org("s01"), MORE)


def test_the_api_inspection_list_returns_at_most_fifty_a_page(org, login):
    """What one API list request costs is bounded by its page size."""
    s01 = org("s01")
    grow_inspections(s01)
    body = login("s01.officer").get(f"/api/v1/schools/{s01.pk}/checks/inspections").json()
    assert body["count"] == Inspection.objects.filter(school=s01).count() > 50
    assert len(body["items"]) == 50
