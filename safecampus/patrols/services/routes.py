"""Routes: their checkpoints in order, the guard, and the daily windows they are walked in."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.patrols.models import Round, RoundStatus, Route, RouteStop, RouteWindow


def _set_stops(route, checkpoints):
    if len({c.pk for c in checkpoints}) != len(checkpoints):
        raise DomainError(_("A checkpoint appears twice in the route."))
    if not checkpoints:
        raise DomainError(_("A route needs at least one checkpoint."))
    for c in checkpoints:
        if c.school_id != route.school_id:
            raise DomainError(_("The checkpoint belongs to another school."))
    route.stops.all().delete()
    RouteStop.objects.bulk_create(
        [RouteStop(route=route, checkpoint=c, position=i) for i, c in enumerate(checkpoints)]
    )


def _check_guard(school, guard):
    if (
        guard is not None
        and not guard.memberships.filter(org=school, ended_at__isnull=True).exists()
    ):
        raise DomainError(_("The guard does not work at this school."))


@transaction.atomic
def create_route(*, actor, school, name, checkpoints, guard=None, every_day=False, key_areas=True):
    require(actor, Cap.PATROL_MANAGE, school)
    if not name.strip():
        raise DomainError(_("Give the route a name."))
    _check_guard(school, guard)
    route = Route.objects.create(
        school=school, name=name.strip(), guard=guard, every_day=every_day, key_areas=key_areas
    )
    _set_stops(route, checkpoints)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.route_add",
        obj=route,
        changes={"checkpoints": [c.code for c in checkpoints]},
    )
    return route


@transaction.atomic
def update_route(*, actor, route, name, checkpoints, guard, every_day, key_areas, active):
    school = route.school
    require(actor, Cap.PATROL_MANAGE, school)
    if not name.strip():
        raise DomainError(_("Give the route a name."))
    _check_guard(school, guard)
    route.name, route.guard, route.every_day = name.strip(), guard, every_day
    route.key_areas, route.active = key_areas, active
    route.save(update_fields=["name", "guard", "every_day", "key_areas", "active"])
    _set_stops(route, checkpoints)
    # Today's rounds not started yet follow the new route; started and past ones keep theirs.
    Round.objects.filter(route=route, status=RoundStatus.SCHEDULED, scans__isnull=True).update(
        planned=[c.pk for c in checkpoints]
    )
    audit.record(
        actor=actor,
        org=school,
        action="patrol.route_edit",
        obj=route,
        changes={"checkpoints": [c.code for c in checkpoints], "active": active},
    )
    return route


@transaction.atomic
def add_window(*, actor, route, kind, start, end, tolerance_minutes):
    require(actor, Cap.PATROL_MANAGE, route.school)
    if start == end:
        raise DomainError(_("A window must not start and end at the same time."))
    window = RouteWindow.objects.create(
        route=route, kind=kind, start=start, end=end, tolerance_minutes=tolerance_minutes
    )
    audit.record(
        actor=actor,
        org=route.school,
        action="patrol.window_add",
        obj=route,
        changes={"window": str(window)},
    )
    return window


@transaction.atomic
def remove_window(*, actor, window):
    route = window.route
    require(actor, Cap.PATROL_MANAGE, route.school)
    # Rounds not begun are dropped; the window stays (unused) if any round has history.
    window.rounds.filter(status=RoundStatus.SCHEDULED, scans__isnull=True).delete()
    if window.rounds.exists():
        window.active = False
        window.save(update_fields=["active"])
    else:
        window.delete()
    audit.record(
        actor=actor,
        org=route.school,
        action="patrol.window_remove",
        obj=route,
        changes={"window": str(window)},
    )
