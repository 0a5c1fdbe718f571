"""Trainings of the term for every demo school: two staff trainings by the safety officer for
the head teachers (one of s01's missed the second, so s01 shows one person short), the
principal's safety-situation report (s02's has not given it yet), a lecture by the police for
the students and a parents' meeting before the winter holiday."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from safecampus.core.models import User
from safecampus.education.models import Audience, Training, TrainingAttendee, TrainingKind
from safecampus.education.queries.lessons import term_start
from safecampus.education.rules import topics_for
from safecampus.students.models import SchoolClass


def _add(at, kind, audience, title, days, hours, topic, *, speaker=None, name="", people=(),
         count=0):  # fmt: skip
    """One training of the school `at` describes (school, start of term, topics, officer)."""
    training = Training.objects.create(
        school=at["school"],
        kind=kind,
        audience=audience,
        title=title,
        topic=at["topics"].get(topic),
        day=at["start"] + timedelta(days=days),
        hours=Decimal(hours),
        speaker=speaker,
        speaker_name=name,
        attendance=len(people) if audience == Audience.STAFF else count,
        recorded_by=at["officer"],
    )
    TrainingAttendee.objects.bulk_create(
        TrainingAttendee(training=training, person=p) for p in people
    )


def load_trainings(demo):
    if Training.objects.exists():
        return
    today = timezone.localdate()
    for school in demo.schools:
        start = term_start(school, today)
        if start is None or (today - start).days < 40:
            continue
        officer = User.objects.get(username=f"{school.code}.officer")
        principal = User.objects.get(username=f"{school.code}.principal")
        at = {
            "school": school,
            "start": start,
            "topics": {t.code: t for t in topics_for(school)},
            "officer": officer,
        }
        heads = list(
            User.objects.filter(
                pk__in=SchoolClass.objects.filter(school=school).values("head_teacher")
            ).order_by("username")
        )
        _add(
            at,
            TrainingKind.TRAINING,
            Audience.STAFF,
            "班主任安全工作培训（一）",
            9,
            "2",
            "rescue",
            speaker=officer,
            people=heads,
        )
        second = heads[1:] if school.code == "s01" else heads
        _add(
            at,
            TrainingKind.TRAINING,
            Audience.STAFF,
            "班主任安全工作培训（二）",
            37,
            "1.5",
            "fire",
            speaker=officer,
            people=second,
        )
        if school.code != "s02":
            _add(
                at,
                TrainingKind.SAFETY_REPORT,
                Audience.STAFF,
                "本学期学校安全形势报告",
                14,
                "1",
                None,
                speaker=principal,
                people=[*heads, officer],
            )
        _add(
            at,
            TrainingKind.LECTURE,
            Audience.STUDENTS,
            "法治安全进校园",
            23,
            "1",
            "fraud",
            name="派出所民警",
            count=180,
        )
        _add(at, TrainingKind.LECTURE, Audience.PARENTS, "家长会：冬季与寒假安全", 50, "1",
             "holiday", speaker=principal, count=120)  # fmt: skip
