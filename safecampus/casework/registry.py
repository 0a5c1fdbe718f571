"""What casework adds to the kernel: scopes, audit labels, metrics, periodic work, the demo."""

from datetime import time, timedelta

from django.utils.translation import gettext_lazy

from safecampus.casework import metrics
from safecampus.casework.exports import compliance
from safecampus.casework.models import (
    AccessGrant,
    BullyingCase,
    BullyingMessage,
    ConcernFollowUp,
    Dispute,
    HealthNote,
    MandatoryReport,
    Mediation,
    PersonOfConcern,
    Screening,
)
from safecampus.casework.queries import health as health_queries
from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience

register_scope(PersonOfConcern, "school")
register_scope(ConcernFollowUp, "concern__school")
register_scope(AccessGrant, "school")
register_scope(Dispute, "school")
register_scope(Mediation, "dispute__school")
register_scope(Screening, "school")
register_scope(BullyingCase, "school")
register_scope(BullyingMessage, "case__school")
register_scope(MandatoryReport, "school")
register_scope(HealthNote, "school")

register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)

register_labels(
    {
        "concern.read": gettext_lazy("Person of concern: full record read"),
        "concern.open": gettext_lazy("Person of concern: case opened"),
        "concern.assess": gettext_lazy("Person of concern: assessed"),
        "concern.follow_up": gettext_lazy("Person of concern: followed up"),
        "concern.flag": gettext_lazy("Person of concern: flagged to the police"),
        "concern.close": gettext_lazy("Person of concern: case closed"),
        "concern.reopen": gettext_lazy("Person of concern: case reopened"),
        "dispute.read": gettext_lazy("Dispute: full record read"),
        "dispute.record": gettext_lazy("Dispute recorded"),
        "dispute.mediate": gettext_lazy("Dispute: mediation recorded"),
        "dispute.settle": gettext_lazy("Dispute settled"),
        "dispute.pass_on": gettext_lazy("Dispute not settled, passed on"),
        "dispute.reopen": gettext_lazy("Dispute reopened"),
        "dispute.escalate": gettext_lazy("Dispute past its deadline escalated"),
        "dispute.screen": gettext_lazy("Screening for disputes recorded"),
        "bullying.read": gettext_lazy("Bullying case: full record read"),
        "bullying.report": gettext_lazy("Bullying reported"),
        "bullying.accept": gettext_lazy("Bullying case accepted for investigation"),
        "bullying.dismiss": gettext_lazy("Bullying report dismissed"),
        "bullying.determine": gettext_lazy("Bullying case: committee's finding recorded"),
        "bullying.measures": gettext_lazy("Bullying case: measures recorded"),
        "bullying.pass_on": gettext_lazy("Bullying case reported to the police and the bureau"),
        "bullying.appeal": gettext_lazy("Bullying case: appeal recorded"),
        "bullying.review": gettext_lazy("Bullying case: review's finding recorded"),
        "bullying.close": gettext_lazy("Bullying case closed"),
        "bullying.reply": gettext_lazy("Bullying case: the school wrote to the reporter"),
        "bullying.write": gettext_lazy("Bullying case: the reporter wrote"),
        "mandatory.read": gettext_lazy("Mandatory report: full record read"),
        "mandatory.log": gettext_lazy("Mandatory report logged"),
        "mandatory.report": gettext_lazy("Mandatory report made to the police"),
        "mandatory.close": gettext_lazy("Mandatory report closed"),
        "health.read": gettext_lazy("Health note read"),
        "health.record": gettext_lazy("Health note recorded"),
        "health.notice": gettext_lazy("Health note: the guardian's notice attached"),
        "health.close": gettext_lazy("Health note closed"),
        "casework.access_request": gettext_lazy("Access to a casework record requested"),
        "casework.access_approve": gettext_lazy("Access to a casework record approved"),
        "casework.access_refuse": gettext_lazy("Access to a casework record refused"),
        "casework.access_withdraw": gettext_lazy("Access request withdrawn"),
        "casework.access_revoke": gettext_lazy("Access to a casework record revoked"),
        "casework.retention": gettext_lazy("Expired casework records anonymised or deleted"),
    }
)

# Casework never reaches a school's home feed: its news is for those who hold the record, and
# they are told by notification.
register_audience(
    dict.fromkeys(
        (
            "concern.read",
            "concern.open",
            "concern.assess",
            "concern.follow_up",
            "concern.flag",
            "concern.close",
            "concern.reopen",
            "dispute.read",
            "dispute.record",
            "dispute.mediate",
            "dispute.settle",
            "dispute.pass_on",
            "dispute.reopen",
            "dispute.escalate",
            "dispute.screen",
            "bullying.read",
            "bullying.report",
            "bullying.accept",
            "bullying.dismiss",
            "bullying.determine",
            "bullying.measures",
            "bullying.pass_on",
            "bullying.appeal",
            "bullying.review",
            "bullying.close",
            "bullying.reply",
            "bullying.write",
            "mandatory.read",
            "mandatory.log",
            "mandatory.report",
            "mandatory.close",
            "health.read",
            "health.record",
            "health.notice",
            "health.close",
            "casework.access_request",
            "casework.access_approve",
            "casework.access_refuse",
            "casework.access_withdraw",
            "casework.access_revoke",
            "casework.retention",
        )
    )
)


def health_notice_guard(user, attachment):
    """A guardian's written notice: whoever may read its health note, nobody else."""
    note = HealthNote.objects.filter(notice=attachment).first()
    if note is None:
        return None
    return health_queries.note_of(user=user, note_id=note.pk).exists()


ATTACHMENT_GUARDS.append(health_notice_guard)

register_demo("casework", "safecampus.casework.demo.load", after=["students"])

# Retention: once a night, school time, after the day's work.
register(
    Periodic("casework_retention", "safecampus.casework.tasks.retention_sweep", at=time(2, 30))
)
# Disputes past their deadline: the leaders (and the bureau, by level) are told once.
register(
    Periodic(
        "dispute_escalation",
        "safecampus.casework.tasks.dispute_escalation",
        every=timedelta(hours=1),
    )
)

register_ledgers(
    [
        Ledger(
            "casework",
            "个案访问合规统计",
            Cap.CASEWORK_AUDIT,
            compliance.count_columns,
            compliance.COUNT_WIDTHS,
            compliance.COUNT_KINDS,
            compliance.term_counts,
            order=80,
        )
    ]
)
