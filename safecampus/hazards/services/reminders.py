"""Daily reminders and escalations for hazards in rectification. Idempotent: each reminder is
recorded (hazard, kind, deadline) and never sent twice; an extension moves the deadline and so
starts the reminders again."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.roles import Cap, Role
from safecampus.core.services.notifications import notify
from safecampus.hazards.models import Hazard, Reminder, Status
from safecampus.hazards.rules import rules_for
from safecampus.hazards.services.moves import _bureau, _principals, today


@dataclass
class Due:
    hazard: Hazard
    kind: str
    people: list
    title: Promise
    days: int


def _officers(school):
    return holders(Cap.HAZARD_ASSIGN, school).filter(
        memberships__org=school, memberships__role=Role.SAFETY_OFFICER
    )


def _due_for(hazard, rules, on):
    days_left = (hazard.deadline - on).days
    if days_left in rules.reminder_days():
        yield (
            f"before_{days_left}",
            [hazard.responsible_person],
            gettext_lazy("Hazard #%(id)s is due in %(days)s day(s): %(place)s"),
        )
    if days_left >= 0:
        return
    # The safety office first; the principal only after principal_after_days.
    yield (
        "overdue",
        [hazard.responsible_person, *_officers(hazard.school)],
        gettext_lazy("Hazard #%(id)s is overdue: %(place)s"),
    )
    if -days_left >= rules.principal_after_days:
        yield (
            "overdue_principal",
            _principals(hazard.school),
            gettext_lazy("Hazard #%(id)s is %(days)s day(s) overdue: %(place)s"),
        )
    if hazard.supervised:
        yield (
            "overdue_bureau",
            _bureau(hazard),
            gettext_lazy("Major hazard #%(id)s at %(school)s is overdue"),
        )


def reminders_due(on=None):
    """Who is to be reminded of which hazard on `on` by the school's rules, sent or not."""
    on = on or today()
    rules_cache = {}
    hazards = Hazard.objects.filter(
        status=Status.RECTIFYING, deadline__isnull=False
    ).select_related("school", "responsible_person")
    for hazard in hazards.iterator(chunk_size=500):
        rules = rules_cache.get(hazard.school_id)
        if rules is None:
            rules = rules_cache[hazard.school_id] = rules_for(hazard.school)
        days = abs((hazard.deadline - on).days)
        for kind, people, title in _due_for(hazard, rules, on):
            people = [p for p in people if p is not None]
            if people:
                yield Due(hazard, kind, people, title, days)


def _once(hazard, kind):
    try:
        with transaction.atomic():
            Reminder.objects.create(hazard=hazard, kind=kind, deadline=hazard.deadline)
    except IntegrityError:
        return False
    return True


def send_reminders(on=None):
    """Send the reminders due on `on` that were not sent before; returns how many were sent."""
    sent = 0
    for due in reminders_due(on):
        hazard = due.hazard
        if _once(hazard, due.kind):
            notify(
                due.people,
                kind=f"hazard.{due.kind}",
                title=due.title,
                params={
                    "id": hazard.pk,
                    "place": hazard.place,
                    "school": hazard.school.name,
                    "days": due.days,
                },
                url=hazard.get_absolute_url(),
                org=hazard.school,
            )
            sent += 1
    return sent
