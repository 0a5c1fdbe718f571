"""Demo checks: starter checklists adopted by every school, scheduled to its posts, with 30 days
of history: mostly done, some late, some missed, and failures that became hazards.

The plain history is written in bulk (thousands of rows); every failure goes through the
inspection service, so its hazard is filed by the ledger's own rules.
"""

import io
import random
import uuid
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from safecampus.core.models import Org, OrgKind, Post, PostKind, User, Zone, ZoneKind
from safecampus.core.roles import Role
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import muted
from safecampus.inspections import services
from safecampus.inspections.library import BY_KEY
from safecampus.inspections.models import (
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    ItemKind,
    Outcome,
    Recurrence,
    TaskStatus,
)
from safecampus.inspections.services.templates import current_version

HISTORY_DAYS = 30


def _photo(seed):
    image = Image.new("RGB", (64, 48), ((seed * 37) % 255, 120, (seed * 91) % 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"check-{seed}.png", buffer.getvalue(), content_type="image/png")


def _plan(school):
    """(library key, post kind or None for the officer, zone kind or None, extra fields)."""
    plan = [
        ("gate_daily", PostKind.GUARD, ZoneKind.GATE, {}),
        ("duty_teacher_daily", PostKind.DUTY_TEACHER, None, {}),
        ("fire_monthly", None, None, {}),
        ("term_start", None, None, {}),
        ("winter_wiring", None, None, {"ends_on": date(2026, 12, 15)}),
        ("flood_season", None, None, {"starts_on": date(2026, 5, 4), "ends_on": date(2026, 5, 29)}),
    ]
    kinds = set(Post.objects.filter(school=school).values_list("kind", flat=True))
    if PostKind.CANTEEN_MANAGER in kinds:
        plan.append(("canteen_daily", PostKind.CANTEEN_MANAGER, ZoneKind.CANTEEN, {}))
    if PostKind.LAB_MANAGER in kinds:
        plan.append(("lab_weekly", PostKind.LAB_MANAGER, ZoneKind.LABORATORY, {}))
    if PostKind.DORM_MANAGER in kinds:
        plan.append(("dorm_night", PostKind.DORM_MANAGER, ZoneKind.DORMITORY, {}))
    return plan


def _schedules(school, officer, start):
    for key, post_kind, zone_kind, extra in _plan(school):
        entry = BY_KEY[key]
        template = services.adopt_from_library(actor=officer, school=school, key=key)
        post = Post.objects.filter(school=school, kind=post_kind).first() if post_kind else None
        zone = Zone.objects.filter(school=school, kind=zone_kind).first() if zone_kind else None
        fields = {
            "recurrence": entry.recurrence,
            "weekday": entry.weekday,
            "day_number": entry.day_number,
            "at": entry.at,
            "window_minutes": entry.minutes,
            "starts_on": start,
            "ends_on": None,
            "school_days_only": entry.school_days_only,
            **extra,
        }
        services.create_schedule(
            actor=officer,
            school=school,
            template=template,
            post=post,
            person=None if post else officer,
            zone=zone,
            **fields,
        )


def _doer(task, officer):
    if task.person_id:
        return task.person
    if task.post_id is None:
        return officer
    holder = task.post.assignments.filter(ended_at__isnull=True).order_by("pk").first()
    return holder.user if holder else officer


def _answers(items, fail_item=None):
    answers = {}
    for item in items:
        if item.kind == ItemKind.NUMBER:
            low = item.min_value if item.min_value is not None else 0
            high = item.max_value if item.max_value is not None else low + 10
            # A failure is what a school meets: too few guards, too light a sample; only an item
            # with no lower bound fails by going over. Whole numbers suit counts and measures.
            failing = low - 1 if low > 0 else high + 1
            value = failing if item is fail_item else (low + high) // 2
            answers[item.pk] = {"number": str(value)}
        elif item.kind == ItemKind.PASS_FAIL:
            answers[item.pk] = {"outcome": Outcome.FAIL if item is fail_item else Outcome.PASS}
        else:
            answers[item.pk] = {"text": ""}
    return answers


def _history(school, officer, rng, now, keep_open):
    """Plain passes in bulk; every seventh-or-so done check has a failure (via the service)."""
    demo_photo = store_upload(actor=officer, org=school, upload=_photo(school.pk), images_only=True)
    tasks = list(
        CheckTask.objects.filter(school=school, due_by__lt=now, status=TaskStatus.DUE)
        .exclude(pk__in=keep_open)
        .select_related("template", "post", "person", "zone")
        .order_by("due_from", "pk")
    )
    items_of = {}
    inspections, done_tasks = [], []
    for task in tasks:
        roll = rng.random()
        if roll < 0.09:
            continue  # missed: left for mark_missed
        if task.template_id not in items_of:
            version = current_version(task.template)
            items_of[task.template_id] = (version, list(version.items.all()))
        version, items = items_of[task.template_id]
        doer = _doer(task, officer)
        late = roll < 0.14
        when = (
            task.due_by + timedelta(minutes=rng.randint(5, 90))
            if late
            else (
                task.due_from
                + timedelta(minutes=rng.randint(1, max(2, task.schedule.window_minutes - 5)))
            )
        )
        if roll > 0.93:
            failable = [i for i in items if i.can_fail()]
            fail_item = rng.choice(failable)
            photos = {i.pk: [demo_photo] for i in items if i.kind == ItemKind.PHOTO}
            photos[fail_item.pk] = [_photo(task.pk)]
            services.submit_inspection(
                actor=doer,
                school=school,
                client_uuid=uuid.uuid4(),
                task=task,
                answers=_answers(items, fail_item),
                photos=photos,
                device_time=when,
                now=when,
            )
            continue
        inspections.append(
            Inspection(
                school=school,
                version=version,
                task=task,
                zone=task.zone,
                inspector=doer,
                client_uuid=uuid.uuid4(),
                device_time=when,
                submitted_at=when,
                late=late,
            )
        )
        done_tasks.append(task.pk)
    Inspection.objects.bulk_create(inspections)
    results, photo_links = [], []
    for inspection in Inspection.objects.filter(pk__in=[i.pk for i in inspections]).only(
        "pk", "version_id"
    ):
        version, items = next(v for v in items_of.values() if v[0].pk == inspection.version_id)
        answers = _answers(items)
        for item in items:
            number = answers[item.pk].get("number")
            results.append(
                InspectionResult(
                    inspection_id=inspection.pk,
                    item=item,
                    outcome=Outcome.PASS if item.can_fail() else Outcome.RECORDED,
                    number=number,
                )
            )
    InspectionResult.objects.bulk_create(results)
    through = InspectionResult.photos.through
    for result in results:
        if result.item.kind == ItemKind.PHOTO:
            photo_links.append(through(inspectionresult_id=result.pk, attachment_id=demo_photo.pk))
    through.objects.bulk_create(photo_links)
    CheckTask.objects.filter(pk__in=done_tasks).update(status=TaskStatus.DONE)


# The district's weekly fire-safety check, published to every school (issue 13 point 3).
PUBLISHED_NAME = "校园消防安全周检查"
PUBLISHED_ITEMS = [
    ("消防设施", "灭火器压力在绿区、在有效期内", "fire"),
    ("消防设施", "消火栓箱完好，水带水枪齐全", "fire"),
    ("疏散", "疏散通道、安全出口畅通无堆物", "fire"),
    ("疏散", "应急照明和疏散指示标志有效", "fire"),
    ("用电", "无私拉乱接电线、无违规电器", "electrical"),
    ("值守", "消防控制室有人值守、记录完整", "fire"),
]


def _publish(demo, start):
    """Idempotent: the checklist is published once. Before the schools' history is written, so
    the published weekly check gets the same done, late and missed weeks as the rest."""
    inspector = demo.bureau[Role.BUREAU_INSPECTOR]
    district = Org.objects.get(pk__in=demo.schools[0].ancestor_ids(), kind=OrgKind.DISTRICT)
    if ChecklistTemplate.objects.filter(school=district, name=PUBLISHED_NAME).exists():
        return
    template = services.create_template(
        actor=inspector,
        school=district,
        name=PUBLISHED_NAME,
        area="fire",
        description="城南区教育局统一下发，每周五由各校安全主任完成。",
        items=[
            {"group": group, "text": text, "category": category}
            for group, text, category in PUBLISHED_ITEMS
        ],
    )
    services.publish(
        actor=inspector,
        bureau=district,
        template=template,
        target={},
        post_kind=PostKind.SAFETY_OFFICER,
        recurrence=Recurrence.WEEKLY,
        weekday=4,
        at=time(14, 0),
        window_minutes=180,
        starts_on=start,
        school_days_only=True,
    )


def load_demo_checks(demo, now=None):
    """Idempotent: a school that already has checklists is left alone."""
    schools = demo.schools
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - timedelta(days=HISTORY_DAYS)
    with muted():
        fresh = [s for s in schools if not ChecklistTemplate.objects.filter(school=s).exists()]
        if fresh:
            _publish(demo, start)
        for index, school in enumerate(schools):
            if school not in fresh:
                continue
            with transaction.atomic():
                officer = User.objects.get(username=f"{school.code}.officer")
                _schedules(school, officer, start)
                services.generate_tasks(school, start, today + timedelta(days=1))
                # Today's duty round of s01's teacher stays to be done: the demo walks through it.
                keep = CheckTask.objects.filter(
                    school=school, day=today, schedule__template__library_key="duty_teacher_daily"
                ).values_list("pk", flat=True)
                _history(school, officer, random.Random(index), now, set(keep))
    services.mark_missed(now)
