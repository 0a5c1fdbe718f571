"""The assessment's figures per school, for the bureau (core.metrics): the share of the maximum
points a school got in its latest published round, and the vetoes applied to it in rounds
published in the period."""

from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from safecampus.assessment.models import Indicator, RoundSchool, RoundStatus
from safecampus.core.metrics import Metric, grouped_count, percent
from safecampus.core.roles import Cap

PUBLISHED = [RoundStatus.PUBLISHED, RoundStatus.CLOSED]


def latest_score(schools, period):
    """Points ÷ maximum points of the school's latest published round, in percent, in one
    query (the latest sheet and its scheme version's maximum as subqueries)."""
    maximum = (
        Indicator.objects.filter(area__version=OuterRef("round__version"))
        .order_by()
        .values("area__version")
        .annotate(n=Sum("max_points"))
        .values("n")[:1]
    )
    latest = (
        RoundSchool.objects.filter(school=OuterRef("pk"), round__status__in=PUBLISHED)
        .annotate(maximum=Subquery(maximum))
        .order_by("-round__published_at", "-pk")
    )
    rows = (
        schools.order_by()
        .annotate(
            total=Subquery(latest.values("total")[:1]),
            maximum=Subquery(latest.values("maximum")[:1]),
        )
        .filter(total__isnull=False)
        .values_list("pk", "total", "maximum")
    )
    return {pk: percent(float(total), float(most)) for pk, total, most in rows if most}


def vetoes(schools, period):
    start, end = period.bounds
    return grouped_count(
        RoundSchool.objects.filter(
            school__in=schools.values("pk"),
            vetoed=True,
            round__status__in=PUBLISHED,
            round__published_at__gte=start,
            round__published_at__lt=end,
        )
    )


METRICS = [
    Metric(
        "assessment.score",
        _("Latest assessment score"),
        latest_score,
        Cap.ASSESSMENT_VIEW,
        unit="percent",
        better="higher",
        per_period=False,
        group=_("Assessment"),
        source=_("points ÷ maximum points of the latest published round"),
        link="assessment:rounds",
    ),
    Metric(
        "assessment.vetoed",
        _("Assessments failed by a veto"),
        vetoes,
        Cap.ASSESSMENT_VIEW,
        group=_("Assessment"),
        link="assessment:rounds",
    ),
]
