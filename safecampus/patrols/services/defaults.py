"""The default routes a school starts from: its key areas, and dormitory night rounds."""

from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Zone, ZoneKind
from safecampus.core.models.grid import PATH_SEPARATOR
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.patrols.models import Checkpoint, Route, WindowKind
from safecampus.patrols.rounds import ensure_rounds
from safecampus.patrols.rules import rules_for
from safecampus.patrols.services.checkpoints import create_checkpoint
from safecampus.patrols.services.routes import add_window, create_route

# The default day: five patrols of key areas (GB/T 29315-2022) plus dormitory night rounds.
DEFAULT_WINDOWS = [
    (WindowKind.ARRIVAL, time(7, 10), time(7, 50)),
    (WindowKind.LUNCH, time(12, 0), time(12, 40)),
    (WindowKind.DISMISSAL, time(16, 20), time(17, 0)),
    (WindowKind.EVENING, time(18, 30), time(19, 10)),
    (WindowKind.NIGHT, time(21, 30), time(22, 10)),
    (WindowKind.OTHER, time(10, 0), time(10, 40)),
    (WindowKind.OTHER, time(14, 30), time(15, 10)),
]
DORMITORY_WINDOWS = [
    (WindowKind.NIGHT, time(22, 30), time(23, 10)),
    (WindowKind.NIGHT, time(23, 50), time(0, 30)),
    (WindowKind.NIGHT, time(3, 0), time(3, 40)),
]
KEY_AREA_KINDS = [
    ZoneKind.GATE,
    ZoneKind.PERIMETER,
    ZoneKind.CANTEEN,
    ZoneKind.LABORATORY,
    ZoneKind.SPORTS_GROUND,
]
KEY_AREA_NAMES = ("门卫室", "配电房", "寝室")


def _default_checkpoints(actor, school):
    existing = {c.zone_id: c for c in Checkpoint.objects.filter(school=school)}
    used = set(Checkpoint.objects.filter(school=school).values_list("code", flat=True))
    zones = Zone.objects.filter(school=school).select_related("parent").order_by("pk")
    key, dorms = [], []
    for zone in zones:
        is_key = zone.kind in KEY_AREA_KINDS or any(n in zone.name for n in KEY_AREA_NAMES)
        is_dorm = zone.kind == ZoneKind.DORMITORY or (
            zone.parent_id and zone.parent.kind == ZoneKind.DORMITORY
        )
        if not (is_key or is_dorm):
            continue
        checkpoint = existing.get(zone.pk)
        if checkpoint is None:
            prefix = "D" if is_dorm else "K"
            n = 1
            while f"{prefix}{n}" in used:
                n += 1
            used.add(f"{prefix}{n}")
            checkpoint = create_checkpoint(
                actor=actor,
                school=school,
                zone=zone,
                name=zone.path_name.replace(PATH_SEPARATOR, " ")[:80],
                code=f"{prefix}{n}",
            )
        (dorms if is_dorm else key).append(checkpoint)
    return key, dorms


@transaction.atomic
def create_default_routes(*, actor, school):
    """Checkpoints at the key areas and a key-area route walked as many times a day as the
    rules ask (five by default); a boarding school also gets dormitory night rounds every day."""
    require(actor, Cap.PATROL_MANAGE, school)
    if Route.objects.filter(school=school).exists():
        raise DomainError(_("This school already has routes."))
    rules = rules_for(school)
    key, dorms = _default_checkpoints(actor, school)
    if not key:
        raise DomainError(_("Add zones (gate, perimeter, canteen …) before the default routes."))
    made = []
    route = create_route(actor=actor, school=school, name=_("Key areas"), checkpoints=key)
    for kind, start, end in DEFAULT_WINDOWS[: max(rules.min_rounds_per_day, 1)]:
        add_window(
            actor=actor,
            route=route,
            kind=kind,
            start=start,
            end=end,
            tolerance_minutes=rules.tolerance_minutes,
        )
    made.append(route)
    if dorms and school.boarding_students:
        night = create_route(
            actor=actor,
            school=school,
            name=_("Dormitory night round"),
            checkpoints=dorms,
            every_day=True,
            key_areas=False,
        )
        for kind, start, end in DORMITORY_WINDOWS:
            add_window(
                actor=actor,
                route=night,
                kind=kind,
                start=start,
                end=end,
                tolerance_minutes=rules.tolerance_minutes,
            )
        made.append(night)
    ensure_rounds(school, timezone.localdate())
    return made
