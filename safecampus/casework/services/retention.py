"""Retention: what a ledger's rule says has been kept long enough is anonymised or deleted
(PIPL §19: no longer than the purpose needs). Run by the periodic task; decides nothing the
rules do not say. The audit trail keeps one event per school and run, with counts only."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safecampus.casework.models import (
    ConcernStatus,
    Ledger,
    PersonOfConcern,
    RetentionAction,
)
from safecampus.casework.rules import nearest, retention_rules
from safecampus.core.models import Org
from safecampus.core.services import audit

ANONYMISED = "——"


def _anonymise_concerns(queryset):
    """Keep what the counts need (school, category, level, dates); drop who and what."""
    now = timezone.now()
    return queryset.update(
        student=None,
        staff=None,
        name=ANONYMISED,
        id_number="",
        assessment="",
        measures="",
        close_reason="",
        anonymised_at=now,
    )


def _expired_concerns(school, rule, today):
    cutoff = today - timedelta(days=rule.days_after_close)
    return PersonOfConcern.objects.filter(
        school=school,
        status=ConcernStatus.CLOSED,
        closed_on__lt=cutoff,
        anonymised_at__isnull=True,
    )


@transaction.atomic
def apply_retention(today=None):
    """Anonymise or delete each school's closed records past their rule; {school id: count}."""
    today = today or timezone.localdate()
    rules = retention_rules().get(Ledger.CONCERN, [])
    if not rules:
        return {}
    shortest = min(rule.days_after_close for rule in rules)
    candidates = PersonOfConcern.objects.filter(
        status=ConcernStatus.CLOSED,
        closed_on__lt=today - timedelta(days=shortest),
        anonymised_at__isnull=True,
    )
    schools = Org.objects.filter(pk__in=candidates.values("school")).order_by("pk")
    done = {}
    for school in schools:
        rule = nearest(rules, school.path)
        if rule is None:
            continue
        expired = _expired_concerns(school, rule, today)
        if rule.action == RetentionAction.DELETE:
            ids = list(expired.values_list("pk", flat=True))
            count = len(ids)
            PersonOfConcern.objects.filter(pk__in=ids).delete()
        else:
            count = _anonymise_concerns(expired)
        if count:
            done[school.pk] = count
            audit.record(
                actor=None,
                org=school,
                action="casework.retention",
                object_repr=str(Ledger.CONCERN.label),
                changes={"ledger": Ledger.CONCERN, "action": rule.action, "count": count},
            )
    return done
