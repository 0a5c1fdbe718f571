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
from safecampus.core.roles import Cap
from safecampus.defences.models import RegionRuleSet, StaffingRuleSet, TechSystem


@dataclass(frozen=True)
class SystemState:
    code: str
    label: str
    bad: bool = True


def systems_of(user, school, *, retired=False):
    rows = visible_to(user, TechSystem, Cap.DEFENCE_VIEW).filter(
        school=school, retired_on__isnull=not retired
    )
    return rows.select_related("zone", "kind").order_by("zone__path_name", "kind__position", "pk")


def one(user, pk):
    return get_visible_or_404(
        user,
        TechSystem,
        pk,
        queryset=visible_to(user, TechSystem, Cap.DEFENCE_VIEW).select_related(
            "school", "zone", "kind"
        ),
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
