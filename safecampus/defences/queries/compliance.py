"""The "four 100%" figures (rules.md §1: the 2019–2021 三年行动 "4个100%"), computed from the
records, never typed. Two are read elsewhere (staffing against the rule, the one-key alarm and
video linked to the police); the two here have no published formula in our sources, so their
definitions are ours, stated with what they rest on, on every page that shows them:

- Closed management (封闭化管理): a gate counts when, this week, every time band of every day has
  a guard on duty or the gate closed (the 2006 办法: the gate staffed by 专职保安; GB/T
  29315-2022: the gatehouse staffed round the clock) and a working access control or
  intrusion/perimeter alarm is in use at the gate (GB/T 29315-2022 draft Table A.1: access
  control 宜 at the main entrance, intrusion detection 宜 on the perimeter). The figure is the
  share of the school's gates that count.
- Video coverage: each place of the kinds the school's rule set lists (`video_places`, after
  the draft Table A.1's "video 应") counts when a working video system (in use, its last test
  not failed, a camera working) is recorded at it or inside it. The figure is the share of
  those places covered.

A school with nothing to judge (no gate, no such place) has no figure, as any rate of nothing.
Each is one query over all the schools (video: and the rule-set choices, loaded once)."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import (
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import StartsWith

from safecampus.core.metrics import percent, table
from safecampus.core.models import Org, Zone, ZoneKind
from safecampus.core.models.grid import PATH_SEPARATOR
from safecampus.defences.models import DutyBand, DutySlot, TechSystem
from safecampus.defences.queries.roster import DAYS
from safecampus.defences.rules import RulesIndex

# The "four 100%" figures as this module computes them (metrics' keys), in the order of rules.md
# §1; the fourth there, 护学岗 coverage, is the gate's post, and video coverage stands in for it
# as the issue asks.
FOUR = (
    "defences.staffing_rate",
    "defences.closed_management",
    "defences.police_link",
    "defences.video_coverage",
)

CLOSED_SOURCE = (
    "中小学幼儿园安全管理办法（2006）：门卫由专职保安值守；GB/T 29315-2022：门卫室24小时值守；"
    "GB/T 29315-2022 征求意见稿 表A.1：主出入口出入口控制、周界入侵探测“宜”配置"
)
CLOSED_UNSURE = "“封闭化管理率”无公开计算口径，此为本系统的定义"
VIDEO_SOURCE = "各校所用规则集的“视频应覆盖场所”（依 GB/T 29315-2022 征求意见稿 表A.1）"


def _working(**conditions):
    """Technical systems in use whose last test did not fail, at the outer zone or inside it."""
    inside = StartsWith(
        F("zone__path_name"),
        Concat(OuterRef("path_name"), Value(PATH_SEPARATOR), output_field=CharField()),
    )
    return TechSystem.objects.filter(
        Q(zone=OuterRef("pk")) | Q(inside),
        school=OuterRef("school"),
        retired_on__isnull=True,
        **conditions,
    ).exclude(last_test_ok=False)


def _gates(schools, monday):
    """The gates of the schools, each with the band-days covered this week, the school's bands
    and whether a working entrance-closing system is at it."""
    end = monday + timedelta(days=DAYS)
    slots = (
        DutySlot.objects.filter(zone=OuterRef("pk"), day__gte=monday, day__lt=end)
        .filter(Q(guards__isnull=False) | Q(closed=True))
        .order_by()
        .values("zone")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    bands = (
        DutyBand.objects.filter(school=OuterRef("school"))
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Zone.objects.filter(school__in=schools.values("pk"), kind=ZoneKind.GATE)
        .order_by("path_name")
        .annotate(
            covered=Coalesce(Subquery(slots, output_field=IntegerField()), Value(0)),
            bands=Coalesce(Subquery(bands, output_field=IntegerField()), Value(0)),
            entry=Exists(_working(kind__closes_entry=True)),
        )
    )


def staffed(covered, bands):
    # A school with no band counts each day as one band with no slot: never covered.
    return bands > 0 and covered >= bands * DAYS


def closed_gates(schools, monday):
    """{school id: (gates that count, gates)} this week, one query over the gates."""
    found = defaultdict(lambda: [0, 0])
    rows = _gates(schools, monday).values_list("school_id", "covered", "bands", "entry")
    for school_id, covered, n_bands, entry in rows:
        found[school_id][0] += bool(staffed(covered, n_bands) and entry)
        found[school_id][1] += 1
    return {pk: tuple(pair) for pk, pair in found.items()}


def gates_of(school, monday):
    """The school's gates, each with `staffed` (every band of the week) and `entry`."""
    rows = list(_gates(Org.objects.filter(pk=school.pk), monday))
    for gate in rows:
        gate.staffed = staffed(gate.covered, gate.bands)
    return rows


