"""Reads of the technical systems (技防): a school's systems with what is wrong under its rule set,
one system with its tests, and per-school figures for a bureau and the cockpit, each one
aggregate query whatever the number of schools."""

from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.alarm_devices import devices_by_id
from safecampus.core.roles import Cap
from safecampus.defences.models import RegionRuleSet, StaffingRuleSet, TechSystem


@dataclass(frozen=True)
class SystemState:
    code: str
    label: str
    bad: bool = True


def systems_of(user, school, *, retired=False):
    rows = _seen(user).filter(school=school, retired_on__isnull=not retired)
    return rows.select_related("zone", "kind").order_by("zone__path_name", "kind__position", "pk")


def _seen(user):
    """Systems seen by the school's record readers, or by its guards on duty (who test them)."""
    return visible_to(user, TechSystem, Cap.DEFENCE_VIEW) | visible_to(
        user, TechSystem, Cap.DEFENCE_DUTY
    )


def one(user, pk):
    return get_visible_or_404(
        user, TechSystem, pk, queryset=_seen(user).select_related("school", "zone", "kind")
    )


def states(system, today, rules):
    """What is wrong with one system under the school's rule set (no query: type loaded)."""
    found = []
    if system.retired_on:
        return found
    if system.last_test_ok is False:
        found.append(SystemState("failed", _("Last test failed")))
    if system.test_due_on < today:
        found.append(
            SystemState("test_due", _("Test overdue since %(day)s") % {"day": system.test_due_on})
        )
    if system.cameras_down:
        found.append(
            SystemState(
                "cameras_down",
                _("%(n)d of %(total)d cameras not working")
                % {"n": system.cameras_down, "total": system.cameras},
            )
        )
    if (
        system.kind.is_video
        and system.retention_days is not None
        and system.retention_days < rules.video_retention_days
    ):
        found.append(
            SystemState(
                "retention_short",
                _("Video kept %(have)d days, the rule asks %(need)d")
                % {"have": system.retention_days, "need": rules.video_retention_days},
            )
        )
    if system.kind.is_alarm_box and not system.police_linked:
        found.append(SystemState("not_linked", _("Not linked to the police")))
    return found


def judged(rows, rules):
    today = timezone.localdate()
    return [(system, states(system, today, rules)) for system in rows]


def _in_use(schools):
    return TechSystem.objects.filter(school__in=schools.values("pk"), retired_on__isnull=True)


def _per_school(rows):
    return {
        row["school"]: row["n"] for row in rows.order_by().values("school").annotate(n=Count("pk"))
    }


def failing_by_school(schools):
    """{school id: systems in use whose latest test failed}."""
    return _per_school(_in_use(schools).filter(last_test_ok=False))


def overdue_by_school(schools):
    """{school id: systems in use whose periodic test is overdue}."""
    return _per_school(_in_use(schools).filter(test_due_on__lt=timezone.localdate()))


def required_retention():
    """The video retention of the rule set nearest up the system's school (else the default),
    as a subquery over TechSystem rows."""
    school_path = ExpressionWrapper(OuterRef("school__path"), output_field=CharField())
    nearest = (
        RegionRuleSet.objects.filter(StartsWith(school_path, F("org__path")))
        .order_by("-org__depth")
        .values("rule_set__video_retention_days")[:1]
    )
    default = StaffingRuleSet.objects.filter(is_default=True).values("video_retention_days")[:1]
    return Coalesce(Subquery(nearest), Subquery(default), output_field=IntegerField())


def retention_short_by_school(schools):
    """{school id: video systems in use keeping video fewer days than the rule set asks}."""
    rows = (
        _in_use(schools)
        .filter(kind__is_video=True, retention_days__isnull=False)
        .annotate(required=required_retention())
        .filter(retention_days__lt=F("required"))
    )
    return _per_school(rows)


def police_link_by_school(schools):
    """{school id: 100 or 0}: a one-key alarm box and a video system in use, both linked to the
    police (the "four 100%" figure 一键式紧急报警、视频监控系统与公安联网); none for a school
    with no system on record."""
    in_use = Q(tech_systems__retired_on__isnull=True)
    live = in_use & Q(tech_systems__police_linked=True)
    rows = (
        schools.order_by()
        .annotate(
            systems=Count("tech_systems", filter=in_use),
            boxes=Count("tech_systems", filter=live & Q(tech_systems__kind__is_alarm_box=True)),
            video=Count("tech_systems", filter=live & Q(tech_systems__kind__is_video=True)),
        )
        .values("pk", "systems", "boxes", "video")
    )
    # A school with no system on record has no figure (as any rate with nothing to count).
    return {
        row["pk"]: 100.0 if row["boxes"] and row["video"] else 0.0 for row in rows if row["systems"]
    }


@dataclass
class SchoolSystems:
    school: object
    failing: int
    overdue: int
    retention_short: int
    linked: bool

    @property
    def wrong(self):
        return self.failing + self.overdue + self.retention_short + (not self.linked)


def schools_systems(schools):
    """A bureau's schools with their figures, the most wrong first: four aggregate queries and
    the schools', however many schools."""
    failing = failing_by_school(schools)
    overdue = overdue_by_school(schools)
    short = retention_short_by_school(schools)
    linked = police_link_by_school(schools)
    rows = [
        SchoolSystems(
            school,
            failing.get(school.pk, 0),
            overdue.get(school.pk, 0),
            short.get(school.pk, 0),
            bool(linked.get(school.pk)),
        )
        for school in schools.order_by("path", "name")
    ]
    rows.sort(key=lambda r: (-r.wrong, r.school.path))
    return rows


def with_devices(systems):
    """The systems, each with `device`: the alarm device it is linked to, or None."""
    systems = list(systems)
    found = linked_devices(systems)
    for system in systems:
        system.device = found.get(system.pk)
    return systems


def linked_devices(systems):
    """{system id: Device} of the systems linked to an alarm device of their own school (one
    query whatever the number of systems)."""
    systems = list(systems)
    found = devices_by_id(s.alarm_device_id for s in systems)
    return {
        s.pk: found[s.alarm_device_id]
        for s in systems
        if s.alarm_device_id in found and found[s.alarm_device_id].school_id == s.school_id
    }


@dataclass
class BoxUse:
    """A school's one-key alarm boxes in use against their alarm devices: how many are linked,
    and the least recent last use among the linked ones (None with `never` when one never
    raised an alarm)."""

    boxes: int = 0
    linked: int = 0
    never: bool = False
    oldest: object = None


def boxes_last_used(schools):
    """{school id: BoxUse} of the schools' alarm boxes in use: one query for the boxes and one
    for their devices, whatever the number of schools."""
    boxes = (
        TechSystem.objects.filter(
            school__in=[school.pk for school in schools],
            retired_on__isnull=True,
            kind__is_alarm_box=True,
        )
        .order_by()
        .values_list("school_id", "alarm_device_id")
    )
    boxes = list(boxes)
    devices = devices_by_id(device for _school, device in boxes)
    found = {}
    for school_id, device_id in boxes:
        use = found.setdefault(school_id, BoxUse())
        use.boxes += 1
        device = devices.get(device_id)
        if device is None or device.school_id != school_id:
            continue
        use.linked += 1
        if device.last_used_at is None:
            use.never = True
        elif use.oldest is None or device.last_used_at < use.oldest:
            use.oldest = device.last_used_at
    return found
