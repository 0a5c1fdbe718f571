"""Visits through their services: a failed item files exactly one hazard, refusals write
nothing, the school is told at the right moments."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Notification, Org, User
from safecampus.hazards.models import Hazard, Source
from safecampus.supervision.models import (
    SupervisionRules,
    SupervisionVisit,
    VisitKind,
    VisitResult,
    VisitStatus,
)
from safecampus.supervision.services import visits as services
from tests.scope import outside_school
from tests.supervision.visits_helpers import bureau_of, first_item, plan, version_for, visit_in

pytestmark = pytest.mark.django_db


def test_a_failed_item_files_exactly_one_hazard_with_the_visit_as_its_source():
    visit = visit_in(VisitStatus.UNDER_WAY)
    item = first_item(visit)
    before = Hazard.objects.filter(school=visit.school).count()
    result = services.record_item(
        actor=visit.lead, visit=visit, item_id=item.pk, outcome="fail", note="灭火器过期"
    )
    hazard = result.hazard
    assert Hazard.objects.filter(school=visit.school).count() == before + 1
    assert hazard.school == visit.school and hazard.source == Source.SUPERVISION
    assert hazard.origin_label == visit.title
    assert hazard.origin_url == visit.get_absolute_url()
    assert hazard.reporter == visit.lead
    assert "灭火器过期" in hazard.description and item.text in hazard.description


def test_recording_the_item_again_or_replaying_it_files_no_second_hazard():
    visit = visit_in(VisitStatus.UNDER_WAY)
    item = first_item(visit)
    sent = uuid.uuid4()
    first = services.record_item(
        actor=visit.lead, visit=visit, item_id=item.pk, outcome="fail", note="a", client_uuid=sent
    )
    count = Hazard.objects.filter(school=visit.school).count()
    replay = services.record_item(
        actor=visit.lead, visit=visit, item_id=item.pk, outcome="fail", note="a", client_uuid=sent
    )
    again = services.record_item(
        actor=visit.lead, visit=visit, item_id=item.pk, outcome="fail", note="更正说明"
    )
    assert replay.pk == first.pk == again.pk
    assert again.hazard_id == first.hazard_id and again.note == "更正说明"
    assert Hazard.objects.filter(school=visit.school).count() == count
    assert VisitResult.objects.filter(visit=visit).count() == 1


def test_a_passed_item_files_nothing_and_a_filed_hazard_is_not_taken_back():
    visit = visit_in(VisitStatus.UNDER_WAY)
    items = list(visit.version.items.order_by("position")[:2])
    count = Hazard.objects.count()
    services.record_item(actor=visit.lead, visit=visit, item_id=items[0].pk, outcome="pass")
    services.record_item(actor=visit.lead, visit=visit, item_id=items[1].pk, outcome="na")
    assert Hazard.objects.count() == count
    services.record_item(
        actor=visit.lead, visit=visit, item_id=items[0].pk, outcome="fail", note="x"
    )
    with pytest.raises(DomainError):
        services.record_item(actor=visit.lead, visit=visit, item_id=items[0].pk, outcome="pass")


def test_a_failed_item_says_what_was_wrong():
    visit = visit_in(VisitStatus.UNDER_WAY)
    with pytest.raises(DomainError):
        services.record_item(
            actor=visit.lead, visit=visit, item_id=first_item(visit).pk, outcome="fail"
        )
    assert not VisitResult.objects.filter(visit=visit).exists()


def test_only_the_visits_inspectors_record(person):
    visit = visit_in(VisitStatus.UNDER_WAY)
    for name in ("bureau.admin", "s01.officer"):
        with pytest.raises(PermissionRefused):
            services.record_item(
                actor=person(name), visit=visit, item_id=first_item(visit).pk, outcome="pass"
            )


def _snapshot():
    return (
        SupervisionVisit.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _plan_args(**changes):
    school = Org.objects.get(code="s01")
    bureau = bureau_of(school)
    lead = User.objects.get(username="bureau.inspector")
    args = {
        "actor": lead,
        "bureau": bureau,
        "kind": VisitKind.ROUTINE,
        "title": "督导",
        "planned_on": timezone.localdate() + timedelta(days=2),
        "lead": lead,
        "inspectors": [],
        "schools": [school],
        "version": version_for(bureau),
    }
    args.update(changes)
    return args


def test_a_plan_makes_one_visit_per_school_sharing_its_plan_id(org):
    visits = services.plan_visits(**_plan_args(schools=[org("s01"), org("s05")]))
    assert len(visits) == 2 and visits[0].plan_id == visits[1].plan_id
    assert {v.school.code for v in visits} == {"s01", "s05"}


@pytest.mark.parametrize(
    "case",
    ["comprehensive_short", "past", "school_outside", "inspector_outside", "not_a_checklist"],
)
def test_refused_plans_change_nothing(case, person, org):
    changes = {
        "comprehensive_short": {"kind": VisitKind.COMPREHENSIVE},
        "past": {"planned_on": timezone.localdate() - timedelta(days=1)},
        "school_outside": {"schools": [outside_school()]},
        "inspector_outside": {"inspectors": [person("s01.officer")]},
        "not_a_checklist": {"version": None},
    }[case]
    before = _snapshot()
    with pytest.raises(DomainError):
        services.plan_visits(**_plan_args(**changes))
    assert _snapshot() == before


def test_the_comprehensive_minimum_comes_from_the_nearest_rules(person):
    args = _plan_args(kind=VisitKind.COMPREHENSIVE, inspectors=[person("bureau.admin")])
    with pytest.raises(DomainError, match="3"):
        services.plan_visits(**args)
    SupervisionRules.objects.create(
        org=args["bureau"],
        name="区规则",
        visits_per_inspector_week=2,
        visits_per_school_semester=2,
        comprehensive_min_inspectors=2,
        reminder_days=2,
    )
    assert services.plan_visits(**args)[0].kind == VisitKind.COMPREHENSIVE


def test_an_announced_visit_tells_the_schools_leaders_at_planning(person):
    visit = plan("s01")
    told = set(
        Notification.objects.filter(url=visit.get_absolute_url()).values_list(
            "user__username", flat=True
        )
    )
    assert {"s01.officer", "s01.principal"} <= told
    assert "s01.teacher" not in told


def test_an_unannounced_visit_tells_the_school_only_when_it_starts():
    visit = plan("s01", VisitKind.UNANNOUNCED)
    url = visit.get_absolute_url()
    assert not Notification.objects.filter(url=url).exists()
    services.start_visit(actor=visit.lead, visit=visit)
    told = set(Notification.objects.filter(url=url).values_list("user__username", flat=True))
    assert "s01.officer" in told


def test_issue_needs_an_opinion_and_a_date_when_an_item_failed():
    visit = visit_in(VisitStatus.UNDER_WAY)
    services.record_item(
        actor=visit.lead, visit=visit, item_id=first_item(visit).pk, outcome="fail", note="x"
    )
    for opinion, day in (("", timezone.localdate()), ("意见", None)):
        with pytest.raises(DomainError):
            services.issue_notice(actor=visit.lead, visit=visit, opinion=opinion, rectify_by=day)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.UNDER_WAY


def test_issuing_the_notice_gives_the_findings_the_bureaus_deadline():
    visit = visit_in(VisitStatus.UNDER_WAY)
    result = services.record_item(
        actor=visit.lead, visit=visit, item_id=first_item(visit).pk, outcome="fail", note="x"
    )
    assert result.hazard.supervision_deadline is None
    due = timezone.localdate() + timedelta(days=14)
    services.issue_notice(actor=visit.lead, visit=visit, opinion="限期整改", rectify_by=due)
    result.hazard.refresh_from_db()
    assert result.hazard.supervision_deadline == due


def test_the_notice_tells_the_leaders_and_the_response_tells_the_inspectors():
    visit = visit_in(VisitStatus.RESPONDED, kind=VisitKind.ROUTINE)
    url = visit.get_absolute_url()
    rows = Notification.objects.filter(url=url)
    assert rows.filter(kind="svisit.issued", user__username="s01.officer").exists()
    assert rows.filter(kind="svisit.responded", user=visit.lead).exists()


def test_closing_counts_the_fixed_hazards():
    from safecampus.supervision.queries.visits import hazard_counts

    visit = visit_in(VisitStatus.CLOSED)
    assert visit.status == VisitStatus.CLOSED and visit.recheck_note
    assert hazard_counts(visit) == {"filed": 1, "fixed": 0}


def test_cancel_needs_a_reason():
    visit = plan("s01")
    with pytest.raises(DomainError):
        services.cancel_visit(actor=visit.lead, visit=visit, reason=" ")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_the_demo_has_visits_whose_findings_are_in_the_ledgers():
    visits = SupervisionVisit.objects.all()
    statuses = set(visits.values_list("status", flat=True))
    assert {"closed", "issued", "responded", "planned"} <= statuses
    assert visits.filter(kind=VisitKind.UNANNOUNCED, status="planned").exists()
    filed = Hazard.objects.filter(source=Source.SUPERVISION, origin_url__contains="/visits/")
    assert filed.count() == VisitResult.objects.filter(hazard__isnull=False).count() > 0
    assert filed.filter(status__in=("accepted", "closed")).exists()
