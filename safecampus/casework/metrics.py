"""Casework's figures per school, for the bureau (core.metrics): counts only, never a name.
Open cases, those at high risk, those whose review is overdue, and the full reads of records
(how often the need-to-know rule was exercised)."""

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.casework.models import (
    BullyingCase,
    ConcernFollowUp,
    ConcernStatus,
    Dispute,
    DisputeStatus,
    MandatoryReport,
    MandatoryStatus,
    PersonOfConcern,
    RiskLevel,
    Screening,
)
from safecampus.casework.queries import bullying as bullying_queries
from safecampus.casework.queries.access import READ_ACTION
from safecampus.core.metrics import Metric, grouped_count, grouped_rate
from safecampus.core.models import AuditEvent
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap

OPEN = (ConcernStatus.OPEN, ConcernStatus.MANAGED)


def _open(schools):
    return PersonOfConcern.objects.filter(school__in=schools.values("pk"), status__in=OPEN)


def open_concerns(schools, _period):
    return grouped_count(_open(schools))


def high_risk(schools, _period):
    return grouped_count(_open(schools).filter(risk_level=RiskLevel.HIGH))


def overdue_reviews(schools, _period):
    """Open cases with a review past its date (derived, not stored)."""
    late = ConcernFollowUp.objects.filter(
        concern=OuterRef("pk"), done_at__isnull=True, due_on__lt=timezone.localdate()
    )
    return grouped_count(_open(schools).filter(Exists(late)))


def record_reads(schools, period):
    start, end = period.bounds
    return grouped_count(
        AuditEvent.objects.filter(
            org__in=schools.values("pk"),
            action__in=list(READ_ACTION.values()),
            created_at__gte=start,
            created_at__lt=end,
        ),
        school_field="org",
    )


DISPUTES_OPEN = (DisputeStatus.OPEN, DisputeStatus.MEDIATING)


def open_disputes(schools, _period):
    return grouped_count(
        Dispute.objects.filter(school__in=schools.values("pk"), status__in=DISPUTES_OPEN)
    )


def overdue_disputes(schools, _period):
    """Open disputes past their level's deadline (derived, not stored)."""
    return grouped_count(
        Dispute.objects.filter(
            school__in=schools.values("pk"),
            status__in=DISPUTES_OPEN,
            deadline__lt=timezone.localdate(),
        )
    )


def screenings(schools, period):
    return grouped_count(
        Screening.objects.filter(
            school__in=schools.values("pk"), done_on__gte=period.start, done_on__lte=period.end
        )
    )


def _bullying(schools):
    return BullyingCase.objects.filter(
        school__in=schools.values("pk"), status__in=bullying_queries.OPEN
    )


def open_bullying(schools, _period):
    return grouped_count(_bullying(schools))


def late_bullying(schools, _period):
    """Open cases past the time limit of their step (derived, not stored)."""
    return grouped_count(_bullying(schools).filter(bullying_queries.late_q(timezone.localdate())))


def bullying_reported(schools, period):
    start, end = period.bounds
    return grouped_count(
        BullyingCase.objects.filter(
            school__in=schools.values("pk"), received_at__gte=start, received_at__lt=end
        )
    )


def mandatory_overdue(schools, _period):
    """Mandatory reports not yet made past the trigger's time."""
    return grouped_count(
        MandatoryReport.objects.filter(
            school__in=schools.values("pk"),
            status=MandatoryStatus.TO_REPORT,
            report_by__lt=timezone.now(),
        )
    )


def mandatory_on_time(schools, period):
    """Of the mandatory reports the school learned of in the period, the share made in time
    (one not yet made counts as not in time)."""
    start, end = period.bounds
    return grouped_rate(
        MandatoryReport.objects.filter(
            school__in=schools.values("pk"), learned_at__gte=start, learned_at__lt=end
        ),
        Q(reported_at__isnull=False, reported_at__lte=F("report_by")),
    )


GROUP = _("Casework")
CAP = Cap.CASEWORK_OVERSIGHT

METRICS = [
    Metric("casework.open_concerns", _("Persons of concern, open"), open_concerns, CAP,
           per_period=False, group=GROUP),
    Metric("casework.high_risk", _("Persons of concern at high risk"), high_risk, CAP,
           per_period=False, group=GROUP),
    Metric("casework.overdue_reviews", _("Persons of concern with an overdue review"),
           overdue_reviews, CAP, per_period=False, group=GROUP),
    Metric("casework.open_disputes", _("Disputes, open"), open_disputes, CAP, per_period=False,
           group=GROUP),
    Metric("casework.overdue_disputes", _("Disputes past their deadline"), overdue_disputes, CAP,
           per_period=False, group=GROUP),
    Metric("casework.screenings", _("Screenings for disputes"), screenings, CAP,
           better="higher", group=GROUP),
    Metric("casework.open_bullying", _("Bullying cases, open"), open_bullying, CAP,
           per_period=False, group=GROUP),
    Metric("casework.late_bullying", _("Bullying cases past a time limit"), late_bullying, CAP,
           per_period=False, group=GROUP),
    Metric("casework.bullying_reported", _("Bullying cases reported"), bullying_reported, CAP,
           group=GROUP),
    Metric("casework.mandatory_overdue", _("Mandatory reports not made in time"),
           mandatory_overdue, CAP, per_period=False, group=GROUP),
    Metric("casework.mandatory_on_time", _("Mandatory reports made in time"), mandatory_on_time,
           CAP, unit="percent", better="higher", group=GROUP,
           source="未保法 §11; 高检发〔2020〕9号"),
    Metric("casework.record_reads", _("Full reads of casework records"), record_reads, CAP,
           group=GROUP),
]  # fmt: skip

# The safety summary's casework part: counts only, never a record (the bureau and the principal
# hold casework.oversight).
PARTS = [
    SummaryPart(
        "casework",
        "other",
        _("Casework: bullying, mandatory reports, disputes"),
        CAP,
        order=60,
        metrics=(
            "casework.bullying_reported",
            "casework.open_bullying",
            "casework.late_bullying",
            "casework.mandatory_on_time",
            "casework.mandatory_overdue",
            "casework.open_disputes",
            "casework.overdue_disputes",
        ),
    ),
]
