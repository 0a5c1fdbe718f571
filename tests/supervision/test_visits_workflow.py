"""The visit table holds: every move it lists succeeds and lands where it says; every other is
refused with the table's message and changes nothing (tests/workflows.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Notification
from safecampus.hazards.models import Hazard
from safecampus.supervision.models import ResponseKind, SupervisionVisit, VisitResult
from safecampus.supervision.services import visits as services
from safecampus.supervision.workflow import VISIT
from tests.supervision.visits_helpers import first_item, plan
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _trace(visit):
    return (
        list(SupervisionVisit.objects.filter(pk=visit.pk).values()),
        list(VisitResult.objects.filter(visit=visit).order_by("pk").values()),
        Hazard.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@every_move(VISIT)
def test_visits_follow_their_table(state, action, person):
    officer = person("s01.officer")
    today = timezone.localdate()

    def make(status):
        visit = plan("s01")
        now = timezone.now()
        SupervisionVisit.objects.filter(pk=visit.pk).update(
            status=status, started_at=None if status in ("planned", "cancelled") else now
        )
        if status not in ("planned", "cancelled"):
            VisitResult.objects.create(
                visit=visit,
                item=first_item(visit),
                outcome="pass",
                recorded_by=visit.lead,
                recorded_at=now,
            )
        return SupervisionVisit.objects.get(pk=visit.pk)

    moves = {
        "start": lambda v: services.start_visit(actor=v.lead, visit=v),
        "cancel": lambda v: services.cancel_visit(actor=v.lead, visit=v, reason="改期"),
        "record": lambda v: services.record_item(
            actor=v.lead, visit=v, item_id=first_item(v).pk, outcome="na"
        ),
        "issue": lambda v: services.issue_notice(
            actor=v.lead, visit=v, opinion="意见", rectify_by=today + timedelta(days=5)
        ),
        "respond": lambda v: services.respond(
            actor=officer, visit=v, kind=ResponseKind.OBJECTION, text="申辩理由"
        ),
        "close": lambda v: services.close_visit(actor=v.lead, visit=v, note="复查"),
    }
    check_move(VISIT, state, action, make=make, act=lambda v, a: moves[a](v), trace=_trace)