def places_of(school, rules):
    """The school's places video must cover under its rule set, each with `covered`."""
    video = _working(kind__is_video=True, cameras_working__gt=0)
    return list(
        Zone.objects.filter(school=school, kind__in=rules.video_places or [])
        .annotate(covered=Exists(video))
        .order_by("covered", "path_name")
    )


def closed_management_by_school(schools, monday):
    """{school id: % of its gates closed-managed this week}; none for a school with no gate."""
    return {pk: percent(ok, total) for pk, (ok, total) in closed_gates(schools, monday).items()}


def video_places(schools):
    """{school id: (places covered, places)} over the kinds of place its rule set lists: one
    query over the places of every listed kind, and the rule-set choices loaded once."""
    index = RulesIndex.everywhere()
    kinds = set()
    for rules in [index.default, *(choice.rule_set for choice in index.choices)]:
        if rules is not None:
            kinds.update(rules.video_places or [])
    if not kinds:
        return {}
    video = _working(kind__is_video=True, cameras_working__gt=0)
    rows = (
        Zone.objects.filter(school__in=schools.values("pk"), kind__in=sorted(kinds))
        .order_by()
        .annotate(
            school_path=ExpressionWrapper(F("school__path"), output_field=CharField()),
            covered=Exists(video),
        )
        .values("school_id", "school_path", "kind")
        .annotate(n=Count("pk"), n_covered=Count("pk", filter=Q(covered=True)))
    )
    found = {}
    for row in rows:
        rules = index.for_path(row["school_path"])
        if rules is None or row["kind"] not in (rules.video_places or []):
            continue
        covered, total = found.get(row["school_id"], (0, 0))
        found[row["school_id"]] = (covered + row["n_covered"], total + row["n"])
    return found


def video_coverage_by_school(schools):
    """{school id: % of the places its rule set lists covered by working video}; none for a
    school with no such place."""
    return {pk: percent(covered, total) for pk, (covered, total) in video_places(schools).items()}


def staffing_rate_of(enrolled, required, actual):
    """Guards on the staff against the guards required, capped at 100 %; none for a school
    whose enrolment is not recorded (no requirement to judge)."""
    if not enrolled or not required:
        return None
    return min(100.0, percent(actual, required))


def police_link_of(systems):
    """100 when a one-key alarm box and a video system among `systems` (in use, types loaded)
    are both linked to the police, else 0; none for no system (police_link_by_school's rule)."""
    if not systems:
        return None
    linked = [s for s in systems if s.police_linked]
    both = any(s.kind.is_alarm_box for s in linked) and any(s.kind.is_video for s in linked)
    return 100.0 if both else 0.0


def four_of_school(school, rules, staffing, systems, monday):
    """[the four figures] of one school for its own pages, from what the page already holds
    (its staffing, its systems in use) and two queries (its gates, its places), by the same
    definitions as the metrics over many schools."""
    gates = gates_of(school, monday)
    places = places_of(school, rules)
    return [
        staffing_rate_of(
            school.day_students + school.boarding_students, staffing.required, staffing.actual
        ),
        percent(sum(1 for g in gates if g.staffed and g.entry), len(gates)),
        police_link_of(systems),
        percent(sum(1 for p in places if p.covered), len(places)),
    ]


def _shortfall(figures):
    """How far a school's figures are from 100% together (a figure not computed counts none)."""
    return sum(100 - value for value in figures if value is not None)


def schools_four(schools):
    """[(school, [the four figures])], the furthest from 100% first: one query per figure
    through the metrics registry (core.metrics), whatever the number of schools."""
    found = table(FOUR, schools, None)
    rows = [
        (school, [found[key][school.pk] for key in FOUR]) for school in schools.order_by("path")
    ]
    rows.sort(key=lambda row: (-_shortfall(row[1]), row[0].path))
    return rows
