"""The supervision hub: a school's people see what the bureau waits for from them, the bureau
what it must review and follow; each figure equals the rows behind it; the route is in the
scope matrix; a school's home carries the same counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from safecampus.core.models import Org
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.supervision.models import (
    DispatchKind,
    DispatchStatus,
    SupervisionVisit,
    TaskRecipient,
    TaskReplyStatus,
    VisitStatus,
)
from safecampus.supervision.urls import hub_patterns
from tests.roles import BUREAU, ROLE_OF
from tests.scope import in_scope, outside_school, targets

pytestmark = pytest.mark.django_db


def _hub(org):
    return reverse("supervision:hub", args=[org.pk])


def test_the_hub_route_is_tried_below():
    assert {p.name for p in hub_patterns} == {"hub"}


@pytest.mark.parametrize("username", sorted(ROLE_OF))
def test_every_role_on_every_target(username, login):
    outside_school()
    client = login(username)
    codes = {"s01": "s01", "s02": "s02", "outside": "n01"}
    allowed = Cap.SUPERVISION_VIEW in CAPABILITIES[ROLE_OF[username]]
    for target in targets(username):
        status = client.get(_hub(Org.objects.get(code=codes[target]))).status_code
        if not in_scope(username, target):
            assert status == 404, (username, target)
        else:
            assert status == (200 if allowed else 403), (username, target)
    district = client.get(_hub(Org.objects.get(code="demo-district"))).status_code
    if username in BUREAU:
        assert district == (200 if allowed else 403)
    else:
        assert district == 404


def test_a_school_sees_the_tasks_waiting_for_it(login, org):
    school = org("s01")
    waiting = TaskRecipient.objects.filter(
        school=school,
        task__kind=DispatchKind.TASK,
        task__status=DispatchStatus.OPEN,
        status__in=[TaskReplyStatus.PENDING, TaskReplyStatus.RETURNED],
    ).count()
    issued = SupervisionVisit.objects.filter(school=school, status=VisitStatus.ISSUED).count()
    page = login("s01.officer").get(_hub(school)).content.decode()
    assert 'id="hub-tasks"' in page
    tasks_card = page.split('id="hub-tasks"')[1].split("</a>")[0]
    assert f">{waiting}<" in tasks_card
    notices_card = page.split('id="hub-visit-notices"')[1].split("</a>")[0]
    assert f">{issued}<" in notices_card
    # The same count on the school's home page, linking to the hub.
    home = login("s01.officer").get("/").content.decode()
    assert 'id="count-bureau-tasks"' in home and _hub(school) in home


def test_the_bureau_sees_what_to_recheck_and_the_plan_button(login, org):
    district = org("demo-district")
    responded = SupervisionVisit.objects.filter(
        bureau__path__startswith=district.path, status=VisitStatus.RESPONDED
    ).count()
    page = login("bureau.inspector").get(_hub(district)).content.decode()
    card = page.split('id="hub-recheck"')[1].split("</a>")[0]
    assert f">{responded}<" in card
    assert 'id="hub-plan-visit"' in page
    # The police liaison has no supervision: no hub in its menu.
    assert 'id="nav-supervision"' in page
    assert 'id="nav-supervision"' not in login("police.liaison").get("/").content.decode()


def test_a_visit_to_recheck_is_counted_once_it_is_responded(login, org):
    district = org("demo-district")
    visit = SupervisionVisit.objects.filter(
        bureau__path__startswith=district.path, status=VisitStatus.ISSUED
    ).first()
    client = login("bureau.admin")

    def recheck():
        page = client.get(_hub(district)).content.decode()
        card = page.split('id="hub-recheck"')[1].split("</a>")[0]
        return int(card.split('class="stat')[1].split(">")[1].split("<")[0])

    before = recheck()
    SupervisionVisit.objects.filter(pk=visit.pk).update(
        status=VisitStatus.RESPONDED, responded_at=timezone.now()
    )
    assert recheck() == before + 1
