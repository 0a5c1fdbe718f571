"""Every read the assessment pages, exports and API answers need, each starting from the viewer.

A bureau sees its rounds and every sheet of its schools; a school's people see their school's
sheets only, and the inspectors' points, vetoes and grade once the round is published.
"""

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Rank
from django.http import Http404

from safecampus.assessment.models import (
    Appeal,
    AppealStatus,
    Entry,
    Indicator,
    Round,
    RoundSchool,
    RoundStatus,
    Scheme,
    SchemeVersion,
)
from safecampus.core import metrics
from safecampus.core.access import get_visible_or_404, has_cap, visible_orgs, visible_to
from safecampus.core.roles import Cap

RESULTS_OUT = [RoundStatus.PUBLISHED, RoundStatus.CLOSED]


def schemes_for(bureau):
    """The schemes a bureau may use: the starters and those of its own node and the bureaus
    above it."""
    return (
        Scheme.objects.filter(Q(org__isnull=True) | Q(org_id__in=bureau.ancestor_ids()))
        .select_related("org")
        .annotate(latest=Count("versions"))
        .order_by(F("org_id").asc(nulls_first=True), "name")
    )


def versions_for(bureau):
    """Every version of those schemes, newest first within a scheme, for the round form."""
    return (
        SchemeVersion.objects.filter(
            Q(scheme__org__isnull=True) | Q(scheme__org_id__in=bureau.ancestor_ids())
        )
        .select_related("scheme")
        .order_by("scheme__name", "-number")
    )


def readable_version(user, pk):
    """A version the user may read: a starter, or one of a scheme of a bureau above an org
    where they hold assessment.view (its own people and the schools assessed on it); else 404."""
    version = SchemeVersion.objects.select_related("scheme__org").filter(pk=as_id(pk)).first()
    if version is None:
        raise Http404
    owner = version.scheme.org
    if owner is None or (
        visible_orgs(user, Cap.ASSESSMENT_VIEW).filter(path__startswith=owner.path).exists()
    ):
        return version
    raise Http404


def version_tree(version):
    """The version's areas with their indicators, and its maximum points (two queries)."""
    areas = list(version.areas.prefetch_related("indicators"))
    total = sum((i.max_points for a in areas for i in a.indicators.all()), 0)
    return areas, total


def max_points(version):
    found = Indicator.objects.filter(area__version=version).aggregate(n=Sum("max_points"))
    return found["n"] or 0


def used(version):
    return version.rounds.exists()


def as_id(pk):
    """An id from a URL: one beyond the database's integer range names no row (a 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def rounds(*, user, org):
    """The rounds the org's page lists: a bureau's own and those of the bureaus above it that it
    may see."""
    return (
        visible_to(user, Round, Cap.ASSESSMENT_VIEW)
        .filter(Q(bureau__path__startswith=org.path) | Q(bureau_id__in=org.ancestor_ids()))
        .select_related("version__scheme", "bureau")
        .annotate(schools=Count("sheets"))
        .order_by("-ends_on", "-pk")
    )


def school_sheets(*, user, school):
    """A school's sheets in the rounds opened to it, newest first."""
    return (
        visible_to(user, RoundSchool, Cap.ASSESSMENT_VIEW)
        .filter(school=school)
        .exclude(round__status=RoundStatus.DRAFT)
        .select_related("round__version__scheme", "round__bureau")
        .order_by("-round__ends_on", "-pk")
    )


def round_for(user, pk):
    return get_visible_or_404(
        user,
        Round,
        as_id(pk),
        queryset=visible_to(user, Round, Cap.ASSESSMENT_VIEW).select_related(
            "bureau", "version__scheme"
        ),
    )


def own_sheet_in(user, pk):
    """The sheet of a school the user belongs to in round `pk` (a school's people follow a
    round's link to their own sheet), or None."""
    return (
        visible_to(user, RoundSchool, Cap.ASSESSMENT_VIEW)
        .filter(round_id=as_id(pk))
        .exclude(round__status=RoundStatus.DRAFT)
        .first()
    )


