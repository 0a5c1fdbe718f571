"""Safety lessons since the start of term for every demo class, about every eleven days (the
rule is fourteen): s01's third class and two of s02's have gone longer, so the school sees them
overdue and the bureau counts them."""

import random
from datetime import timedelta

from django.utils import timezone

from safecampus.education.models import SafetyLesson
from safecampus.education.queries.lessons import term_start
from safecampus.education.rules import topics_for
from safecampus.students.models import SchoolClass

LATE = {("s01", 2), ("s02", 0), ("s02", 3)}
TITLES = {
    "traffic": "过马路与乘车安全",
    "fire": "火灾逃生与灭火器使用",
    "drowning": "防溺水“六不”",
    "bullying": "对欺凌说不",
    "fraud": "识破电信诈骗",
    "online": "合理使用网络",
}


def load_lessons(demo):
    if SafetyLesson.objects.exists():
        return
    today = timezone.localdate()
    rows = []
    for school in demo.schools:
        start = term_start(school, today)
        if start is None:
            continue
        rng = random.Random(f"education-lessons-{school.code}")
        topics = [t for t in topics_for(school) if not t.for_holidays]
        classes = SchoolClass.objects.filter(school=school).select_related("head_teacher")
        for index, school_class in enumerate(classes.order_by("grade", "name", "pk")):
            if school_class.head_teacher is None:
                continue
            enrolled = school_class.students.filter(is_active=True).count()
            last = today - timedelta(days=20 if (school.code, index) in LATE else 3)
            day = start + timedelta(days=2 + index)
            while day <= last:
                # A lesson falling on a weekend is taught on the Friday before.
                taught = day - timedelta(days=max(day.weekday() - 4, 0))
                if taught >= start:
                    topic = rng.choice(topics)
                    rows.append(
                        SafetyLesson(
                            school=school,
                            school_class=school_class,
                            day=taught,
                            topic=topic,
                            title=TITLES.get(topic.code, ""),
                            teacher=school_class.head_teacher,
                            attendance=max(enrolled - rng.choice((0, 0, 1)), 0),
                            recorded_by=school_class.head_teacher,
                        )
                    )
                day += timedelta(days=11)
    SafetyLesson.objects.bulk_create(rows, batch_size=500)
