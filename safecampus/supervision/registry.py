"""What supervision adds to the kernel: scopes, audit labels, periodic work, file guards."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, register_scope, visible_orgs, visible_to
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import register_source
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience, register_counts
from safecampus.supervision import metrics, safety_calendar
from safecampus.supervision.home import home_counts
from safecampus.supervision.models import (
    Campaign,
    CampaignHazard,
    CampaignSchool,
    CampaignStage,
    DispatchedTask,
    StageSubmission,
    SupervisionVisit,
    TaskRecipient,
    TaskReply,
    VisitResult,
)
from safecampus.supervision.queries import visits as visit_queries

# A school sees its own rows; a bureau sees what it sent and its schools' rows. What a school
# may not see yet (an unannounced visit before it starts) is narrowed in queries.py.
register_scope(SupervisionVisit, "school")
register_scope(VisitResult, "visit__school")
register_scope(Campaign, "bureau")
register_scope(CampaignSchool, "school")
register_scope(CampaignHazard, "hazard__school")
register_scope(CampaignStage, "campaign__bureau")
register_scope(StageSubmission, "school")
register_scope(DispatchedTask, "sender")
register_scope(TaskRecipient, "school")
register_scope(TaskReply, "recipient__school")

register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)
register_counts(home_counts)

register_labels(
    {
        "svisit.plan": gettext_lazy("Supervision visit planned"),
        "svisit.cancel": gettext_lazy("Supervision visit cancelled"),
        "svisit.start": gettext_lazy("Supervision visit started"),
        "svisit.record": gettext_lazy("Supervision item recorded"),
        "svisit.issue": gettext_lazy("Supervision notice issued"),
        "svisit.respond": gettext_lazy("School responded to a supervision notice"),
        "svisit.close": gettext_lazy("Supervision visit re-checked and closed"),
        "svisit.rules": gettext_lazy("Supervision rules changed"),
        "campaign.create": gettext_lazy("Campaign drafted"),
        "campaign.edit": gettext_lazy("Campaign changed"),
        "campaign.launch": gettext_lazy("Campaign launched"),
        "campaign.close": gettext_lazy("Campaign closed"),
        "campaign.submit": gettext_lazy("Campaign stage handed in"),
        "campaign.accept": gettext_lazy("Campaign hand-in accepted"),
        "campaign.return": gettext_lazy("Campaign hand-in returned"),
        "dispatch.send": gettext_lazy("Task or notice sent to schools"),
        "dispatch.read": gettext_lazy("Task read by the school"),
        "dispatch.reply": gettext_lazy("Task replied to"),
        "dispatch.acknowledge": gettext_lazy("Notice acknowledged"),
        "dispatch.accept": gettext_lazy("Task reply accepted"),
        "dispatch.return": gettext_lazy("Task reply returned"),
        "dispatch.close": gettext_lazy("Task closed"),
        "dispatch.withdraw": gettext_lazy("Task withdrawn"),
        "dispatch.remind": gettext_lazy("Task deadline reminder sent"),
        "dispatch.escalate": gettext_lazy("Overdue task escalated"),
    }
)

# A school's home feed shows supervision news to those who may open it; a bureau's planning
# of an unannounced visit is on its own chain, so it never reaches the school's feed.
register_audience(
    dict.fromkeys(
        (
            "svisit.plan",
            "svisit.cancel",
            "svisit.start",
            "svisit.issue",
            "svisit.respond",
            "svisit.close",
            "campaign.launch",
            "campaign.submit",
            "campaign.accept",
            "campaign.return",
            "dispatch.send",
            "dispatch.reply",
            "dispatch.acknowledge",
            "dispatch.accept",
            "dispatch.return",
        ),
        Cap.SUPERVISION_VIEW,
    )
)
# Routine traffic with its own lists stays out of the feed.
register_audience({"svisit.record": None, "dispatch.read": None, "dispatch.remind": None})

register_demo(
    "supervision_visits",
    "safecampus.supervision.demo.visits.load",
    after=["checks", "hazards"],
)
register_demo(
    "supervision_campaigns", "safecampus.supervision.demo.campaigns.load", after=["hazards"]
)
register_demo("supervision_dispatch", "safecampus.supervision.demo.dispatch.load")


def stage_submission_guard(user, attachment):
    """A hand-in's files: whoever may see the hand-in (its school, the bureau above)."""
    held = StageSubmission.objects.filter(attachments=attachment)
    if not held.exists():
        return None
    return visible_to(user, StageSubmission).filter(pk__in=held.values("pk")).exists()


ATTACHMENT_GUARDS.append(stage_submission_guard)

# Dispatched tasks: reminders before the deadline, escalation after it (each sent once).
register(
    Periodic(
        "dispatch_sweep", "safecampus.supervision.tasks.dispatch_sweep", every=timedelta(hours=1)
    )
)


def dispatch_attachment_guard(user, attachment):
    """A task's files: its sender's readers and the schools it was sent to; a reply's files:
    the school's readers and the sender's."""
    task = DispatchedTask.objects.filter(attachments=attachment).select_related("sender").first()
    if task is not None:
        if has_cap(user, Cap.SUPERVISION_VIEW, task.sender):
            return True
        schools = visible_orgs(user, Cap.SUPERVISION_VIEW).values("pk")
        return task.recipients.filter(school__in=schools).exists()
    answer = (
        TaskReply.objects.filter(attachments=attachment)
        .select_related("recipient__school", "recipient__task__sender")
        .first()
    )
    if answer is not None:
        copy = answer.recipient
        return has_cap(user, Cap.SUPERVISION_VIEW, copy.school)
    return None


ATTACHMENT_GUARDS.append(dispatch_attachment_guard)


def visit_attachment_guard(user, attachment):
    """A visit's photos and the school's response files: whoever may read the visit."""
    visits = SupervisionVisit.objects.filter(
        Q(response_attachments=attachment) | Q(results__photos=attachment)
    )
    visit_id = visits.values_list("pk", flat=True).first()
    if visit_id is None:
        return None
    return visit_queries.readable(user).filter(pk=visit_id).exists()


ATTACHMENT_GUARDS.append(visit_attachment_guard)


# The app's items of the school's safety calendar (core.safety_calendar).
register_source(safety_calendar.calendar_items)
