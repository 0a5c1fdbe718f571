"""The safety calendar's changes: a person's private link for a phone's calendar (made, revoked)
and the reminders before each item, sent once by the scheduler."""

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.models import Org, OrgKind
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import items_for
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.reports import seasons
from safecampus.reports.models import CalendarFeed, CalendarReminder

# The longest lead time a rule may set (CalendarRules, SeasonalTask): the reminders look this
# far ahead.
LOOKAHEAD = 60


def create_feed(*, actor, school):
    """A new private link to the school's calendar for `actor`; their earlier link to it stops
    working. Returns the row and the key, which is shown once and never stored."""
    require(actor, Cap.REPORT_VIEW, school)
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        CalendarFeed.objects.filter(user=actor, school=school, revoked_at__isnull=True).update(
            revoked_at=now
        )
        feed = CalendarFeed.objects.create(
            user=actor, school=school, key_hash=CalendarFeed.hash_key(key)
        )
        audit.record(actor=actor, org=school, action="calendar.feed_create", obj=feed)
    return feed, key


def revoke_feed(*, actor, feed):
    """Stop a link working: it answers 404 from now on."""
    if feed.user_id != actor.pk:
        raise DomainError(_("This is not your calendar link."))
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        if feed.revoked_at is not None:
            raise DomainError(_("This link was revoked already."))
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(actor=actor, org=feed.school, action="calendar.feed_revoke", obj=feed)
    return feed


REMINDER = gettext_lazy("Safety calendar: %(title)s on %(day)s")


def _due(item, default_lead, today):
    lead = default_lead if item.lead_days is None else item.lead_days
    return lead > 0 and item.start - timedelta(days=lead) <= today <= item.start


def remind_school(school, today):
    """Remind the school's safety officer and principal of each item whose lead time has come;
    each item once (a CalendarReminder row claims it)."""
    default_lead = seasons.lead_days(school)
    due = [i for i in items_for(school, today, today + timedelta(days=LOOKAHEAD))
           if _due(i, default_lead, today)]  # fmt: skip
    if not due:
        return 0
    people = list(holders(Cap.REPORT_MAKE, school).filter(memberships__org=school))
    url = reverse("reports:calendar", args=[school.pk])
    sent = 0
    for item in due:
        try:
            with transaction.atomic():
                CalendarReminder.objects.create(school=school, key=item.key[:120], due=item.start)
                audit.record(
                    actor=None,
                    org=school,
                    action="calendar.remind",
                    object_repr=str(item.title)[:200],
                    changes={"day": [None, item.start.isoformat()]},
                )
                notify(
                    people,
                    kind="calendar",
                    title=REMINDER,
                    url=f"{url}?month={item.start:%Y-%m}",
                    org=school,
                    params={"title": str(item.title), "day": item.start.isoformat()},
                )
        except IntegrityError:
            continue  # reminded already (a second run of the same morning)
        sent += 1
    return sent


def send_reminders(today=None):
    """The morning's reminders for every school."""
    today = today or timezone.localdate()
    sent = 0
    for school in Org.objects.filter(kind=OrgKind.SCHOOL).order_by("pk").iterator(chunk_size=200):
        sent += remind_school(school, today)
    return sent
