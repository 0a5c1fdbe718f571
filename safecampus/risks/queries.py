"""Read side of risk grading. Every function takes the viewer and starts from their scope."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from safecampus.core.access import visible_orgs, visible_to
from safecampus.core.models import PostAssignment, Zone
from safecampus.core.roles import Cap
from safecampus.risks import levels
from safecampus.risks.levels import Level
from safecampus.risks.models import CampusPlan, RiskAssessment, RiskPoint, ZoneShape
from safecampus.risks.rules import rules_for


def risk_points(*, user, school=None, filters=None):
    f = filters or {}
    qs = visible_to(user, RiskPoint, Cap.RISK_VIEW)
    if school is not None:
        qs = qs.filter(school=school)
    if f.get("level"):
        qs = qs.filter(level=f["level"])
    if f.get("zone"):
        qs = qs.filter(zone=f["zone"])
    if f.get("control_level"):
        qs = qs.filter(control_level=f["control_level"])
    if f.get("accident_type"):
        # JSON "contains" is not on SQLite; the quoted value as text works on both databases.
        qs = qs.filter(accident_types__icontains=f'"{f["accident_type"]}"')
    if f.get("needs_reassessment"):
        qs = qs.filter(needs_reassessment=True)
    if f.get("review_overdue"):
        qs = qs.filter(review_due__lt=timezone.localdate())
    if f.get("q"):
        qs = qs.filter(Q(name__icontains=f["q"]) | Q(hazard_factors__icontains=f["q"]))
    return qs.select_related("zone", "responsible", "school").order_by(
        "zone__path_name", "name", "pk"
    )


def risk_points_for_api(*, user, school=None, filters=None):
    """Risk points with the posts they are on the cards of."""
    return risk_points(user=user, school=school, filters=filters).prefetch_related("posts")


def adopted_from_catalogue(*, user, school):
    """catalogue key → ids of the school's risk points adopted from it, oldest first."""
    adopted = {}
    rows = (
        visible_to(user, RiskPoint, Cap.RISK_VIEW)
        .filter(school=school)
        .exclude(catalogue_key="")
        .order_by("pk")
        .values_list("catalogue_key", "pk")
    )
    for key, pk in rows:
        adopted.setdefault(key, []).append(pk)
    return adopted


def post_holders(*, user, school, post_kinds, people):
    """The current holders among `people` of the school's posts of these kinds, in the kinds'
    order (the first is the likely responsible person of a risk those posts control)."""
    order = list(post_kinds)
    found = (
        visible_to(user, PostAssignment)
        .active()
        .filter(post__school=school, post__kind__in=order, user__in=people)
        .select_related("post")
        .order_by("post__name", "started_at")
    )
    return sorted(found, key=lambda a: order.index(a.post.kind))


def latest_assessments(points):
    """The newest assessment of each point, for the list and the export (one query)."""
    ids = [p.pk for p in points]
    found = {}
    for a in RiskAssessment.objects.filter(risk_point_id__in=ids).order_by("-assessed_at", "-id"):
        found.setdefault(a.risk_point_id, a)
    return found


def history(point):
    return point.assessments.select_related("assessor").order_by("-assessed_at", "-id")


def review_overdue(*, user, school):
    today = timezone.localdate()
    return risk_points(user=user, school=school).filter(
        Q(review_due__lt=today) | Q(needs_reassessment=True) | Q(level="")
    )


def campus_plan(*, user, school):
    """The school's campus plan with its image row, or None before one is uploaded."""
    return visible_to(user, CampusPlan).filter(school=school).select_related("image").first()


def zone_levels(school):
    """Each zone's highest risk level (a zone inherits its parts' risks), for the map."""
    zones = list(Zone.objects.filter(school=school).only("pk", "parent_id", "name"))
    parent = {z.pk: z.parent_id for z in zones}
    highest = {}
    points = (
        RiskPoint.objects.filter(school=school).exclude(level="").values_list("zone_id", "level")
    )
    for zone_id, level in points:
        node = zone_id
        while node is not None:
            if node not in highest or levels.rank(level) > levels.rank(highest[node]):
                highest[node] = level
            node = parent.get(node)
    return highest


