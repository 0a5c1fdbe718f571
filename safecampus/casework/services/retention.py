"""Retention: what a ledger's rule says has been kept long enough is anonymised or deleted
(PIPL §19: no longer than the purpose needs). Run by the periodic task; decides nothing the
rules do not say. The audit trail keeps one event per school and run, with counts only."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safecampus.casework.models import (
    BullyingCase,
    BullyingMessage,
    BullyingStatus,
    ConcernStatus,
    Dispute,
    DisputeStatus,
    HealthNote,
    HealthStatus,
    Ledger,
    MandatoryReport,
    MandatoryStatus,
    PersonOfConcern,
    RetentionAction,
)
from safecampus.casework.rules import retention_rules
from safecampus.core.models import Org
from safecampus.core.rulesets import nearest
from safecampus.core.services import audit

ANONYMISED = "——"


def _anonymise_concerns(queryset):
    """Keep what the counts need (school, category, level, dates); drop who and what."""
    return queryset.update(
        student=None,
        staff=None,
        name=ANONYMISED,
        id_number="",
        assessment="",
        measures="",
        close_reason="",
        anonymised_at=timezone.now(),
    )


def _anonymise_disputes(queryset):
    return queryset.update(parties=ANONYMISED, summary="", outcome="", anonymised_at=timezone.now())


def _anonymise_bullying(queryset):
    """Keep the school, the act, the finding's category and the dates; drop who and what, the
    messages, and the tracking code (the reporter can no longer look the case up)."""
    BullyingMessage.objects.filter(case__in=queryset).delete()
    return queryset.update(
        parties=ANONYMISED,
        reporter="",
        summary="",
        happened="",
        committee="",
        finding="",
        measures="",
        onward_note="",
        closing_note="",
        code_digest=None,
        anonymised_at=timezone.now(),
    )


def _anonymise_mandatory(queryset):
    """Keep the school, the trigger and the times (whether it was reported in time)."""
    return queryset.update(
        subject=ANONYMISED, summary="", receipt="", outcome="", anonymised_at=timezone.now()
    )


def _anonymise_health(queryset):
    """Keep the school, the kind and the dates; drop the student, what and the notice."""
    return queryset.update(
        student=None,
        detail=ANONYMISED,
        emergency="",
        pe_limits="",
        notice=None,
        anonymised_at=timezone.now(),
    )


# Per ledger: its model, its closed states, how it is anonymised.
LEDGERS = {
    Ledger.CONCERN: (PersonOfConcern, (ConcernStatus.CLOSED,), _anonymise_concerns),
    Ledger.DISPUTE: (
        Dispute,
        (DisputeStatus.SETTLED, DisputeStatus.UNSETTLED),
        _anonymise_disputes,
    ),
    Ledger.BULLYING: (BullyingCase, (BullyingStatus.CLOSED,), _anonymise_bullying),
    Ledger.MANDATORY: (MandatoryReport, (MandatoryStatus.CLOSED,), _anonymise_mandatory),
    Ledger.HEALTH: (HealthNote, (HealthStatus.CLOSED,), _anonymise_health),
}


def _expired(ledger, school, days, today):
    model, closed, _anonymise = LEDGERS[ledger]
    return model.objects.filter(
        school=school,
        status__in=closed,
        closed_on__lt=today - timedelta(days=days),
        anonymised_at__isnull=True,
    )


@transaction.atomic
def apply_retention(today=None):
    """Anonymise or delete each school's closed records past their rule, ledger by ledger;
    {school id: count}."""
    today = today or timezone.localdate()
    done = {}
    for ledger, rules in retention_rules().items():
        model, closed, anonymise = LEDGERS[ledger]
        shortest = min(rule.days_after_close for rule in rules)
        candidates = model.objects.filter(
            status__in=closed,
            closed_on__lt=today - timedelta(days=shortest),
            anonymised_at__isnull=True,
        )
        schools = Org.objects.filter(pk__in=candidates.values("school")).order_by("pk")
        for school in schools:
            rule = nearest(rules, school.path)
            if rule is None:
                continue
            expired = _expired(ledger, school, rule.days_after_close, today)
            if rule.action == RetentionAction.DELETE:
                ids = list(expired.values_list("pk", flat=True))
                count = len(ids)
                model.objects.filter(pk__in=ids).delete()
            else:
                count = anonymise(expired)
            if count:
                done[school.pk] = done.get(school.pk, 0) + count
                audit.record(
                    actor=None,
                    org=school,
                    action="casework.retention",
                    object_repr=str(Ledger(ledger).label),
                    changes={"ledger": ledger, "action": rule.action, "count": count},
                )
    return done
