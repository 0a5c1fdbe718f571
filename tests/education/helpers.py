"""What the education tests share: a fixed school day (the demo calendar's), the demo classes
and topics of s01."""

from datetime import date

import pytest
from django.utils import timezone

from safecampus.education.models import Reminder1530, Topic
from safecampus.students.models import SchoolClass

# A Wednesday of the demo district's autumn term, before 2026-12 so every clock has passed it.
SCHOOL_DAY = date(2026, 11, 18)


@pytest.fixture
def on_day(monkeypatch):
    """Pin "today" (timezone.localdate) to a day of the demo term."""

    def pin(day=SCHOOL_DAY):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return pin


def s01_class(position):
    """s01's classes in order: 0 is s01.headteacher's, 1 s01.teacher's."""
    return list(SchoolClass.objects.filter(school__code="s01").order_by("grade", "name", "pk"))[
        position
    ]


def topic(code):
    return Topic.objects.get(org=None, code=code)


def clear(school, start, end):
    Reminder1530.objects.filter(school=school, day__gte=start, day__lte=end).delete()
