"""What a visit's documents and the bureau's cadence read: the notice's findings, the rules in
force and where they come from, who is short of the cadence, the week's briefing, the exports.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from safecampus.core.access import get_visible_or_404
from safecampus.core.models import Membership, Org, OrgKind
from safecampus.core.queries import current_term
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.core.rulesets import nearest
from safecampus.hazards.models import Category, Status, place_name
from safecampus.supervision.models import (
    SupervisionRules,
    SupervisionVisit,
    VisitResult,
    VisitStatus,
)
from safecampus.supervision.queries.visits import readable
from safecampus.supervision.rules import rules_for, rules_under

# A visit has a notice once it is issued; before that there is nothing to print.
NOTICE_STATUSES = [VisitStatus.ISSUED, VisitStatus.RESPONDED, VisitStatus.CLOSED]
FAILED = "fail"
# A finding's hazard counts as fixed once the school has rectified it.
FIXED_STATUSES = [Status.RECTIFIED, Status.ACCEPTED, Status.CLOSED]
COMPLIANCE_WEEKS = 8
# How many schools short of the cadence a briefing names (fewest visits first).
BRIEFING_SCHOOLS = 50


# Visits the viewer may see -----------------------------------------------------------------


def visible_visits(user, org=None):
    """Visits the user may read with supervision.view (under `org` if given), an unannounced
    visit kept out of the school's sight until it starts (the visit pages' own rule)."""
    qs = readable(user)
    if org is not None:
        qs = qs.filter(school__path__startswith=org.path)
    return qs


def notice_visit(user, visit_id):
    """The visit whose notice the user asks for: 404 outside scope and before it is issued."""
    qs = visible_visits(user).filter(status__in=NOTICE_STATUSES)
    qs = qs.select_related("bureau", "school", "lead").prefetch_related("inspectors")
    return get_visible_or_404(user, SupervisionVisit, visit_id, queryset=qs)


@dataclass
class Finding:
    number: int
    item: str
    group: str
    note: str
    code: str
    place: str
    category: str
    status: str
    fixed: bool


def findings(visit):
    """The visit's failed items, each with its hazard's tracking code and full place."""
    results = (
        VisitResult.objects.filter(visit=visit, outcome=FAILED)
        .select_related("item", "hazard", "hazard__zone")
        .order_by("item__position", "pk")
    )
    rows = []
    for number, result in enumerate(results, start=1):
        hazard = result.hazard
        rows.append(
            Finding(
                number=number,
                item=result.item.text,
                group=result.item.group,
                note=result.note,
                code=hazard.tracking_code if hazard else "",
                place=place_name(hazard.zone.path_name if hazard.zone else "", hazard.place)
                if hazard
                else "",
                category=hazard.get_category_display() if hazard else "",
                status=hazard.get_status_display() if hazard else "",
                fixed=bool(hazard and hazard.status in FIXED_STATUSES),
            )
        )
    return rows


def team(visit):
    """The lead first, then the other inspectors by name."""
    others = sorted((u for u in visit.inspectors.all() if u.pk != visit.lead_id), key=str)
    return [visit.lead, *others]


# Cadence -----------------------------------------------------------------------------------


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Semester:
    name: str
    start: datetime.date
    end: datetime.date
    from_calendar: bool


def semester(org, day=None):
    """The term in force at `org` on `day` (the org's calendar), else the calendar half-year."""
    day = day or timezone.localdate()
    term = current_term(org, day)
    if term is not None:
        return Semester(term.name, term.start, term.end, True)
    if day.month <= 6:
        start, end = datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    else:
        start, end = datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)
    return Semester(f"{start:%Y-%m-%d} – {end:%Y-%m-%d}", start, end, False)


def inspector_roles():
    return [role for role, caps in CAPABILITIES.items() if Cap.SUPERVISION_MANAGE in caps]


@dataclass
class InspectorWeeks:
    user: object
    rules: SupervisionRules
    weeks: list = field(default_factory=list)  # [(monday, schools visited, met)]

    @property
    def short_weeks(self):
        return sum(1 for _monday, _n, met in self.weeks if not met)


