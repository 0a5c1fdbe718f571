"""A term of 1530 entries for every demo class, with gaps: most classes keep their book, s01's
second class missed most of last week, s02 keeps it worse than the others, and today's entries
are in for only some of s01's classes (the home page shows the rest as missing).

Written in bulk (several thousand rows), as recorded on each day at dismissal: the demo shows
the record books, not the trail of each tap."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from safecampus.education.models import Reminder1530
from safecampus.education.queries.log import due_days_by_school
from safecampus.education.rules import rules_for, themes_for, topics_for
from safecampus.education.slots import minutes, suggested_topic
from safecampus.students.models import SchoolClass

DAYS_BACK = 95
KEEP_RATE = {"s02": 0.7}
TODAY_DONE = {"s01": 2}  # of s01's classes, the first two have today's entry


def _skipped(school, index, day, today, keep, rng):
    if day == today:
        return index >= TODAY_DONE.get(school.code, 0)
    if school.code == "s01" and index == 1 and (today - day).days <= 7:
        return True
    return rng.random() > keep


def load_log(demo):
    if Reminder1530.objects.exists():
        return
    today = timezone.localdate()
    start = today - timedelta(days=DAYS_BACK)
    due = due_days_by_school(demo.schools, start, today)
    zone = timezone.get_current_timezone()
    rows = []
    for school in demo.schools:
        rng = random.Random(f"education-1530-{school.code}")
        rules = rules_for(school)
        topics = topics_for(school)
        themes = themes_for(school)
        classes = list(
            SchoolClass.objects.filter(school=school)
            .select_related("head_teacher")
            .order_by("grade", "name", "pk")
        )
        keep = KEEP_RATE.get(school.code, 0.93)
        for index, school_class in enumerate(classes):
            if school_class.head_teacher is None:
                continue
            for day, slot in due[school.pk]:
                if _skipped(school, index, day, today, keep, rng):
                    continue
                rows.append(
                    Reminder1530(
                        school=school,
                        school_class=school_class,
                        day=day,
                        slot=slot,
                        minutes=minutes(rules, slot),
                        topic=suggested_topic(topics, themes, day, slot),
                        recorded_by=school_class.head_teacher,
                        recorded_at=datetime.combine(day, time(15, 30), tzinfo=zone),
                    )
                )
    Reminder1530.objects.bulk_create(rows, batch_size=500)
