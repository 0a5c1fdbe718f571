"""The risk assessment report (风险评估报告) of a school or of a bureau's schools, for the reports
app's pipeline (core.reporting.ReportKind): risk points by level and the change since the last
report, the assessments of the period (first ones and re-assessments) and those overdue, and the
major risks with their controls. Each figure is one query for all the schools."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.models import Org
from safecampus.core.reporting import ReportKind, Section, Table
from safecampus.core.roles import Cap
from safecampus.risks.levels import ORDER, Level
from safecampus.risks.models import RiskAssessment, RiskPoint

# The major risks are listed one by one; a city's list stops here (the xlsx holds them all).
MAJOR_ROWS = 500


def _change(now, before):
    if before is None:
        return "—"
    delta = now - before
    return f"+{delta}" if delta > 0 else str(delta)


def figures(org, period):
    """The report's figures, as a JSON snapshot; the tests compare them with the database."""
    schools = Org.objects.schools().under(org).values("pk")
    points = RiskPoint.objects.filter(school__in=schools)
    levels = dict(points.values_list("level").annotate(n=Count("pk")).order_by())
    start, end = period.bounds
    earlier = RiskAssessment.objects.filter(
        risk_point=OuterRef("risk_point"), assessed_at__lt=OuterRef("assessed_at")
    )
    # A re-assessment is an assessment of a point assessed before it.
    done = RiskAssessment.objects.filter(
        risk_point__school__in=schools, assessed_at__gte=start, assessed_at__lt=end
    ).aggregate(
        first=Count("pk", filter=~Exists(earlier)), again=Count("pk", filter=Exists(earlier))
    )
    today = timezone.localdate()
    return {
        "levels": {level.value: levels.get(level.value, 0) for level in ORDER},
        "unassessed": levels.get("", 0),
        "total": sum(levels.values()),
        "first_assessments": done["first"],
        "reassessments": done["again"],
        "overdue": points.filter(Q(review_due__lt=today) | Q(needs_reassessment=True)).count(),
        "day": today.isoformat(),
    }


def _major_table(org):
    schools = Org.objects.schools().under(org).values("pk")
    rows = (
        RiskPoint.objects.filter(school__in=schools, level=Level.MAJOR)
        .select_related("school", "zone", "responsible")
        .order_by("school__name", "zone__path_name", "name", "pk")[:MAJOR_ROWS]
    )
    header = (_("Place"), _("Risk point"), _("Controls"), _("Control level"), _("Responsible"),
              _("Review due"))  # fmt: skip
    if not org.is_school:
        header = (_("School"), *header)
    body = []
    for point in rows:
        row = (
            point.zone.path_name,
            point.name,
            point.existing_controls,
            point.get_control_level_display() or "—",
            point.responsible.display_name or point.responsible.username,
            point.review_due.isoformat() if point.review_due else "—",
        )
        body.append((point.school.name, *row) if not org.is_school else row)
    return Table(_("Major risk points and their controls"), header, body)


def _school_table(org):
    """A bureau's report ends with each school's points by level and overdue re-assessments."""
    schools = Org.objects.schools().under(org)
    today = timezone.localdate()
    counts = {
        level.value: Count("risk_points", filter=Q(risk_points__level=level.value))
        for level in reversed(ORDER)
    }
    rows = (
        schools.annotate(
            **counts,
            overdue=Count(
                "risk_points",
                filter=Q(risk_points__review_due__lt=today)
                | Q(risk_points__needs_reassessment=True),
            ),
        )
        .order_by("name", "pk")
        .values_list("name", *counts, "overdue")
    )
    header = (_("School"), *(str(level.label) for level in reversed(ORDER)), _("Overdue"))
    return Table(_("Risk points of each school"), header, list(rows))


def _level_rows(now, previous):
    """(level, now, at the last report, change), the not-yet-assessed points last."""
    before = None if previous is None else {**previous["levels"], "": previous["unassessed"]}
    current = {**now["levels"], "": now["unassessed"]}
    labels = [(level.value, str(level.label)) for level in reversed(ORDER)]
    labels.append(("", _("Not yet assessed")))
    return [
        (
            label,
            current[key],
            "—" if before is None else before.get(key, 0),
            _change(current[key], None if before is None else before.get(key, 0)),
        )
        for key, label in labels
    ]


def build(org, period, previous):
    now = figures(org, period)
    last = previous["day"] if previous else _("no earlier report")
    by_level = Table(
        _("Risk points by level, now and at the last report (%(day)s)") % {"day": last},
        (_("Level"), _("This report"), _("Last report"), _("Change")),
        _level_rows(now, previous),
    )
    overdue = _("Re-assessments overdue (on %(day)s)") % {"day": now["day"]}
    sections = [
        Section(
            _("Risk points by level"),
            [(_("Risk points"), str(now["total"]))],
            [by_level],
            _("Why the levels changed: new points, controls that lowered a risk, risks that rose."),
        ),
        Section(
            _("Assessments and re-assessments"),
            [
                (_("First assessments in the period"), str(now["first_assessments"])),
                (_("Re-assessments in the period"), str(now["reassessments"])),
                (overdue, str(now["overdue"])),
            ],
            [],
            _("Who assessed, by which method, and why overdue points are late."),
        ),
        Section(
            _("Major risks and their controls"),
            [(_("Major risk points"), str(now["levels"][Level.MAJOR.value]))],
            [_major_table(org)],
            _("Whether the controls work, and what more is planned."),
        ),
    ]
    if not org.is_school:
        sections.append(Section(_("Each school"), [], [_school_table(org)]))
    return sections, now


RISK_REPORT = ReportKind("risk", gettext_lazy("Risk assessment report"), Cap.RISK_VIEW, build)
