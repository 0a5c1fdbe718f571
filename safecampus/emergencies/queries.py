"""Reads of emergencies. Every one starts from what the viewer may see."""

from django.db.models import Count, Prefetch, Q

from safecampus.core.access import visible_to
from safecampus.core.alarm_devices import Device
from safecampus.core.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Org,
    PostAssignment,
    Robot,
    Zone,
)
from safecampus.core.roles import Cap
from safecampus.emergencies.models import (
    Alarm,
    AlarmDevice,
    AlarmResponse,
    AlarmStatus,
    Drill,
    EmergencyPlan,
    Incident,
    IncidentReport,
    PlanActivation,
    PlanRole,
    PlanStep,
)


def alarms(*, user, school=None, bureau=None):
    qs = visible_to(user, Alarm, Cap.ALARM_VIEW).select_related(
        "school", "zone", "raised_by", "device"
    )
    if school is not None:
        qs = qs.filter(school=school)
    if bureau is not None:
        qs = qs.filter(school__path__startswith=bureau.path)
    return qs.order_by("-raised_at", "-pk")


def school_zones(school, zone_ids):
    """The school's zones among the ids a payload names: another school's id finds nothing.
    The school is already in the caller's scope (or a hardware box's own)."""
    return Zone.objects.filter(school=school, pk__in=zone_ids)


def alarm_zones(school):
    """The zones an alarm at the school may name, by full path (the school is in the caller's
    scope already)."""
    return Zone.objects.filter(school=school).only("pk", "path_name").order_by("path_name", "pk")


def post_zone(*, user, school, assignments=None):
    """Where the person stands on duty at the school: the zone of the post they took last, among
    their current posts that name one; None when none does. `assignments`: the person's current
    post assignments with `post__zone`, when the caller holds them already (the home page)."""
    if assignments is None:
        assignments = (
            PostAssignment.objects.active()
            .filter(user=user, post__school=school, post__zone__isnull=False)
            .select_related("post__zone")
        )
    held = [a for a in assignments if a.post.school_id == school.pk and a.post.zone_id]
    latest = max(held, key=lambda a: (a.started_at, a.pk), default=None)
    return latest.post.zone if latest else None


def alarm_counts(*, user, school=None, bureau=None):
    qs = alarms(user=user, school=school, bureau=bureau).order_by()
    return qs.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=AlarmStatus.ACTIVE)),
        cancelled=Count("pk", filter=Q(status=AlarmStatus.CANCELLED)),
    )


def alarm_for_page(*, user, school, alarm_id):
    return (
        alarms(user=user, school=school)
        .select_related("self_rescue_by", "closed_by", "activation__plan")
        .filter(pk=alarm_id)
        .first()
    )


def own_response(*, user, alarm):
    """The viewer's own answer to the alarm, or None."""
    return visible_to(user, AlarmResponse).filter(alarm=alarm, user=user).first()


def alarm_to_follow_up(*, user, school, alarm_id):
    """The school's alarm an incident is being recorded for (its time and place prefill the
    form), or None. Anyone who may record the incident sees it, as they see the alarm."""
    return visible_to(user, Alarm).filter(school=school, pk=alarm_id or 0).first()


def activation(alarm):
    """The plan put to work for an alarm the caller already sees (at most one)."""
    return PlanActivation.objects.filter(alarm=alarm)


def responses(alarm):
    return (
        AlarmResponse.objects.filter(alarm=alarm)
        .select_related("user")
        .order_by("acknowledged_at", "pk")
    )


def checklist(activation):
    """[(role, [(step, check or None)])] of the plan activated for an alarm."""
    checks = {c.step_id: c for c in activation.checks.select_related("done_by")}
    roles = PlanRole.objects.filter(plan_id=activation.plan_id).prefetch_related(
        Prefetch("steps", queryset=PlanStep.objects.order_by("order", "pk"))
    )
    return [(role, [(s, checks.get(s.pk)) for s in role.steps.all()]) for role in roles]


def robot_deliveries(*, alarm=None, incident=None):
    """What was posted to the chat robots about an alarm or an incident."""
    subject = alarm if alarm is not None else incident
    return (
        subject.deliveries.filter(channel=Channel.ROBOT)
        .select_related("robot")
        .order_by("robot__name", "pk")
    )


