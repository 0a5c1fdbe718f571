"""The defences' figures per school for the bureau's cockpit (core.metrics): the guards a
school lacks under its rule set, its staffing rate (the "four 100%" figure 专职保安员配备率),
and the guards or gatekeepers whose papers are wrong. Snapshots of now."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, org_link
from safecampus.core.roles import Cap
from safecampus.defences.models import SecurityStaff
from safecampus.defences.queries import compliance
from safecampus.defences.queries import roster as roster_queries
from safecampus.defences.queries import systems as system_queries
from safecampus.defences.queries.checks import overdue_counts
from safecampus.defences.queries.equipment import expired_by_school
from safecampus.defences.queries.staff import paper_problems
from safecampus.defences.rules import RulesIndex, months_before, required_guards


def _staffing(schools):
    """{school id: (required, actual)}: each school's active guards in one GROUP BY, and the
    rule set nearest up its tree from the regions' choices loaded once (RulesIndex: two
    queries), so the cockpit's cost stays three queries whatever the number of schools.

    (Picking the rule set in SQL, by a subquery per school and per rule figure, took 3.7-4.5 s
    over 1,000 schools on PostgreSQL: bench/city.py, the school profile.)"""
    rows = (
        schools.order_by()
        .annotate(actual=Count("security_staff", filter=Q(security_staff__left_on__isnull=True)))
        .values("pk", "path", "school_kind", "day_students", "boarding_students", "actual")
    )
    index = RulesIndex.everywhere()
    found = {}
    for row in rows:
        rules = index.for_path(row["path"])
        # A school whose enrolment is not recorded has no staffing figure, not a shortfall.
        if rules is None or not row["day_students"] + row["boarding_students"]:
            continue
        found[row["pk"]] = (
            required_guards(
                rules,
                kind=row["school_kind"],
                day_students=row["day_students"],
                boarding_students=row["boarding_students"],
            ),
            row["actual"],
        )
    return found


def guards_short(schools, _period):
    return {pk: max(0, need - have) for pk, (need, have) in _staffing(schools).items()}


def staffing_rate(schools, _period):
    """Active guards against the guards required, capped at 100 %."""
    # _staffing leaves out a school whose enrolment is not recorded: enrolled here.
    return {
        pk: compliance.staffing_rate_of(True, need, have)
        for pk, (need, have) in _staffing(schools).items()
    }


def staff_problems(schools, _period):
    today = timezone.localdate()
    rows = (
        SecurityStaff.objects.filter(school__in=schools.values("pk"), left_on__isnull=True)
        .filter(paper_problems(today))
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
    )
    return {row["school"]: row["n"] for row in rows}


def checks_overdue(schools, _period):
    """Staff without a clear hiring check in the last 12 months: the yearly re-check of the
    issue, for every school alike (a school's own page applies its rule set's interval)."""
    return overdue_counts(schools, months_before(timezone.localdate(), 12))


def expired_items(schools, _period):
    return expired_by_school(schools)


def systems_failing(schools, _period):
    return system_queries.failing_by_school(schools)


def systems_overdue(schools, _period):
    return system_queries.overdue_by_school(schools)


def retention_short(schools, _period):
    return system_queries.retention_short_by_school(schools)


def police_link(schools, _period):
    return system_queries.police_link_by_school(schools)


def closed_management(schools, _period):
    monday = roster_queries.week_of(timezone.localdate())
    return compliance.closed_management_by_school(schools, monday)


def video_coverage(schools, _period):
    return compliance.video_coverage_by_school(schools)


def duty_gaps(schools, _period):
    monday = roster_queries.week_of(timezone.localdate())
    return {pk: gaps for pk, (gaps, _n) in roster_queries.gaps_by_school(schools, monday).items()}


def nights_without_leader(schools, _period):
    """Nights of this week with no leader on duty at a boarding school (a day school: 0)."""
    monday = roster_queries.week_of(timezone.localdate())
    return {pk: n for pk, (_g, n) in roster_queries.gaps_by_school(schools, monday).items()}


GROUP = _("Three defences")
# rules.md §1: the 2019–2021 三年行动 "4个100%" (huaibei.gov.cn), one of them the one-key alarm
# and the video system linked to the police.
FOUR_100 = "2019–2021 三年行动“4个100%”（hbjy.huaibei.gov.cn/xwzx/pjxw/56932891.html）"
SYSTEMS = org_link("defences:systems", "defences:systems")
LINK = org_link("defences:staffing", "defences:staffing")
COMPLIANCE = org_link("defences:compliance", "defences:compliance")

METRICS = [
    Metric("defences.staffing_rate", _("Guards staffed against the rule (%)"), staffing_rate,
           Cap.DEFENCE_VIEW, unit="percent", better="higher", per_period=False, group=GROUP,
           link=LINK),
    Metric("defences.guards_short", _("Guards short of the rule"), guards_short,
           Cap.DEFENCE_VIEW, per_period=False, group=GROUP, link=LINK),
    Metric("defences.staff_problems", _("Guards with papers missing or lapsed"), staff_problems,
           Cap.DEFENCE_VIEW, per_period=False, group=GROUP,
           link=org_link("defences:home", "defences:home")),
    Metric("defences.checks_overdue", _("Staff without a hiring check in force"),
           checks_overdue, Cap.DEFENCE_VIEW, per_period=False, group=GROUP,
           link=org_link("defences:checks", "defences:checks")),
    Metric("defences.expired_items", _("Expired equipment still in use"), expired_items,
           Cap.DEFENCE_VIEW, per_period=False, group=GROUP,
           link=org_link("defences:items", "defences:items")),
    Metric("defences.systems_failing", _("Technical systems whose last test failed"),
           systems_failing, Cap.DEFENCE_VIEW, per_period=False, group=GROUP, link=SYSTEMS),
    Metric("defences.systems_overdue", _("Technical systems with a test overdue"),
           systems_overdue, Cap.DEFENCE_VIEW, per_period=False, group=GROUP, link=SYSTEMS),
    Metric("defences.retention_short", _("Video systems keeping video too few days"),
           retention_short, Cap.DEFENCE_VIEW, per_period=False, group=GROUP, link=SYSTEMS),
    Metric("defences.police_link", _("One-key alarm and video linked to the police (%)"),
           police_link, Cap.DEFENCE_VIEW, unit="percent", better="higher", per_period=False,
           group=GROUP, source=FOUR_100, link=SYSTEMS),
    Metric("defences.closed_management", _("Gates under closed management (%)"),
           closed_management, Cap.DEFENCE_VIEW, unit="percent", better="higher",
           per_period=False, group=GROUP, source=FOUR_100 + "；" + compliance.CLOSED_SOURCE,
           link=COMPLIANCE),
    Metric("defences.video_coverage", _("Key places covered by working video (%)"),
           video_coverage, Cap.DEFENCE_VIEW, unit="percent", better="higher", per_period=False,
           group=GROUP, source=compliance.VIDEO_SOURCE, link=COMPLIANCE),
    Metric("defences.duty_gaps", _("Duty bands with no one this week"), duty_gaps,
           Cap.DEFENCE_VIEW, per_period=False, group=GROUP,
           link=org_link("defences:roster", "defences:roster")),
    Metric("defences.nights_without_leader", _("Nights without a leader on duty this week"),
           nights_without_leader, Cap.DEFENCE_VIEW, per_period=False, group=GROUP,
           link=org_link("defences:roster", "defences:roster")),
]  # fmt: skip
