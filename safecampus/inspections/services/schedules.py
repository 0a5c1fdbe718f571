"""Schedules and the tasks they produce; tasks not done by the end of their window are missed."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Term
from safecampus.core.queries import SchoolCalendar
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.inspections import recurrence
from safecampus.inspections.models import CheckTask, Recurrence, Schedule, TaskStatus
from safecampus.inspections.workflow import CHECK_TASK

# A weekly or monthly check may move up to a month; the calendar is read this far around.
MARGIN = timedelta(days=35)


def _validate(school, template, post, person, zone, fields):
    if template.school_id != school.pk or template.archived:
        raise DomainError(_("Choose one of this school's checklists."))
    if sum(x is not None for x in (post, person)) > 1:
        raise DomainError(_("Give the check to a post or to a person, not both."))
    if post is None and person is None and (zone is None or zone.responsible_id is None):
        raise DomainError(
            _("Give the check to a post or a person, or choose a zone with a responsible person.")
        )
    for thing in (post, zone):
        if thing is not None and thing.school_id != school.pk:
            raise DomainError(_("Choose posts and zones of this school only."))
    if (
        person is not None
        and not person.memberships.filter(org=school, ended_at__isnull=True).exists()
    ):
        raise DomainError(_("The person must be a current member of this school."))
    validate_timing(fields)


def validate_timing(fields):
    """When a check repeats: the school's schedule and the bureau's publication alike."""
    kind = fields["recurrence"]
    if kind not in Recurrence.values:
        raise DomainError(_("Choose how often the check repeats."))
    if kind == Recurrence.WEEKLY and fields.get("weekday") not in range(7):
        raise DomainError(_("Choose the day of the week."))
    if kind == Recurrence.MONTHLY and fields.get("day_number") not in range(1, 32):
        raise DomainError(_("Choose a day of the month from 1 to 31."))
    if kind == Recurrence.TERM and fields.get("day_number") not in range(1, 61):
        raise DomainError(_("Choose which school day of the semester, from 1 to 60."))
    if kind == Recurrence.DATE_RANGE and not fields.get("ends_on"):
        raise DomainError(_("A check in a date range needs an end date."))
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise DomainError(_("The end date is before the start date."))
    if not 5 <= (fields.get("window_minutes") or 0) <= 24 * 60:
        raise DomainError(_("The time to do it must be between 5 minutes and 24 hours."))


@transaction.atomic
def create_schedule(
    *, actor, school, template, post=None, person=None, zone=None, now=None, **fields
):
    require(actor, Cap.CHECK_MANAGE, school)
    _validate(school, template, post, person, zone, fields)
    schedule = Schedule.objects.create(
        school=school, template=template, post=post, person=person, zone=zone, **fields
    )
    audit.record(
        actor=actor,
        org=school,
        action="check.schedule_create",
        obj=schedule,
        changes={"to": schedule.assignee_label, "repeats": schedule.recurrence},
    )
    today = timezone.localdate(now or timezone.now())
    generate_tasks(school, today, today + timedelta(days=1), schedules=[schedule])
    return schedule


@transaction.atomic
def stop_schedule(*, actor, schedule, now=None):
    """No more tasks; the ones not yet open are withdrawn (nobody has entered anything)."""
    require(actor, Cap.CHECK_MANAGE, schedule.school)
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.publication_id is not None:
        raise DomainError(_("The bureau published this check: only the bureau can withdraw it."))
    schedule.active = False
    schedule.save(update_fields=["active"])
    schedule.tasks.filter(status=TaskStatus.DUE, due_from__gt=now or timezone.now()).delete()
    audit.record(actor=actor, org=schedule.school, action="check.schedule_stop", obj=schedule)
    return schedule


def rule_of(schedule):
    return recurrence.Rule(
        recurrence=schedule.recurrence,
        starts_on=schedule.starts_on,
        ends_on=schedule.ends_on,
        weekday=schedule.weekday,
        day_number=schedule.day_number,
        school_days_only=schedule.school_days_only,
    )


def _terms(school, start, end):
    """The semesters that apply to the school: its own, else the nearest bureau's."""
    chain = list(reversed(school.ancestor_ids()))
    rank = {org_id: i for i, org_id in enumerate(chain)}
    rows = sorted(
        Term.objects.filter(org_id__in=chain, start__lte=end, end__gte=start),
        key=lambda t: (rank[t.org_id], t.start),
    )
    chosen = []
    for term in rows:
        if not any(t.start <= term.end and term.start <= t.end for t in chosen):
            chosen.append(term)
    return sorted((t.start, t.end) for t in chosen)


def generate_tasks(school, start, end, schedules=None):
    """Create the tasks due in [start, end]; existing ones are kept. Returns how many were new."""
    if schedules is None:
        schedules = list(Schedule.objects.filter(school=school, active=True))
    if not schedules:
        return 0
    calendar = SchoolCalendar(school, start - MARGIN, end + MARGIN)
    terms = _terms(school, start - MARGIN, end + MARGIN)
    rows = []
    for schedule in schedules:
        days = recurrence.occurrences(
            rule_of(schedule), start, end, is_school_day=calendar.is_school_day, terms=terms
        )
        for day in days:
            due_from, due_by = recurrence.window(day, schedule.at, schedule.window_minutes)
            rows.append(
                CheckTask(
                    schedule=schedule,
                    school=school,
                    template_id=schedule.template_id,
                    post_id=schedule.post_id,
                    person_id=schedule.person_id,
                    zone_id=schedule.zone_id,
                    day=day,
                    due_from=due_from,
                    due_by=due_by,
                )
            )
    before = CheckTask.objects.filter(school=school, day__range=(start, end)).count()
    CheckTask.objects.bulk_create(rows, ignore_conflicts=True)
    return CheckTask.objects.filter(school=school, day__range=(start, end)).count() - before


def mark_missed(now=None):
    """Tasks whose window has ended undone become missed. Returns how many."""
    ended = CheckTask.objects.filter(due_by__lt=now or timezone.now())
    return sum(
        ended.filter(status=state).update(status=missed)
        for state, missed in CHECK_TASK.moves("miss").items()
    )
