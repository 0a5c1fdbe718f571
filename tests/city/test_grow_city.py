"""The city generator: every module gets rows, the counts asked for, states that agree with their
timelines, the same rows from the same seed, and an audit trail that still verifies."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from safecampus.casework.models import (
    BullyingCase,
    ConcernFollowUp,
    Dispute,
    MandatoryReport,
    PersonOfConcern,
    Screening,
)
from safecampus.casework.queries.access import READ_ACTION
from safecampus.casework.rules import bullying_rules_for
from safecampus.city import grow as grow_module
from safecampus.city import schoolyear
from safecampus.core import metrics
from safecampus.core.models import (
    AuditEvent,
    Membership,
    Org,
    Post,
    PostAssignment,
    PostKind,
    ResponsibilityLetter,
    User,
    Zone,
)
from safecampus.core.queries import SchoolCalendar
from safecampus.core.roles import Role
from safecampus.education.models import Reminder1530, SafetyLesson, Training
from safecampus.emergencies.models import (
    Alarm,
    AlarmResponse,
    Drill,
    DrillClass,
    Incident,
    IncidentReport,
)
from safecampus.gate.models import Visit
from safecampus.hazards import tally
from safecampus.hazards.models import Hazard, HazardEvent, Status
from safecampus.inspections.models import CheckTask, Inspection, InspectionResult
from safecampus.patrols.models import Checkpoint, Round, Route, Scan
from safecampus.risks.models import RiskAssessment, RiskPoint
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass, Student
from safecampus.supervision.models import SupervisionVisit, TaskRecipient, TaskReply, VisitResult
from safecampus.transport.models import (
    BusRoute,
    JointInspection,
    MarkKind,
    Outing,
    OutingMark,
    OutingStatus,
    ProblemStatus,
    Rider,
    SurroundingsProblem,
    TrafficPlan,
    Trip,
    TripMark,
    TripStatus,
    VolunteerShift,
)
from safecampus.transport.rules import driver_eligibility, rules_for, vehicle_problems

pytestmark = pytest.mark.django_db

ARGS = ["--schools", "3", "--hazards", "400", "--hot-spot", "200", "--days", "6", "--seed", "3"]
PER_SCHOOL = [Zone, Post, RiskPoint, CheckTask, Inspection, Checkpoint, Route, Round, Visit, Drill,
              SupervisionVisit, TaskRecipient, SchoolClass, Student, Reminder1530, SafetyLesson,
              Training, ResponsibilityLetter, Screening, Outing, JointInspection,
              TrafficPlan]  # fmt: skip
SNAPSHOT = [Org, User, Membership, Zone, Post, PostAssignment, Hazard, HazardEvent, RiskPoint,
            RiskAssessment, CheckTask, Inspection, InspectionResult, Round, Scan, Visit, Alarm,
            Drill, SupervisionVisit, VisitResult, TaskRecipient, TaskReply, SchoolClass, Student,
            Guardian, Reminder1530, SafetyLesson, GuardianLetter, PersonOfConcern,
            ConcernFollowUp, Dispute, BullyingCase, MandatoryReport, AuditEvent,
            SurroundingsProblem, BusRoute, Trip, TripMark, Outing, OutingMark, VolunteerShift,
            Incident, IncidentReport]  # fmt: skip


def grow(prefix="t1", *extra):
    call_command("grow_city", *ARGS, "--prefix", prefix, *extra, stdout=None)
    return Org.objects.get(code=prefix)


def schools_of(bureau):
    return Org.objects.under(bureau).schools()


def snapshot():
    out = {}
    for model in SNAPSHOT:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        out[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return out


def test_every_module_gets_rows_with_the_counts_asked_for():
    bureau = grow()
    schools = list(schools_of(bureau))
    assert len(schools) == 3
    ids = [s.pk for s in schools]
    assert Hazard.objects.filter(school__in=ids).count() == 400
    assert max(Hazard.objects.filter(school=s).count() for s in schools) == 200
    for model in PER_SCHOOL:
        with_rows = set(model.objects.filter(school__in=ids).values_list("school", flat=True))
        assert with_rows == set(ids), model
    for school in schools:
        staff = Membership.objects.filter(org=school).count()
        assert 24 <= staff <= 160
        assert school.staff_count == staff
    assert Membership.objects.filter(org=bureau).count() == 2
    assert RiskAssessment.objects.filter(risk_point__school__in=ids).exists()
    assert InspectionResult.objects.filter(inspection__school__in=ids).exists()
    assert Scan.objects.filter(round__school__in=ids).exists()
    assert AlarmResponse.objects.filter(alarm__school__in=ids).exists()
    assert DrillClass.objects.filter(drill__school__in=ids).exists()
    statuses = set(Hazard.objects.filter(school__in=ids).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert tally.differences(ids) == {}  # the bureau's counts cover the bulk-loaded hazards


def test_every_metric_of_the_cockpit_has_figures_to_read():
    bureau = grow()
    schools = schools_of(bureau)
    year = metrics.Period(metrics.Period.year(2000).start, metrics.timezone.localdate())
    # The generator does not write these modules' rows yet (issue 11): their metrics are
    # listed here by name so that a module the generator does write cannot hide in the list.
    not_grown = {"assessment"}
    empty = [
        key
        for key, metric in metrics.METRICS.items()
        if key.split(".")[0] not in not_grown
        and not any(v for v in metric.compute(schools, year).values())
    ]
    # Three schools, a few days: a held visitor or a false or open alarm may not occur, nor a
    # boarding school missing a leader on duty for a night.
    may_be_empty = {"gate.watchlist_hits", "alarms.active", "alarms.false"}
    may_be_empty |= {"defences.nights_without_leader"}
    # Recording an incident reports it at once to the nearest bureau above the school that
    # receives reports (emergencies.services.incidents); every city school has one, so an
    # unreported incident cannot happen here, and the generator writes none.
    may_be_empty |= {"incidents.unreported"}
    assert set(empty) <= may_be_empty, empty
    for item in metrics.BREAKDOWNS.values():
        assert any(n for _v, _l, n in metrics.breakdown(item.key, schools, year)), item.key
    findings = VisitResult.objects.filter(visit__school__in=schools, hazard__isnull=False)
    assert all(r.hazard.school_id == r.visit.school_id for r in findings)


def test_states_agree_with_their_timelines():
    bureau = grow()
    hazards = Hazard.objects.filter(school__in=schools_of(bureau))
    timelines = defaultdict(list)
    for event in HazardEvent.objects.filter(hazard__in=hazards).order_by("created_at", "pk"):
        timelines[event.hazard_id].append(event)
    for hazard in hazards:
        own = [e for e in timelines[hazard.pk] if e.action != "merged_in"]
        assert own[0].action == "report"
        assert own[-1].to_status == hazard.status, hazard.pk
        actions = {e.action for e in own}
        if hazard.status == Status.CLOSED:
            assert "accept" in actions and hazard.closed_at and hazard.accepted_by_id
            assert ("sign_off" in actions) == hazard.supervised
        if hazard.status in (Status.RECTIFYING, Status.RECTIFIED, Status.ACCEPTED):
            assert hazard.responsible_person_id and hazard.deadline and hazard.closed_at is None
        if hazard.status == Status.ACCEPTED:
            assert hazard.supervised and hazard.accepted_at
        if hazard.status == Status.REJECTED:
            assert hazard.rejection_reason and hazard.closed_at
        if hazard.status == Status.MERGED:
            assert hazard.merged_into.school_id == hazard.school_id
        if hazard.anonymous:
            assert hazard.reporter_id is None
    inspections = Inspection.objects.filter(school__in=schools_of(bureau)).annotate(
        fails=Count("results", filter=Q(results__outcome="fail"))
    )
    assert all(i.failed_count == i.fails for i in inspections)
    rounds = Round.objects.filter(school__in=schools_of(bureau)).annotate(n=Count("scans"))
    assert all(r.visited_count == r.n for r in rounds)


def test_the_same_seed_gives_the_same_rows():
    runs = []
    for _ in range(2):
        with transaction.atomic():
            grow("t2")
            runs.append(snapshot())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    with transaction.atomic():
        grow("t2", "--seed", "4")
        other = snapshot()
        transaction.set_rollback(True)
    assert other["hazards.Hazard"] != runs[0]["hazards.Hazard"]


def test_the_audit_trail_still_verifies_and_the_logins_work(client):
    bureau = grow()
    call_command("verify_audit", stdout=None)
    assert client.login(username="t1.bureau", password="city-pass-2026")
    assert client.get(f"/orgs/{bureau.pk}/hazards/").status_code == 200
    hot = schools_of(bureau).order_by("pk").first()
    assert client.login(username=f"{hot.code}.officer", password="city-pass-2026")
    assert client.get(f"/schools/{hot.pk}/hazards/").status_code == 200


def test_posts_and_alarms_have_a_place():
    """Issue 22: every post stands in a zone of its school (the guard's at a gate), held by
    people of the school; every alarm has a zone, and its place reads as the zone and a spot."""
    bureau = grow()
    schools = list(schools_of(bureau))
    posts = Post.objects.filter(school__in=schools).select_related("zone")
    assert posts.count() == 7 * len(schools)
    assert all(p.zone is not None and p.zone.school_id == p.school_id for p in posts)
    guards = posts.filter(kind=PostKind.GUARD)
    assert {p.zone.kind for p in guards} == {"gate"}
    held = PostAssignment.objects.active().filter(post__in=guards)
    assert held.count() == 3 * len(schools)
    members = Membership.objects.filter(org__in=schools, role=Role.GUARD)
    assert set(held.values_list("user", flat=True)) == set(members.values_list("user", flat=True))
    alarms = Alarm.objects.filter(school__in=schools).select_related("zone")
    assert alarms.exists()
    for alarm in alarms:
        assert alarm.zone is not None and alarm.zone.school_id == alarm.school_id
        assert alarm.where.startswith(alarm.zone.path_name)
        assert alarm.place != alarm.zone.name  # never "南门 · 南门"
    guard_zones = set(guards.values_list("zone", flat=True))
    assert alarms.filter(zone__in=guard_zones).exists()


def test_buses_and_outings_keep_the_rules_the_services_enforce():
    """Seats never below the riders, a bus and a driver fit on every day they ran, a closed
    trip or outing with every child back or accounted for, an alerted one with the child found
    afterwards (or still open); the hot spot shows each gap."""
    bureau = grow()
    schools = schools_of(bureau)
    hot = schools.order_by("pk").first()
    routes = BusRoute.objects.filter(school__in=schools).select_related("vehicle", "driver")
    assert routes.filter(school=hot).count() == 2
    for route in routes:
        assert route.riders.count() <= route.vehicle.seats
        assert route.riders.filter(student__school=route.school).count() == route.riders.count()
        rules = rules_for(route.school)
        for day in route.trips.values_list("day", flat=True).distinct():
            assert not vehicle_problems(route.vehicle, rules, day), route
            assert driver_eligibility(route.driver, rules, day).ok, route.driver
    trips = Trip.objects.filter(school__in=schools)
    for trip in trips:
        marks = list(trip.marks.values_list("student", "kind"))
        boarded = [s for s, kind in marks if kind == MarkKind.BOARD]
        assert len(boarded) <= trip.seats == trip.vehicle.seats
        out = trip.still_on_board()
        if trip.status == TripStatus.CLOSED:
            assert not out and trip.closed_at, trip.pk
        else:
            assert trip.status == TripStatus.UNACCOUNTED and out and trip.closed_at is None
        if trip.alerted_at:
            assert trip.started_at < trip.alerted_at
    assert trips.filter(school=hot, status=TripStatus.UNACCOUNTED).count() == 1
    outings = Outing.objects.filter(school__in=schools)
    for outing in outings.filter(status__in=[OutingStatus.CLOSED, OutingStatus.UNACCOUNTED]):
        marks = list(outing.marks.values_list("student", "kind"))
        assert {s for s, _k in marks} == set(outing.students.values_list("pk", flat=True))
        assert not outing.still_out() and outing.closed_at and outing.decided_by_id
        if outing.alerted_at:
            assert outing.marks.filter(kind=MarkKind.ACCOUNT).exists()
    assert outings.filter(school=hot, alerted_at__isnull=False).exists()
    assert (
        not TripMark.objects.filter(trip__school__in=schools)
        .exclude(by=F("trip__attendant"))
        .exists()
    )
    assert VolunteerShift.objects.filter(post__school=hot).exists()


@pytest.mark.parametrize("first", [(), ("transport", "outings")], ids=["as-listed", "buses-first"])
def test_the_children_on_buses_and_outings_are_the_school_years(monkeypatch, first):
    """One school year, whichever step asks for children first: every class has its roll of
    six with a guardian each (a second set of classes would have none), and a school whose roll
    is short of its riders and outing group has the children missing in those same classes."""
    steps = [s for s in grow_module.STEPS if s[0] in first]
    monkeypatch.setattr(
        grow_module, "STEPS", steps + [s for s in grow_module.STEPS if s not in steps]
    )
    bureau = grow("t6")  # its hot spot's roll (54 children) is short of its 57 bus riders
    schools = schools_of(bureau)
    classes = SchoolClass.objects.filter(school__in=schools).annotate(
        roll=Count("students", filter=Q(students__guardians__isnull=False), distinct=True),
        added=Count("students", filter=Q(students__guardians__isnull=True), distinct=True),
    )
    assert all(c.roll == schoolyear.ROLL and c.head_teacher_id for c in classes)
    topped_up = {c.school_id for c in classes if c.added}
    assert topped_up, "the prefix no longer grows a school whose roll is short"
    for school in topped_up:
        added = [c.added for c in classes if c.school_id == school]
        assert max(added) - min(added) <= 1  # spread over the classes, not a class of its own
    children = Student.objects.filter(school__in=schools)
    riders = Rider.objects.filter(route__school__in=schools)
    assert riders.filter(student__in=children.filter(guardians__isnull=True)).exists()
    assert not riders.exclude(student__school=F("route__school")).exists()
    on_outings = Outing.students.through.objects.filter(outing__school__in=schools)
    assert not on_outings.exclude(student__school=F("outing__school")).exists()


def test_surroundings_and_incidents_agree_with_their_timelines(client):
    bureau = grow()
    schools = schools_of(bureau)
    problems = SurroundingsProblem.objects.filter(school__in=schools).select_related(
        "referred_to__area", "school"
    )
    hot = schools.order_by("pk").first()
    assert set(problems.filter(school=hot).values_list("status", flat=True)) == set(
        ProblemStatus.values
    )
    for p in problems:
        if p.status == ProblemStatus.REPORTED:
            assert not p.department and p.referred_at is None
            continue
        assert p.department and p.reported_at < p.referred_at
        if p.referred_to:
            assert p.referred_to.area_id in p.school.ancestor_ids()
            assert p.department == p.referred_to.name
        if p.status != ProblemStatus.REFERRED or p.outcome:
            assert p.answer and p.referred_at < p.answered_at and p.answered_by_id
            member = getattr(p.answered_by, "outside_department", None)
            assert member is None or member.department_id == p.referred_to_id
        if p.status == ProblemStatus.CLOSED:
            assert p.outcome == "resolved" and p.answered_at < p.rechecked_at
    answered = problems.filter(answered_by__outside_department__isnull=False).first()
    assert client.login(username=answered.answered_by.username, password="city-pass-2026")
    page = client.get(f"/surroundings/referred/{answered.pk}/")
    assert page.status_code == 200 and answered.place in page.content.decode()
    incidents = Incident.objects.filter(school__in=schools)
    assert incidents.filter(school=hot, injured__gt=0).exists()
    for incident in incidents.prefetch_related("reports"):
        (report,) = incident.reports.all()
        assert report.bureau_id == bureau.pk
        assert incident.occurred_at < report.sent_at < report.read_at


def test_the_hot_spot_pages_show_the_transport_rows_and_incidents(client):
    bureau = grow()
    hot = schools_of(bureau).order_by("pk").first()
    assert client.login(username=f"{hot.code}.officer", password="city-pass-2026")
    trip = Trip.objects.get(school=hot, status=TripStatus.UNACCOUNTED)
    outing = Outing.objects.filter(school=hot, alerted_at__isnull=False).first()
    problem = SurroundingsProblem.objects.filter(school=hot).first()
    incident = Incident.objects.filter(school=hot).first()
    for page, shown in [
        (f"transport/trips/{trip.pk}/", trip.route.name),
        ("transport/buses/", trip.vehicle.plate),
        (f"outings/{outing.pk}/", outing.title),
        ("traffic/", TrafficPlan.objects.filter(school=hot).first().peak_times),
        (f"surroundings/{problem.pk}/", problem.place),
        (f"emergencies/incidents/{incident.pk}/", incident.description),
    ]:
        response = client.get(f"/schools/{hot.pk}/{page}")
        assert response.status_code == 200 and shown in response.content.decode(), page


def test_education_and_casework_agree_with_the_calendar_and_their_procedures():
    """Issue 11: the 1530 books are kept on school days only, lessons have no more students
    present than the class has, letters are acknowledged or reminded once, and each casework
    record's dates follow its procedure; every full read names a record of its school."""
    bureau = grow()
    schools = list(schools_of(bureau))
    today = metrics.timezone.localdate()
    calendar = SchoolCalendar(schools[0], today - timedelta(days=60), today)
    entries = Reminder1530.objects.filter(school__in=schools)
    assert entries.exists()
    assert all(calendar.is_school_day(day) for day in set(entries.values_list("day", flat=True)))
    assert not entries.filter(day__gte=today).exists()
    classes = SchoolClass.objects.filter(school__in=schools).annotate(n=Count("students"))
    assert all(c.head_teacher_id and c.n > 0 for c in classes)
    roll = {c.pk: c.n for c in classes}
    for lesson in SafetyLesson.objects.filter(school__in=schools):
        assert 0 < lesson.attendance <= roll[lesson.school_class_id]
        assert calendar.is_school_day(lesson.day)
    staff = Training.objects.filter(school__in=schools, audience="staff").annotate(
        n=Count("attendees")
    )
    assert all(t.attendance == t.n for t in staff)
    copies = GuardianLetter.objects.filter(letter__school__in=schools)
    assert copies.filter(acknowledged_at__isnull=False).exists()
    assert copies.filter(reminded_at__isnull=False).exists()
    for copy in copies.filter(reminded_at__isnull=False):
        assert copy.acknowledged_at is None or copy.acknowledged_at > copy.reminded_at
    assert all(bool(c.acknowledged_name) == bool(c.acknowledged_at) for c in copies)

    for case in PersonOfConcern.objects.filter(school__in=schools):
        pending = ConcernFollowUp.objects.filter(concern=case, done_at__isnull=True).count()
        assert (case.status == "closed") == bool(case.closed_on and case.close_reason)
        assert pending == (0 if case.status == "closed" else 1)
    for dispute in Dispute.objects.filter(school__in=schools).select_related("level"):
        assert dispute.deadline == dispute.found_on + timedelta(days=dispute.level.settle_days)
        closed = dispute.status in ("settled", "unsettled")
        assert closed == bool(dispute.closed_on and dispute.outcome)
        if not closed and dispute.deadline < today:
            assert dispute.escalated_at  # the escalation task told the leaders
    limits = bullying_rules_for(schools[0])
    for case in BullyingCase.objects.filter(school__in=schools):
        tip = case.channel == "tip"  # anonymous: a tracking code, no reporter
        assert (case.code_digest is not None) == tip and bool(case.reporter) != tip
        assert case.accept_by == metrics.timezone.localdate(case.received_at) + timedelta(
            days=limits.accept_days
        )
        if case.accepted_on:
            assert case.investigate_by == case.accepted_on + timedelta(days=limits.investigate_days)
        assert (case.status == "closed") == bool(case.closed_on)
        if case.severity == "grave":
            assert case.reported_onward_at
    for report in MandatoryReport.objects.filter(school__in=schools).select_related("trigger"):
        allowed = timedelta(minutes=report.trigger.report_minutes)
        assert report.report_by == report.learned_at + allowed
        assert (report.status == "to_report") == (report.reported_at is None)
    reads = AuditEvent.objects.filter(org__in=schools, action__in=list(READ_ACTION.values()))
    assert reads.exists()
    ledgers = {
        "casework.personofconcern": PersonOfConcern,
        "casework.dispute": Dispute,
        "casework.bullyingcase": BullyingCase,
        "casework.mandatoryreport": MandatoryReport,
    }
    for event in reads:
        record = ledgers[event.object_type].objects.get(pk=event.object_id)
        assert record.school_id == event.org_id