def started_visits(org, start, end):
    """(visit id, school id, local start day, the team's user ids) of the visits under `org`
    started from `start` to `end` (days, inclusive): two queries."""
    visits = list(
        SupervisionVisit.objects.filter(
            school__path__startswith=org.path,
            started_at__gte=_moment(start),
            started_at__lt=_moment(end + datetime.timedelta(days=1)),
        ).values_list("pk", "school_id", "started_at", "lead_id")
    )
    through = SupervisionVisit.inspectors.through
    members = {}
    for visit_id, user_id in through.objects.filter(
        supervisionvisit_id__in=[v[0] for v in visits]
    ).values_list("supervisionvisit_id", "user_id"):
        members.setdefault(visit_id, set()).add(user_id)
    return [
        (pk, school_id, timezone.localdate(started), {lead_id} | members.get(pk, set()))
        for pk, school_id, started, lead_id in visits
    ]


def inspector_compliance(org, today=None, weeks=COMPLIANCE_WEEKS):
    """Per inspector of `org` (its members who plan visits, not at a school), the distinct
    schools visited in each of the last `weeks` ISO weeks (this one last) against the rule."""
    today = today or timezone.localdate()
    mondays = [week_start(today) - datetime.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    memberships = (
        Membership.objects.active()
        .filter(org__path__startswith=org.path, role__in=inspector_roles())
        .exclude(org__kind=OrgKind.SCHOOL)
        .select_related("user", "org")
        .order_by("user__display_name", "user__username")
    )
    people = {}
    for membership in memberships:
        people.setdefault(membership.user_id, membership)
    counted = {}
    for _pk, school_id, day, team_ids in started_visits(org, mondays[0], today):
        for user_id in team_ids:
            counted.setdefault((user_id, week_start(day)), set()).add(school_id)
    rows_rules = rules_under(org)
    rows = []
    for user_id, membership in people.items():
        rules = nearest(rows_rules, membership.org.path)
        row = InspectorWeeks(membership.user, rules)
        for monday in mondays:
            n = len(counted.get((user_id, monday), ()))
            row.weeks.append((monday, n, n >= rules.visits_per_inspector_week))
        rows.append(row)
    return mondays, rows


def school_compliance(org, term, *, short_only=False):
    """The schools under `org` with their visits this semester (started in the term): one
    GROUP BY, ordered fewest first. `short_only` keeps those below the rule that applies to
    each (the nearest row up the tree, as a CASE over the rows below `org`)."""
    started = Q(
        supervision_visits__started_at__gte=_moment(term.start),
        supervision_visits__started_at__lt=_moment(term.end + datetime.timedelta(days=1)),
    )
    qs = (
        Org.objects.filter(kind=OrgKind.SCHOOL, path__startswith=org.path)
        .annotate(
            semester_visits=Count("supervision_visits", filter=started), required=_required(org)
        )
        .order_by("semester_visits", "name", "pk")
    )
    if short_only:
        qs = qs.filter(semester_visits__lt=F("required"))
    return qs


def _required(org):
    """Visits a semester each school needs, as SQL: the deepest rules row above it wins."""
    below = sorted(
        (r for r in rules_under(org) if r.org_id is not None and r.org.path.startswith(org.path)),
        key=lambda r: -len(r.org.path),
    )
    default = Value(rules_for(org).visits_per_school_semester)
    if not below:
        return default
    return Case(
        *[
            When(path__startswith=r.org.path, then=Value(r.visits_per_school_semester))
            for r in below
        ],
        default=default,
        output_field=IntegerField(),
    )


def judge_schools(schools, rows_rules):
    """(school, visits, rules, met) for a page of annotated schools."""
    judged = []
    for school in schools:
        rules = nearest(rows_rules, school.path)
        judged.append(
            (
                school,
                school.semester_visits,
                rules,
                school.semester_visits >= rules.visits_per_school_semester,
            )
        )
    return judged


def iso_week_bounds(year, week):
    monday = datetime.date.fromisocalendar(year, week, 1)
    return monday, monday + datetime.timedelta(days=6)


def last_week(today=None):
    today = today or timezone.localdate()
    year, week, _day = (today - datetime.timedelta(weeks=1)).isocalendar()
    return year, week


# The week's briefing -----------------------------------------------------------------------


@dataclass
class Briefing:
    org: Org
    year: int
    week: int
    start: datetime.date
    end: datetime.date
    visits: list  # [(visit, team, findings count)]
    by_category: list  # [(label, count)]
    by_school: list  # [(school name, count)]
    findings: int
    fixed: int
    short_schools: list  # [(school, visits, rules)], the first BRIEFING_SCHOOLS
    short_count: int
    short_inspectors: list  # [(user, schools that week, rules)]
    term: Semester


def briefing(org, year, week):
    """The figures of one ISO week's work under `org`, from the database."""
    start, end = iso_week_bounds(year, week)
    visits = list(
        SupervisionVisit.objects.filter(
            school__path__startswith=org.path,
            started_at__gte=_moment(start),
            started_at__lt=_moment(end + datetime.timedelta(days=1)),
        )
        .select_related("school", "lead")
        .prefetch_related("inspectors")
        .annotate(failed=Count("results", filter=Q(results__outcome=FAILED)))
        .order_by("started_at", "pk")
    )
    results = VisitResult.objects.filter(visit__in=[v.pk for v in visits], outcome=FAILED)
    by_category = (
        results.values("hazard__category")
        .annotate(n=Count("pk"))
        .order_by("-n", "hazard__category")
    )
    labels = dict(Category.choices)
    by_school = (
        results.values("visit__school__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "visit__school__name")
    )
    fixed = results.filter(hazard__status__in=FIXED_STATUSES).count()
    term = semester(org, end)
    rows_rules = rules_under(org)
    # Filtered in SQL and capped: a city bureau's briefing names the neediest schools and
    # says how many there are; the cadence page lists them all, page by page.
    short = school_compliance(org, term, short_only=True)
    short_count = short.count()
    short_schools = [
        (school, n, rules)
        for school, n, rules, _met in judge_schools(short[:BRIEFING_SCHOOLS], rows_rules)
    ]
    _mondays, inspectors = inspector_compliance(org, today=end, weeks=1)
    short_inspectors = [
        (row.user, row.weeks[0][1], row.rules) for row in inspectors if not row.weeks[0][2]
    ]
    return Briefing(
        org=org,
        year=year,
        week=week,
        start=start,
        end=end,
        visits=[(v, team(v), v.failed) for v in visits],
        by_category=[
            (str(labels.get(row["hazard__category"], row["hazard__category"] or "—")), row["n"])
            for row in by_category
        ],
        by_school=[(row["visit__school__name"], row["n"]) for row in by_school],
        findings=sum(v.failed for v in visits),
        fixed=fixed,
        short_schools=short_schools,
        short_count=short_count,
        short_inspectors=short_inspectors,
        term=term,
    )


# Exports -----------------------------------------------------------------------------------


def filtered_visits(user, org, *, status="", kind="", date_from=None, date_to=None):
    qs = visible_visits(user, org)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(planned_on__gte=date_from)
    if date_to:
        qs = qs.filter(planned_on__lte=date_to)
    return qs.order_by("-planned_on", "pk")


def visit_rows(visits):
    """The visits with what a row shows: school, lead, team and findings count."""
    return (
        visits.select_related("school", "lead")
        .prefetch_related("inspectors")
        .annotate(failed=Count("results", filter=Q(results__outcome=FAILED)))
    )


def finding_rows(visits):
    """The failed results of the visits, with their visit, school, item and hazard."""
    return (
        VisitResult.objects.filter(visit__in=visits.values("pk"), outcome=FAILED)
        .select_related("visit", "visit__school", "item", "hazard", "hazard__zone")
        .order_by("-visit__planned_on", "visit_id", "item__position", "pk")
    )


def require_bureau(org):
    """Cadence and rules are a bureau's: a school's page about them does not exist."""
    if org.kind == OrgKind.SCHOOL:
        raise Http404
