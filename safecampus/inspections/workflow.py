"""The checks' workflow as a table: (state, action) → (next state, who may act).

A scheduled check (CheckTask) is due until someone it is given to submits the inspection, or
until the periodic job finds its window over and marks it missed; a missed check may still be
done, late. Whether a done check was late, or a due one is open now or later today, is computed
by the queries (queries.task_state), not a state. An ad-hoc inspection has no task and no
workflow: it is read-only once saved.
"""

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from safecampus.core.workflow import Workflow
from safecampus.inspections.models import Inspection, TaskStatus

# check.run in the school, and the check given to them: their post, themselves or a zone they
# are responsible for (queries.may_do).
ASSIGNEE = "whoever the check is given to"
# The periodic job (tasks.mark_missed_checks), once the window has ended.
JOB = "the periodic job"


def _already_done(task):
    done = Inspection.objects.select_related("inspector").get(task=task)
    return gettext("This check was already done by %(who)s at %(when)s.") % {
        "who": done.inspector,
        "when": f"{timezone.localtime(done.submitted_at):%Y-%m-%d %H:%M}",
    }


CHECK_TASK = Workflow(
    {
        (TaskStatus.DUE, "submit"): (TaskStatus.DONE, ASSIGNEE),
        (TaskStatus.MISSED, "submit"): (TaskStatus.DONE, ASSIGNEE),
        (TaskStatus.DUE, "miss"): (TaskStatus.MISSED, JOB),
    },
    states=TaskStatus,
    refused={
        "submit": _already_done,
        "miss": gettext_lazy("This check is no longer due."),
    },
)
