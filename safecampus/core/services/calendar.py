"""Setting the calendar: terms and holidays, by a bureau for its schools or by one school."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import CalendarException, Term
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require


@transaction.atomic
def add_term(*, actor, org, name, start, end):
    require(actor, Cap.CALENDAR_MANAGE, org)
    if end < start:
        raise DomainError(_("The end date must not be before the start date."))
    if Term.objects.filter(org=org, start__lte=end, end__gte=start).exists():
        raise DomainError(_("This term overlaps another term of the same calendar."))
    term = Term.objects.create(org=org, name=name.strip(), start=start, end=end)
    audit.record(
        actor=actor,
        org=org,
        action="calendar.term_add",
        obj=term,
        changes={"from": start, "to": end},
    )
    return term


@transaction.atomic
def add_exception(*, actor, org, name, kind, start, end):
    require(actor, Cap.CALENDAR_MANAGE, org)
    if end < start:
        raise DomainError(_("The end date must not be before the start date."))
    day = CalendarException.objects.create(
        org=org, name=name.strip(), kind=kind, start=start, end=end
    )
    audit.record(
        actor=actor,
        org=org,
        action="calendar.day_add",
        obj=day,
        changes={"kind": kind, "from": start, "to": end},
    )
    return day


@transaction.atomic
def remove_entry(*, actor, entry):
    """Remove a term or a holiday from the calendar that owns it."""
    require(actor, Cap.CALENDAR_MANAGE, entry.org)
    label = f"{entry.name} {entry.start:%Y-%m-%d}–{entry.end:%Y-%m-%d}"
    org = entry.org
    entry.delete()
    audit.record(actor=actor, org=org, action="calendar.remove", object_repr=label)
