"""Visits for the supervision tests: planned by the demo bureau's inspector in the demo's
schools, on the district's checklist, and taken through the services to a given state."""

import itertools
from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, OrgKind, User
from safecampus.supervision.models import ResponseKind, VisitKind, VisitStatus
from safecampus.supervision.services import visits as services

SERIAL = itertools.count(1)


def bureau_of(school):
    return Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)


def version_for(bureau):
    return services.checklist_versions(bureau)[0]


def plan(school="s01", kind=VisitKind.ROUTINE, days=1, *, lead="bureau.inspector", more=()):
    school = Org.objects.get(code=school) if isinstance(school, str) else school
    bureau = bureau_of(school)
    lead = User.objects.get(username=lead)
    (visit,) = services.plan_visits(
        actor=lead,
        bureau=bureau,
        kind=kind,
        title=f"测试督导{next(SERIAL)}",
        planned_on=timezone.localdate() + timedelta(days=days),
        lead=lead,
        inspectors=[User.objects.get(username=u) for u in more],
        schools=[school],
        version=version_for(bureau),
    )
    return visit


def first_item(visit):
    return visit.version.items.order_by("position").first()


def visit_in(state, school="s01", kind=VisitKind.ROUTINE):
    """A visit of `school` brought to `state` through the services, one item failed."""
    visit = plan(school, kind)
    lead = visit.lead
    if state == VisitStatus.PLANNED:
        return visit
    if state == VisitStatus.CANCELLED:
        return services.cancel_visit(actor=lead, visit=visit, reason="天气原因")
    services.start_visit(actor=lead, visit=visit)
    if state == VisitStatus.UNDER_WAY:
        return visit
    services.record_item(
        actor=lead, visit=visit, item_id=first_item(visit).pk, outcome="fail", note="发现问题"
    )
    services.issue_notice(
        actor=lead,
        visit=visit,
        opinion="限期整改",
        rectify_by=timezone.localdate() + timedelta(days=10),
    )
    if state == VisitStatus.ISSUED:
        return visit
    officer = User.objects.get(username=f"{visit.school.code}.officer")
    services.respond(actor=officer, visit=visit, kind=ResponseKind.RECTIFICATION, text="已整改")
    if state == VisitStatus.RESPONDED:
        return visit
    return services.close_visit(actor=lead, visit=visit, note="复查合格")
