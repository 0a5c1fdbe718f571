"""Visits made with the ORM for the visitdocs tests: the visits slice's services are built in
parallel, so these rows stand for what they will write (a failed item files its hazard through
`hazards.services.report_hazard`)."""

import datetime
import uuid

from django.utils import timezone

from safecampus.core.models import Org, User, Zone
from safecampus.hazards.models import Category
from safecampus.hazards.services import report_hazard
from safecampus.inspections.models import ChecklistItem
from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitResult, VisitStatus


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_visit(
    school,
    *,
    day=None,
    status=VisitStatus.ISSUED,
    kind=VisitKind.ROUTINE,
    lead="bureau.inspector",
    inspectors=("bureau.admin",),
    failed=(),
    opinion="校园安全管理总体规范，个别问题须限期整改。",
    rectify_by=None,
):
    """A visit of the demo bureau at `school`; each text in `failed` is a failed item whose
    hazard is filed by the school's officer (bureau roles do not report hazards yet)."""
    day = day or timezone.localdate()
    lead_user = User.objects.get(username=lead)
    started = status != VisitStatus.PLANNED
    visit = SupervisionVisit.objects.create(
        bureau=Org.objects.get(code="demo-district"),
        school=school,
        plan_id=uuid.uuid4(),
        kind=kind,
        title=f"{school.name}督导检查",
        planned_on=day,
        lead=lead_user,
        status=status,
        created_by=lead_user,
        created_at=at(day, 8),
        started_at=at(day) if started else None,
        issued_at=at(day, 16)
        if status in (VisitStatus.ISSUED, VisitStatus.RESPONDED, VisitStatus.CLOSED)
        else None,
        opinion=opinion,
        rectify_by=rectify_by or day + datetime.timedelta(days=14),
    )
    visit.inspectors.set([lead_user, *User.objects.filter(username__in=inspectors)])
    items = list(ChecklistItem.objects.order_by("pk")[: len(failed) + 1])
    zone = Zone.objects.filter(school=school, parent__isnull=False).order_by("pk").first()
    officer = User.objects.get(username="s01.officer") if school.code == "s01" else None
    for item, note in zip(items, failed, strict=False):
        hazard = report_hazard(
            actor=officer,
            school=school,
            place="现场",
            category=Category.FIRE,
            description=note,
            source="supervision",
            zone=zone,
            origin_label=visit.title,
            # report_hazard refuses a deadline already past (an old visit in a test).
            supervision_deadline=max(visit.rectify_by, timezone.localdate()),
        )
        VisitResult.objects.create(
            visit=visit,
            item=item,
            outcome="fail",
            note=note,
            hazard=hazard,
            recorded_by=lead_user,
            recorded_at=at(day, 11),
        )
    if len(items) > len(failed):
        VisitResult.objects.create(
            visit=visit,
            item=items[len(failed)],
            outcome="pass",
            recorded_by=lead_user,
            recorded_at=at(day, 11),
        )
    return visit
