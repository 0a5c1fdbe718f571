"""Daily reminders and escalations for hazards in rectification. Idempotent: each reminder is
recorded (hazard, kind, deadline) and never sent twice; an extension moves the deadline and so
starts the reminders again."""

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.roles import Cap, Role
from safecampus.hazards import services
from safecampus.hazards.models import Hazard, Reminder, Status
from safecampus.hazards.rules import rules_for


def _once(hazard, kind):
    try:
        with transaction.atomic():
            Reminder.objects.create(hazard=hazard, kind=kind, deadline=hazard.deadline)
    except IntegrityError:
        return False
    return True


def send_reminders(on=None):
    """Returns the number of reminders sent."""
    on = on or services.today()
    sent = 0
    rules_cache = {}
    hazards = Hazard.objects.filter(
        status=Status.RECTIFYING, deadline__isnull=False
    ).select_related("school", "responsible_person")
    for hazard in hazards.iterator(chunk_size=500):
        rules = rules_cache.get(hazard.school_id)
        if rules is None:
            rules = rules_cache[hazard.school_id] = rules_for(hazard.school)
        days_left = (hazard.deadline - on).days
        messages = []
        if days_left in rules.reminder_days():
            messages.append(
                (
                    f"before_{days_left}",
                    [hazard.responsible_person],
                    gettext_lazy("Hazard #%(id)s is due in %(days)s day(s): %(place)s"),
                )
            )
        if days_left < 0:
            school = hazard.school
            # The safety office first; the principal only after principal_after_days.
            officers = holders(Cap.HAZARD_ASSIGN, school).filter(
                memberships__org=school, memberships__role=Role.SAFETY_OFFICER
            )
            messages.append(
                (
                    "overdue",
                    [hazard.responsible_person, *officers],
                    gettext_lazy("Hazard #%(id)s is overdue: %(place)s"),
                )
            )
            if -days_left >= rules.principal_after_days:
                messages.append(
                    (
                        "overdue_principal",
                        services._principals(school),
                        gettext_lazy("Hazard #%(id)s is %(days)s day(s) overdue: %(place)s"),
                    )
                )
            if hazard.supervised:
                messages.append(
                    (
                        "overdue_bureau",
                        services._bureau(hazard),
                        gettext_lazy("Major hazard #%(id)s at %(school)s is overdue"),
                    )
                )
        for kind, people, title in messages:
            people = [p for p in people if p is not None]
            if people and _once(hazard, kind):
                services.notify(
                    people,
                    kind=f"hazard.{kind}",
                    title=title,
                    params={
                        "id": hazard.pk,
                        "place": hazard.place,
                        "school": hazard.school.name,
                        "days": abs(days_left),
                    },
                    url=hazard.get_absolute_url(),
                    org=hazard.school,
                )
                sent += 1
    return sent


@task
def hazard_reminders():
    return send_reminders()