def ranking(round_):
    """The round's sheets best first: vetoed sheets after the others, then by points; each with
    its rank (equal points share one), open appeals and vetoes counted in the same query."""
    order = [F("vetoed").asc(), F("total").desc(nulls_last=True)]
    return (
        RoundSchool.objects.filter(round=round_)
        .select_related("school")
        .annotate(
            rank=Window(Rank(), order_by=order),
            open_appeals=Count(
                "appeals", filter=Q(appeals__status=AppealStatus.OPEN), distinct=True
            ),
        )
        .order_by(*order, "school__name")
    )


def round_counts(round_):
    """How far the round is: schools, sheets handed in, entries scored of all, open appeals."""
    sheets = RoundSchool.objects.filter(round=round_).aggregate(
        schools=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    entries = Entry.objects.filter(sheet__round=round_).aggregate(
        entries=Count("pk"), scored=Count("pk", filter=Q(points__isnull=False))
    )
    appeals = Appeal.objects.filter(sheet__round=round_, status=AppealStatus.OPEN).count()
    return {**sheets, **entries, "open_appeals": appeals}


def sheet_for(user, pk):
    """A sheet the user may read (its school's people, the bureaus above): else 404. A draft
    round's sheets do not exist yet, so no check is needed for that."""
    return get_visible_or_404(
        user,
        RoundSchool,
        as_id(pk),
        queryset=visible_to(user, RoundSchool, Cap.ASSESSMENT_VIEW).select_related(
            "round__bureau", "round__version__scheme", "school"
        ),
    )


def entries(sheet):
    """The sheet's entries in the scheme's order with their indicator, area and evidence."""
    return list(
        Entry.objects.filter(sheet=sheet)
        .select_related("indicator__area", "scored_by")
        .prefetch_related("attachments")
        .order_by("indicator__area__position", "indicator__position")
    )


def results_shown(user, sheet):
    """The inspectors' points, vetoes and grade: to the bureau always, to the school once
    published."""
    return sheet.round.status in RESULTS_OUT or has_cap(
        user, Cap.ASSESSMENT_VIEW, sheet.round.bureau
    )


def entry_for(user, pk):
    return get_visible_or_404(
        user,
        Entry,
        as_id(pk),
        queryset=visible_to(user, Entry, Cap.ASSESSMENT_VIEW).select_related(
            "sheet__round__bureau", "sheet__school", "indicator"
        ),
    )


def appeal_for(user, pk):
    return get_visible_or_404(
        user,
        Appeal,
        as_id(pk),
        queryset=visible_to(user, Appeal, Cap.ASSESSMENT_VIEW).select_related(
            "sheet__round__bureau", "sheet__school"
        ),
    )


def metric_directions(areas):
    """{metric key: "lower" or "higher"}: which way each computed indicator's figure is good."""
    keys = {i.metric for a in areas for i in a.indicators.all() if i.metric}
    return {key: metrics.METRICS[key].better for key in keys if key in metrics.METRICS}


def metric_labels(areas):
    """{metric key: its label} for the computed indicators of the areas."""
    keys = {i.metric for a in areas for i in a.indicators.all() if i.metric}
    return {key: metrics.METRICS[key].label for key in keys if key in metrics.METRICS}


def veto_metric_labels(version):
    """{metric key: its label} for the veto items matched by a figure."""
    keys = {v.metric for v in version.vetoes.all() if v.metric}
    return {key: metrics.METRICS[key].label for key in keys if key in metrics.METRICS}


def look_back(round_, years):
    """The period a veto item looks back over: the round's assessment period, stretched back
    to start `years` - 1 years earlier."""
    start = round_.starts_on
    try:
        start = start.replace(year=start.year - (years - 1))
    except ValueError:  # 29 February
        start = start.replace(year=start.year - (years - 1), day=28)
    return metrics.Period(start, round_.ends_on)


def suggested_vetoes(round_, schools):
    """{school id: [(veto item, figure, period, link)]}: the round's veto items matched against
    the records of `schools` (a queryset), one query per matched item whatever the number of
    schools. Only items with a figure are matched; a school appears when its figure is ≥ 1."""
    found = {}
    for item in round_.version.vetoes.exclude(metric=""):
        metric = metrics.METRICS.get(item.metric)
        if metric is None:  # a module that is gone: the inspectors alone find it
            continue
        period = look_back(round_, item.years)
        for school_id, value in metric.figures(schools, period).items():
            if value:
                found.setdefault(school_id, []).append((item, value, period))
    return found
