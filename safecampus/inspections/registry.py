"""What checks add to the shared kernel: scopes, audit labels, periodic work, photo access."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap, register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.routine import register_routine
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_counts
from safecampus.core.views.home import register_home_panel
from safecampus.inspections import exports, metrics
from safecampus.inspections.home import home_counts
from safecampus.inspections.models import (
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    Publication,
    Schedule,
)
from safecampus.inspections.queries import can_view, check_rows, routine

register_scope(ChecklistTemplate, "school")
register_scope(Schedule, "school")
register_scope(CheckTask, "school")
register_scope(Inspection, "school")
register_scope(InspectionResult, "inspection__school")
register_scope(Publication, "bureau")
register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)

register_labels(
    {
        "check.template_create": _("Checklist created"),
        "check.template_edit": _("Checklist edited"),
        "check.template_archive": _("Checklist archived"),
        "check.schedule_create": _("Check scheduled"),
        "check.schedule_stop": _("Check schedule stopped"),
        "check.inspection_submit": _("Check done"),
        "check.publish": _("Check published to schools"),
        "check.withdraw": _("Published check withdrawn"),
    }
)

register(
    Periodic(
        "generate_check_tasks",
        "safecampus.inspections.tasks.generate_check_tasks",
        every=timedelta(hours=1),
    )
)
register(
    Periodic(
        "mark_missed_checks",
        "safecampus.inspections.tasks.mark_missed_checks",
        every=timedelta(minutes=5),
    )
)


def inspection_photo_guard(user, attachment):
    result = (
        InspectionResult.objects.filter(photos=attachment)
        .select_related("inspection__school")
        .first()
    )
    if result is None:
        return None
    return can_view(user, result.inspection)


ATTACHMENT_GUARDS.append(inspection_photo_guard)


def my_checks_panel(user, org):
    if not org.is_school or not has_cap(user, Cap.CHECK_RUN, org):
        return None
    return {"school": org, "rows": routine(user, org)}


register_home_panel("inspections/_home.html", my_checks_panel)

# A person's day (流程化): the checks app lists its checks; other apps add their steps.
register_routine(check_rows)

# Its demo files hazards of its own: after the ledger's demo, which skips a school that has any.
register_demo("checks", "safecampus.inspections.demo.load_demo_checks", after=["hazards"])

# Today's checks, counted on a school leader's home page.
register_counts(home_counts)

register_ledgers(
    [
        Ledger(
            "checks",
            "检查完成情况",
            Cap.CHECK_VIEW,
            exports.day_columns,
            exports.DAY_WIDTHS,
            exports.DAY_KINDS,
            exports.term_days,
            order=30,
        )
    ]
)