def map_data(school):
    """Zones with outline, level and colour; and the zones with no outline yet."""
    rules = rules_for(school)
    highest = zone_levels(school)
    shapes = {s.zone_id: s.points for s in ZoneShape.objects.filter(zone__school=school)}
    zones = list(Zone.objects.filter(school=school).order_by("path_name"))
    drawn, missing = [], []
    for zone in zones:
        level = highest.get(zone.pk, "")
        row = {
            "id": zone.pk,
            "name": zone.name,
            "path": zone.path_name,
            "level": level,
            "level_label": str(Level(level).label) if level else "",
            "colour": rules.colours.get(level, "#cccccc") if level else "#dddddd",
            "points": shapes.get(zone.pk),
        }
        (drawn if zone.pk in shapes else missing).append(row)
    return {"zones": drawn, "missing": missing, "colours": rules.colours, "levels": rules.levels()}


# A bureau with more schools than this sees the TOP_SCHOOLS with the most serious risks instead of
# a row for every school; its totals still count every school.
SCHOOLS_LISTED = 100
TOP_SCHOOLS = 25


LEVELS = [*Level.values, ""]  # "" is a point not assessed yet


def _bureau_schools(user, bureau):
    return visible_orgs(user, Cap.RISK_VIEW).filter(path__startswith=bureau.path).schools()


def _points_of(schools):
    # No default ordering: it joins the zones, and a count needs none of them.
    return RiskPoint.objects.filter(school__in=schools.values("pk")).order_by()


def school_counts(*, user, bureau):
    """Counts of risk points by level (or "unassessed") per school under the bureau.

    Returns (rows, totals, school total): rows are (school, counts) for every school in path
    order, or, past SCHOOLS_LISTED schools, for the TOP_SCHOOLS with the most major risks (then
    significant, general, low), ranked by the database; totals count every school's points."""
    schools = _bureau_schools(user, bureau)
    points = _points_of(schools)
    listed = list(schools.order_by("path")[: SCHOOLS_LISTED + 1])
    if len(listed) <= SCHOOLS_LISTED:
        counts, totals = {}, {}
        for r in points.values("school_id", "level").annotate(n=Count("id")):
            level = r["level"] or "unassessed"
            counts.setdefault(r["school_id"], {})[level] = r["n"]
            totals[level] = totals.get(level, 0) + r["n"]
        return [(school, counts.get(school.pk, {})) for school in listed], totals, len(listed)
    by_level = {level or "unassessed": Count("id", filter=Q(level=level)) for level in LEVELS}
    # One pass over the points gives every school's counts (a row a school): the totals are
    # their sums and the ranking a sort of those rows, with no second scan of the points.
    per_school = list(points.values("school_id").annotate(**by_level).order_by())
    totals = dict.fromkeys(by_level, 0)
    for r in per_school:
        for level in by_level:
            totals[level] += r[level]
    ranked = sorted(
        per_school, key=lambda r: (*(-r[level] for level in Level.values), r["school_id"])
    )[:TOP_SCHOOLS]
    names = schools.in_bulk([r["school_id"] for r in ranked])
    rows = [(names[r.pop("school_id")], r) for r in ranked]
    return rows, {k: n for k, n in totals.items() if n}, schools.count()


def major_risks(*, user, bureau=None, school=None, include_significant=False):
    wanted = [Level.MAJOR, Level.SIGNIFICANT] if include_significant else [Level.MAJOR]
    qs = visible_to(user, RiskPoint, Cap.RISK_VIEW).filter(level__in=wanted)
    if bureau is not None:
        qs = qs.filter(school__path__startswith=bureau.path)
    if school is not None:
        qs = qs.filter(school=school)
    return qs.select_related("school", "zone", "responsible").order_by(
        "school__path", "-level", "pk"
    )


def post_levels(*, user, school):
    """post id → (number of risk points the post controls, the highest level among them)."""
    counts, highest = {}, {}
    points = visible_to(user, RiskPoint, Cap.RISK_VIEW).filter(school=school)
    links = RiskPoint.posts.through.objects.filter(
        post__school=school, riskpoint__in=points
    ).values_list("post_id", "riskpoint__level")
    for post_id, level in links:
        counts[post_id] = counts.get(post_id, 0) + 1
        if level and (post_id not in highest or levels.rank(level) > levels.rank(highest[post_id])):
            highest[post_id] = level
    return {post_id: (count, highest.get(post_id, "")) for post_id, count in counts.items()}


def post_risks(post):
    """The risk points of a post, highest level first, for its risk card."""
    points = list(
        post.risk_points.select_related("zone", "responsible").prefetch_related(
            Prefetch("assessments", queryset=RiskAssessment.objects.order_by("-assessed_at"))
        )
    )
    return sorted(points, key=lambda p: -levels.rank(p.level) if p.level else 1)
