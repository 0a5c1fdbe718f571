"""Reports the system writes on a schedule (ReportSchedule rules): each period's report of
every school and bureau whose rule says so, asked for by no person, each exactly once."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from safecampus.core import rulesets
from safecampus.core.models import Org
from safecampus.core.reporting import REPORT_KINDS
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.reports.models import ReportSchedule, Summary
from safecampus.reports.services.summaries import _enqueue

log = logging.getLogger(__name__)


def last_period(every_months, today):
    """The latest period of `every_months` months (counted from January) that has ended
    before `today`: (first day, last day)."""
    index = (today.month - 1) // every_months
    current = date(today.year, index * every_months + 1, 1)
    month = current.month - every_months
    year = current.year
    if month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), current - timedelta(days=1)


def rule_for(rows, org):
    """Of one kind's rule rows, the one in force at `org` (the nearest up the tree)."""
    return rulesets.nearest(rows, org.path)


def due(today):
    """[(org, kind, start, end, rule)] of the reports whose period has ended and that the
    schedule has not written yet: two queries for the rules and the reports already made,
    one for the orgs."""
    rows = {}
    for row in ReportSchedule.objects.select_related("org").order_by("pk"):
        if row.kind in REPORT_KINDS:
            rows.setdefault(row.kind, []).append(row)
    if not rows:
        return []
    found = []
    orgs = list(Org.objects.order_by("path"))
    for kind, kind_rows in rows.items():
        for org in orgs:
            rule = rule_for(kind_rows, org)
            if rule is None or not rule.active:
                continue
            start, end = last_period(rule.every_months, today)
            found.append((org, kind, start, end, rule))
    made = set(
        Summary.objects.filter(
            requested_by__isnull=True,
            kind__in=list(rows),
            end__gte=min((item[3] for item in found), default=today),
        ).values_list("org_id", "kind", "start", "end")
    )
    return [item for item in found if (item[0].pk, item[1], item[2], item[3]) not in made]


def request_scheduled(*, org, kind, start, end, rule):
    """Ask, as the system, for `org`'s report of `kind` from `start` to `end`; on the audit
    trail with no person and the rule named. None when it was asked for already (a second
    run, or two workers at once: the constraint summary_scheduled_once holds)."""
    report = REPORT_KINDS[kind]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(org)s %(kind)s %(start)s – %(end)s") % {
            "org": org.name,
            "kind": report.title,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        why = _("Written on the schedule: every %(n)s months (%(source)s)") % {
            "n": rule.every_months,
            "source": rule.source or _("no source given"),
        }
    try:
        with transaction.atomic():
            summary = Summary.objects.create(
                org=org,
                title=title[:120],
                kind=kind,
                start=start,
                end=end,
                caps=sorted({Cap.REPORT_VIEW, report.cap}),
                requested_by=None,
            )
            audit.record(
                actor=None,
                org=org,
                action="summary.schedule",
                obj=summary,
                changes={"rule": rule.pk, "every_months": rule.every_months, "why": why},
            )
            _enqueue(summary.pk)
    except IntegrityError:
        log.info("report %s of %s for %s–%s was asked for already", kind, org.pk, start, end)
        return None
    return summary


def write_scheduled(today):
    """The schedule's run: every report due, asked for once. Returns how many were asked."""
    made = 0
    for org, kind, start, end, rule in due(today):
        if request_scheduled(org=org, kind=kind, start=start, end=end, rule=rule) is not None:
            made += 1
    return made
