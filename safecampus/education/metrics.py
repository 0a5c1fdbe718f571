"""Safety education's figures per school, for the bureau's cockpit (core.metrics): the 1530
log's completion and its missing entries over a period (until today)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, org_link, percent
from safecampus.core.reporting import SummaryPart, Table
from safecampus.core.roles import Cap
from safecampus.education.models import SafetyLesson
from safecampus.education.queries.guardians import acknowledgement_rate
from safecampus.education.queries.lessons import overdue_counts
from safecampus.education.queries.log import completion_rolled
from safecampus.education.queries.trainings import people_short

SOURCE_1530 = "seed 003 (1530 安全教育记录簿); rules-next.md §3"
SOURCE_LESSONS = "seed 003 (每两周一课时); rules-next.md §3"
SOURCE_TRAININGS = "seed 003 (班主任每学期培训不少于2次; 校长每学期1次安全形势报告)"


def _completion(schools, period):
    so_far = period.until_today()
    if so_far is None:
        return {}
    # One query: what is due from the nightly roll-up, the entries counted live.
    return completion_rolled(schools, so_far.start, so_far.end)


def log_rate(schools, period):
    """Entries recorded of the entries due (classes × school days), as a percentage."""
    return {pk: percent(done, due) for pk, (done, due) in _completion(schools, period).items()}


def log_missing(schools, period):
    return {pk: due - done for pk, (done, due) in _completion(schools, period).items()}


def lessons_overdue(schools, _period):
    """Classes without a safety lesson in the programme's interval (a snapshot of today)."""
    return overdue_counts(schools)


def staff_short(schools, _period):
    """Head teachers and principals short of their quota this term (a snapshot)."""
    return people_short(schools)


GROUP = _("Safety education")
SOURCE_LETTERS = "seed 000 (告家长书); rules-next.md §3 (留取回执存档)"
LINK = org_link("education:bureau", "education:school")
LESSONS_LINK = org_link("education:bureau", "education:lessons")

METRICS = [
    Metric("education.log1530_rate", _("1530 entries recorded"), log_rate, Cap.EDUCATION_VIEW,
           unit="percent", better="higher", group=GROUP, source=SOURCE_1530, link=LINK),
    Metric("education.log1530_missing", _("1530 entries missing"), log_missing,
           Cap.EDUCATION_VIEW, group=GROUP, source=SOURCE_1530, link=LINK),
    Metric("education.lessons_overdue", _("Classes overdue for a safety lesson"),
           lessons_overdue, Cap.EDUCATION_VIEW, per_period=False, group=GROUP,
           source=SOURCE_LESSONS, link=LESSONS_LINK),
    Metric("education.staff_short", _("Staff short of their training quota"), staff_short,
           Cap.EDUCATION_VIEW, per_period=False, group=GROUP, source=SOURCE_TRAININGS,
           link=org_link("education:bureau", "education:trainings")),
    Metric("education.guardian_ack_rate", _("Letters acknowledged by guardians"),
           acknowledgement_rate, Cap.EDUCATION_VIEW, unit="percent", better="higher",
           group=GROUP, source=SOURCE_LETTERS,
           link=org_link(None, "education:guardian_letters")),
]  # fmt: skip


def lesson_table(school, period):
    """The safety lessons held in the period, by topic: how many, in how many classes, and how
    many students were there."""
    rows = (
        SafetyLesson.objects.filter(school=school, day__gte=period.start, day__lte=period.end)
        .values("topic__name")
        .annotate(
            lessons=Count("pk"),
            classes=Count("school_class", distinct=True),
            present=Sum("attendance"),
        )
        .order_by("-lessons", "topic__name")
    )
    return [
        Table(
            _("Safety lessons held"),
            (_("Topic"), _("Lessons"), _("Classes"), _("Students present")),
            [
                (row["topic__name"], row["lessons"], row["classes"], row["present"] or 0)
                for row in rows
            ],
        )
    ]


PARTS = [
    SummaryPart(
        "education",
        "education",
        _("Safety education"),
        Cap.EDUCATION_VIEW,
        order=10,
        metrics=(
            "education.log1530_rate",
            "education.log1530_missing",
            "education.lessons_overdue",
            "education.staff_short",
            "education.guardian_ack_rate",
        ),
        details=lesson_table,
    ),
]
