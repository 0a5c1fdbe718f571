"""Reads of trainings: the school's list, one training with its attendees, and the staff's
quotas a term computed per person (seed 003: each head teacher trained at least twice, the
principal's safety-situation report once)."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.core.models import Membership, Org, User
from safecampus.core.queries import school_calendars
from safecampus.core.roles import Role
from safecampus.core.rulesets import nearest
from safecampus.education.models import (
    Audience,
    EducationRules,
    Training,
    TrainingAttendee,
    TrainingKind,
)
from safecampus.students.models import SchoolClass


def trainings(user, school):
    return (
        visible_to(user, Training)
        .filter(school=school)
        .select_related("speaker", "topic")
        .order_by("-day", "-pk")
    )


def attendees(training):
    return training.attendees.select_related("person").order_by("person__display_name", "pk")


@dataclass
class Quota:
    person: object
    duty: str  # "head_teacher" (trainings attended) or "principal" (reports given)
    required: int
    done: int

    @property
    def short(self):
        return max(self.required - self.done, 0)


def _term(school, day):
    term = school_calendars([school], day, day)[school.pk].term(day)
    return (term.start, term.end) if term else None


def quotas(school, day=None):
    """(term, [Quota]) of the school's head teachers and principals in the term holding `day`
    (None and [] in the holidays): four queries, plus the calendar and the rules."""
    day = day or timezone.localdate()
    term = _term(school, day)
    if term is None:
        return None, []
    found = _quotas([school], {school.pk: term})
    return term, found.get(school.pk, [])


def _quotas(schools, terms):
    """{school id: [Quota]} for schools with their (first, last) term days."""
    rules = list(EducationRules.objects.select_related("org"))
    ids = list(terms)
    earliest = min(first for first, _last in terms.values())
    latest = max(last for _first, last in terms.values())
    heads = (
        SchoolClass.objects.filter(school__in=ids, head_teacher__isnull=False)
        .values_list("school", "head_teacher")
        .distinct()
    )
    principals = (
        Membership.objects.active()
        .filter(org__in=ids, role=Role.PRINCIPAL)
        .values_list("org", "user")
        .distinct()
    )
    people = {}
    for school_id, person_id in heads:
        people.setdefault(school_id, []).append(("head_teacher", person_id))
    for school_id, person_id in principals:
        people.setdefault(school_id, []).append(("principal", person_id))
    attended = {}
    for school_id, person_id, first, n in (
        TrainingAttendee.objects.filter(
            training__school__in=ids,
            training__audience=Audience.STAFF,
            # Hearing the principal's report is no training of one's own.
            training__kind__in=[TrainingKind.TRAINING, TrainingKind.LECTURE],
            training__day__gte=earliest,
            training__day__lte=latest,
        )
        .values_list("training__school", "person", "training__day")
        .annotate(n=Count("pk"))
    ):
        start, end = terms[school_id]
        if start <= first <= end:
            attended[(school_id, person_id)] = attended.get((school_id, person_id), 0) + n
    given = {}
    for school_id, person_id, first in Training.objects.filter(
        school__in=ids,
        kind=TrainingKind.SAFETY_REPORT,
        speaker__isnull=False,
        day__gte=earliest,
        day__lte=latest,
    ).values_list("school", "speaker", "day"):
        start, end = terms[school_id]
        if start <= first <= end:
            given[(school_id, person_id)] = given.get((school_id, person_id), 0) + 1
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={pid for rows in people.values() for _d, pid in rows})
    }
    found = {}
    for school in schools:
        if school.pk not in terms:
            continue
        rule = nearest(rules, school.path)
        rows = []
        for duty, person_id in people.get(school.pk, []):
            if duty == "head_teacher":
                done = attended.get((school.pk, person_id), 0)
                rows.append(Quota(users[person_id], duty, rule.head_teacher_trainings, done))
            else:
                done = given.get((school.pk, person_id), 0)
                rows.append(Quota(users[person_id], duty, rule.principal_reports, done))
        rows.sort(key=lambda q: (q.duty != "principal", q.person.display_name, q.person.pk))
        found[school.pk] = rows
    return found


def people_short(schools, day=None):
    """{school id: staff short of their quota this term} for every school of the queryset, in
    a fixed number of queries."""
    day = day or timezone.localdate()
    rows = list(Org.objects.filter(pk__in=schools.values("pk")).only("pk", "path"))
    calendars = school_calendars(rows, day, day)
    terms = {}
    for row in rows:
        term = calendars[row.pk].term(day)
        if term is not None:
            terms[row.pk] = (term.start, term.end)
    if not terms:
        return {}
    found = _quotas(rows, terms)
    return {pk: sum(1 for q in quota if q.short) for pk, quota in found.items()}