def plans(*, user, school):
    return (
        visible_to(user, EmergencyPlan, Cap.PLAN_VIEW)
        .filter(school=school)
        .annotate(step_count=Count("roles__steps"))
        .order_by("kind", "title", "pk")
    )


def plans_to_activate(*, user, school):
    """The school's plans a responder may activate on an alarm: all of them, by kind."""
    return visible_to(user, EmergencyPlan).filter(school=school).order_by("kind", "title", "pk")


def plan_for_page(*, user, school, plan_id):
    return (
        visible_to(user, EmergencyPlan, Cap.PLAN_VIEW)
        .filter(school=school, pk=plan_id)
        .prefetch_related(
            Prefetch("roles", queryset=PlanRole.objects.prefetch_related("steps")), "zones"
        )
        .first()
    )


def plan_with_roles(*, user, plan_id):
    return (
        visible_to(user, EmergencyPlan, Cap.PLAN_VIEW)
        .prefetch_related("roles__steps", "zones")
        .filter(pk=plan_id)
    )


def incidents(*, user, school=None, bureau=None):
    qs = visible_to(user, Incident, Cap.INCIDENT_VIEW).select_related("school", "zone", "review")
    if school is not None:
        qs = qs.filter(school=school)
    if bureau is not None:
        qs = qs.filter(school__path__startswith=bureau.path)
    return qs.prefetch_related("reports").order_by("-occurred_at", "-pk")


def unread_reports(*, user, bureau):
    return (
        visible_to(user, IncidentReport, Cap.INCIDENT_RECEIVE)
        .filter(read_at__isnull=True, incident__school__path__startswith=bureau.path)
        .select_related("incident__school", "bureau")
        .order_by("sent_at", "pk")
    )


def drills(*, user, school):
    return (
        visible_to(user, Drill, Cap.DRILL_VIEW)
        .filter(school=school)
        .annotate(
            class_count=Count("classes", distinct=True),
            problem_count=Count("problem_rows", distinct=True),
        )
        .order_by("-planned_on", "-pk")
    )


def drill_with_classes(*, user, drill_id):
    return (
        visible_to(user, Drill, Cap.DRILL_VIEW)
        .select_related("school")
        .prefetch_related("classes")
        .filter(pk=drill_id)
    )


def schools_under(org):
    """The schools under an org already in the caller's scope, by name."""
    return Org.objects.schools().under(org).order_by("name", "pk")


def devices(*, user, school):
    return (
        visible_to(user, AlarmDevice, Cap.ALARM_MANAGE)
        .filter(school=school)
        .select_related("zone")
        .order_by("revoked_at", "name", "pk")
    )


def robots(*, user, org, capability):
    return (
        visible_to(user, Robot, capability)
        .filter(org=org)
        .annotate(
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        )
        .order_by("-active", "name", "pk")
    )


def org_robots(*, user, org):
    """The org's robots, to look one up by id."""
    return visible_to(user, Robot).filter(org=org)


def failed_deliveries(*, org):
    return (
        Delivery.objects.filter(robot__org=org, status=DeliveryStatus.FAILED)
        .select_related("robot")
        .order_by("-created_at", "-pk")
    )


def _as_device(row):
    return Device(
        id=row.pk,
        school_id=row.school_id,
        name=row.name,
        place=row.zone.path_name if row.zone_id else "",
        last_used_at=row.last_used_at,
        revoked=row.revoked_at is not None,
    )


def linkable_devices_no_viewer(school):
    """The school's devices in use, for another module's link to them (core.alarm_devices); the
    caller has already checked who may see the school."""
    rows = AlarmDevice.objects.filter(school=school, revoked_at__isnull=True)
    return [_as_device(row) for row in rows.select_related("zone").order_by("name", "pk")]


def devices_by_ids_no_viewer(ids):
    """{id: device} for the ids, one query; the caller checks each device's school."""
    rows = AlarmDevice.objects.filter(pk__in=list(ids)).select_related("zone")
    return {row.pk: _as_device(row) for row in rows}
