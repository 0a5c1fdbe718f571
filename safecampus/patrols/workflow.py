"""A patrol round's workflow as a table: (state, action) → (next state, who may act).

A round's status is set by its scans and by time. A guard starts it (a repeated start changes
nothing; a round completed or closed has nothing to start) and scans its checkpoints; the
periodic job closes it when its time is over. Where a scan or the closing leads is decided by
the scans (`progress`): done once every checkpoint is visited, else incomplete or missed once
closed. The times (the window open, not yet closed, a
phone's clock believed) are the services' checks, not the table's: a phone's queue may carry
scans made in time into a round closed since. Late and out-of-order checkpoints are computed
(completion.py), not states.
"""

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.patrols.completion import ScanFact, closing_status, compute
from safecampus.patrols.models import RoundStatus

# The periodic job (rounds.close_due_rounds): a round not started by its window's end plus the
# tolerance, or started and past its late limit.
JOB = "the periodic job"


def completion_of(round_):
    scans = [ScanFact(s.checkpoint_id, s.scanned_at) for s in round_.scans.all()]
    return compute(
        round_.planned, scans, ends_at=round_.ends_at, tolerance_minutes=round_.tolerance_minutes
    )


def progress(round_, completion=None):
    """The status a round's scans give it: done once every checkpoint is visited; once closed,
    incomplete or missed; before that, in progress from its first scan, or as it was."""
    completion = completion_of(round_) if completion is None else completion
    if completion.complete:
        return RoundStatus.DONE
    if round_.closed_at is not None:
        return closing_status(completion)
    if completion.visited:
        return RoundStatus.IN_PROGRESS
    return round_.status


_ROUND = {
    (RoundStatus.SCHEDULED, "start"): (RoundStatus.IN_PROGRESS, Cap.PATROL_RUN),
    # Started already: a repeated start (a second tap, a replayed request) changes nothing.
    (RoundStatus.IN_PROGRESS, "start"): (RoundStatus.IN_PROGRESS, Cap.PATROL_RUN),
    (RoundStatus.SCHEDULED, "close"): (progress, JOB),
    (RoundStatus.IN_PROGRESS, "close"): (progress, JOB),
}
# Any round takes a scan made in its time, whatever happened since it was made.
for _status in RoundStatus:
    _ROUND[(_status, "scan")] = (progress, Cap.PATROL_RUN)

# Why a round that is over is not started, by how it ended.
_START_REFUSED = {
    RoundStatus.DONE: gettext_lazy("This round is already completed: there is nothing to start."),
    RoundStatus.INCOMPLETE: gettext_lazy("This round is already closed."),
    RoundStatus.MISSED: gettext_lazy(
        "This round was missed: it was not started before its window ended."
    ),
}

ROUND = Workflow(
    _ROUND,
    states=RoundStatus,
    refused={
        "start": lambda round_: _START_REFUSED[round_.status],
        "scan": gettext_lazy("This round is closed: its window is over."),
        "close": gettext_lazy("This round is already closed."),
    },
)
