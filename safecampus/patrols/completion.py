"""How complete a round was: pure functions over the planned checkpoints and the scans.

Rules (docs/patrols.md):
- A checkpoint is visited by its first scan; later scans of it are duplicates and change nothing.
- Missing: planned and never scanned.
- Late: first scanned after the window's end plus its tolerance.
- Out of order: the route order is kept by the longest run of visited checkpoints whose route
  positions rise in scan order; the others are out of order. Between runs of equal length the
  earlier-scanned checkpoints are kept, so a checkpoint done "too early" costs the ones after it
  only when that leaves fewer out of order.
- Scans of checkpoints not planned for the round are ignored (the service refuses them).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ScanFact:
    checkpoint_id: int
    at: datetime


@dataclass(frozen=True)
class Completion:
    planned: tuple
    visited: tuple  # in scan order
    missing: tuple  # in route order
    late: tuple
    out_of_order: tuple
    duplicates: int

    @property
    def complete(self):
        return not self.missing

    @property
    def clean(self):
        """Every checkpoint, in order, on time."""
        return self.complete and not self.late and not self.out_of_order


def late_after(ends_at, tolerance_minutes):
    return ends_at + timedelta(minutes=tolerance_minutes)


def kept_in_order(sequence):
    """Indexes of the longest strictly rising subsequence, preferring earlier indexes."""
    n = len(sequence)
    longest_from = [1] * n
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if sequence[j] > sequence[i] and longest_from[j] + 1 > longest_from[i]:
                longest_from[i] = longest_from[j] + 1
    kept = []
    need = max(longest_from, default=0)
    last = None
    for i in range(n):
        if need == 0:
            break
        if longest_from[i] == need and (last is None or sequence[i] > sequence[last]):
            kept.append(i)
            last = i
            need -= 1
    return kept


def compute(planned, scans, *, ends_at, tolerance_minutes):
    """The completion of one round. `planned` is the checkpoint ids in route order."""
    planned = tuple(planned)
    position = {cp: i for i, cp in enumerate(planned)}
    first = {}
    duplicates = 0
    # Ties in time keep the order the scans were given in (the order they were received).
    for scan in sorted(scans, key=lambda s: s.at):
        if scan.checkpoint_id not in position:
            continue
        if scan.checkpoint_id in first:
            duplicates += 1
            continue
        first[scan.checkpoint_id] = scan.at
    visited = tuple(first)
    deadline = late_after(ends_at, tolerance_minutes)
    kept = set(kept_in_order([position[cp] for cp in visited]))
    return Completion(
        planned=planned,
        visited=visited,
        missing=tuple(cp for cp in planned if cp not in first),
        late=tuple(cp for cp in visited if first[cp] > deadline),
        out_of_order=tuple(cp for i, cp in enumerate(visited) if i not in kept),
        duplicates=duplicates,
    )


def closing_status(completion):
    """The status a round closes with: done when every checkpoint was visited."""
    from safecampus.patrols.models import RoundStatus

    if completion.complete:
        return RoundStatus.DONE
    if completion.visited:
        return RoundStatus.INCOMPLETE
    return RoundStatus.MISSED
