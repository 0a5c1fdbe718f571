"""The extension request's table holds: a pending request is granted or refused once; any other
decision is refused with the table's message and changes nothing (tests/workflows.py). The
hazard's own table has its state machine (test_workflow_machine.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent, Notification
from safecampus.hazards import services
from safecampus.hazards.models import ExtensionRequest, ExtensionStatus, Grade, Hazard, HazardEvent
from safecampus.hazards.workflow import EXTENSION
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

NOTES = st.sampled_from(["同意延期", "  预算未到位  ", "完成率50%，%(place)s"])


@every_move(EXTENSION, note=(NOTES, "同意延期"))
def test_an_extension_request_follows_its_table(state, action, note, org, person):
    officer, head = person("s01.officer"), person("s01.headteacher")
    deadline = timezone.localdate() + timedelta(days=7)

    def make(status):
        hazard = services.report_hazard(
            actor=person("s01.teacher"),
            school=org("s01"),
            place="实验楼",
            category="laboratory",
            description="通风柜不转",
        )
        services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL)
        services.assign(
            actor=officer,
            hazard=hazard,
            responsible_person=head,
            responsible_unit="总务处",
            measures="维修",
            deadline=deadline,
        )
        return ExtensionRequest.objects.create(
            hazard=hazard,
            requested_by=head,
            old_deadline=deadline,
            new_deadline=deadline + timedelta(days=7),
            reason="配件未到",
            status=status,
            decided_by=None if status == ExtensionStatus.PENDING else officer,
        )

    check_move(
        EXTENSION,
        state,
        action,
        make=make,
        act=lambda extension, action: services.decide_extension(
            actor=officer, extension=extension, grant=action == "grant", note=note
        ),
        trace=lambda extension: (
            list(ExtensionRequest.objects.filter(pk=extension.pk).values()),
            list(Hazard.objects.filter(pk=extension.hazard_id).values()),
            HazardEvent.objects.filter(hazard=extension.hazard_id).count(),
            AuditEvent.objects.count(),
            Notification.objects.count(),
        ),
    )
