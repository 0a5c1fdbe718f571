"""What the supervision hub and a school's home count: the work waiting on each side.

A school counts what it must answer (tasks, notices, campaign stages, visit notices); a bureau
or street node counts what it must review or follow (replies and hand-ins to review, visits
planned this week, notices awaiting a response, overdue replies). A handful of aggregate
queries, none per school. An unannounced visit is never counted on the school's side before it
starts (its notice can only exist once it has).
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.supervision.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    DispatchedTask,
    DispatchKind,
    DispatchStatus,
    StageSubmission,
    SubmissionStatus,
    SupervisionVisit,
    TaskRecipient,
    TaskReplyStatus,
    VisitStatus,
)

WAITING_FOR_SCHOOL = [TaskReplyStatus.PENDING, TaskReplyStatus.RETURNED]


def school_counts(user, school):
    """{name: count} of what the school has to answer."""
    now = timezone.now()
    today = timezone.localdate()
    copies = visible_to(user, TaskRecipient).filter(school=school, task__status=DispatchStatus.OPEN)
    tasks = copies.aggregate(
        tasks=Count("pk", filter=Q(task__kind=DispatchKind.TASK, status__in=WAITING_FOR_SCHOOL)),
        overdue=Count(
            "pk",
            filter=Q(
                task__kind=DispatchKind.TASK,
                status__in=WAITING_FOR_SCHOOL,
                task__deadline__lt=now,
            ),
        ),
        notices=Count(
            "pk", filter=Q(task__kind=DispatchKind.NOTICE, status=TaskReplyStatus.PENDING)
        ),
        unread=Count("pk", filter=Q(read_at__isnull=True)),
    )
    handed_in = StageSubmission.objects.filter(stage=OuterRef("pk"), school=school).exclude(
        status=SubmissionStatus.RETURNED
    )
    stages = (
        CampaignStage.objects.filter(
            campaign__status=CampaignStatus.RUNNING,
            campaign__schools__school=school,
            starts_on__lte=today,
        )
        .exclude(Exists(handed_in))
        .count()
    )
    notices = visible_to(user, SupervisionVisit).filter(school=school, status=VisitStatus.ISSUED)
    return {**tasks, "stages": stages, "visit_notices": notices.count()}


def bureau_counts(user, org):
    """{name: count} of what a bureau or street node has to review or follow, for what it sent
    and the schools under it."""
    now = timezone.now()
    today = timezone.localdate()
    visits = (
        visible_to(user, SupervisionVisit)
        .filter(bureau__path__startswith=org.path)
        .aggregate(
            this_week=Count(
                "pk",
                filter=Q(
                    status=VisitStatus.PLANNED,
                    planned_on__gte=today,
                    planned_on__lt=today + timedelta(days=7),
                ),
            ),
            under_way=Count("pk", filter=Q(status=VisitStatus.UNDER_WAY)),
            awaiting_response=Count("pk", filter=Q(status=VisitStatus.ISSUED)),
            to_recheck=Count("pk", filter=Q(status=VisitStatus.RESPONDED)),
        )
    )
    sent = visible_to(user, DispatchedTask).filter(sender__path__startswith=org.path)
    replies = TaskRecipient.objects.filter(
        task__in=sent.filter(status=DispatchStatus.OPEN)
    ).aggregate(
        to_review=Count("pk", filter=Q(status=TaskReplyStatus.REPLIED)),
        overdue=Count(
            "pk",
            filter=Q(
                task__kind=DispatchKind.TASK,
                status__in=WAITING_FOR_SCHOOL,
                task__deadline__lt=now,
            ),
        ),
        unread=Count("pk", filter=Q(read_at__isnull=True)),
    )
    campaigns = visible_to(user, Campaign).filter(bureau__path__startswith=org.path)
    running = campaigns.filter(status=CampaignStatus.RUNNING).count()
    hand_ins = StageSubmission.objects.filter(
        stage__campaign__in=campaigns.filter(status=CampaignStatus.RUNNING),
        status=SubmissionStatus.SUBMITTED,
    ).count()
    return {
        **{f"visits_{k}": v for k, v in visits.items()},
        **{f"replies_{k}": v for k, v in replies.items()},
        "campaigns_running": running,
        "hand_ins_to_review": hand_ins,
    }
