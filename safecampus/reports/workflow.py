"""A summary's life: asked for, written by the worker, ready or failed; a failed one may be
asked for again."""

from django.utils.translation import gettext_lazy as _

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.reports.models import SummaryStatus as S

# The worker moves a summary on its own; no person may start, finish or fail it.
WORKER = "worker"

SUMMARY = Workflow(
    {
        (S.QUEUED, "start"): (S.RUNNING, WORKER),
        (S.RUNNING, "finish"): (S.DONE, WORKER),
        (S.QUEUED, "fail"): (S.FAILED, WORKER),
        (S.RUNNING, "fail"): (S.FAILED, WORKER),
        (S.FAILED, "retry"): (S.QUEUED, Cap.REPORT_MAKE),
    },
    states=S,
    refused=_("This summary is %(status)s: that is not possible now."),
    label=lambda summary: summary.get_status_display(),
)
