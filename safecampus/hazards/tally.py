"""The per-school roll-up of hazard counts that the bureau reads (HazardTally), kept exact.

Every service that creates a hazard or changes what it is counted by (school, status, grade,
supervision, or the deadline of a hazard in rectification) calls `apply(before, after)` in its
own transaction, with the hazard's `key` before and after the change. The counts therefore
commit or roll back with the change itself: a bureau never sees a count that disagrees with the
ledger, and nothing has to run on a timer. Overdue is not stored: the rows of hazards in
rectification are keyed by their deadline, so "overdue today" is a sum over the rows whose
deadline has passed and stays right as days go by without any change.

Writes that bypass the services (the city generator's COPY, a repair by hand) end with
`rebuild()` (`manage.py rebuild_hazard_tally`).
"""

from collections import Counter
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Case, Count, DateField, F, Value, When

from safecampus.hazards.models import Grade, Hazard, HazardTally, Status


class Key(NamedTuple):
    """The tally row a hazard is counted in."""

    school_id: int
    status: str
    major: bool
    supervised: bool
    deadline: object  # a date for a hazard in rectification, else None


def key(hazard):
    running = hazard.status == Status.RECTIFYING
    return Key(
        hazard.school_id,
        str(hazard.status),
        hazard.grade == Grade.MAJOR,
        bool(hazard.supervised),
        hazard.deadline if running else None,
    )


def apply(before, after):
    """Move one hazard from the row `before` to the row `after` (either None: created, deleted).

    Call it inside the transaction that saves the hazard, after the row is locked.
    """
    deltas = Counter()
    if before is not None:
        deltas[before] -= 1
    if after is not None:
        deltas[after] += 1
    change(deltas)


def change(deltas):
    """Add each Counter value to its key's row (bulk paths: the importer adds many at once)."""
    for k in sorted((k for k, d in deltas.items() if d), key=order):
        _add(k, deltas[k])


def order(k):
    # One order for every writer, so two transactions never lock the same rows crosswise.
    return (k.school_id, k.status, k.major, k.supervised, k.deadline is not None, k.deadline)


def _row(k):
    return HazardTally.objects.filter(
        school_id=k.school_id,
        status=k.status,
        major=k.major,
        supervised=k.supervised,
        deadline=k.deadline,
    )


def _add(k, d):
    # Update first; insert when the row is missing. Two transactions inserting the same row:
    # the second waits on the unique index, fails, and then finds the first one's row to update.
    if not _row(k).update(n=F("n") + d):
        try:
            with transaction.atomic():
                HazardTally.objects.create(
                    school_id=k.school_id,
                    status=k.status,
                    major=k.major,
                    supervised=k.supervised,
                    deadline=k.deadline,
                    n=d,
                )
        except IntegrityError:
            _row(k).update(n=F("n") + d)
    if d < 0:
        # Empty rows go, or the rows of past deadlines would pile up day after day.
        _row(k).filter(n=0).delete()


def counted(hazards):
    """The tally rows of a queryset of hazards, as (Key, n), by one GROUP BY."""
    rows = (
        hazards.order_by()
        .values(
            "school_id",
            "status",
            "supervised",
            major=Case(
                When(grade=Grade.MAJOR, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            running=Case(
                When(status=Status.RECTIFYING, then=F("deadline")),
                default=None,
                output_field=DateField(),
            ),
        )
        .annotate(n=Count("id"))
    )
    for r in rows:
        k = Key(r["school_id"], r["status"], r["major"], r["supervised"], r["running"])
        yield k, r["n"]


@transaction.atomic
def rebuild(school_ids=None):
    """Recount the tally from the hazard table (every school, or those given); returns rows."""
    if connection.vendor == "postgresql":
        # Services wait for the recount instead of adding to rows it is about to replace.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {HazardTally._meta.db_table} IN EXCLUSIVE MODE")
    rows = HazardTally.objects.all()
    hazards = Hazard.objects.all()
    if school_ids is not None:
        rows = rows.filter(school_id__in=school_ids)
        hazards = hazards.filter(school_id__in=school_ids)
    rows.delete()
    made = HazardTally.objects.bulk_create(
        [HazardTally(**k._asdict(), n=n) for k, n in counted(hazards)], batch_size=2000
    )
    return len(made)


def differences(school_ids=None):
    """Where the tally disagrees with a fresh count: {key: (tally, count)}; empty when exact."""
    rows = HazardTally.objects.all()
    hazards = Hazard.objects.all()
    if school_ids is not None:
        rows = rows.filter(school_id__in=school_ids)
        hazards = hazards.filter(school_id__in=school_ids)
    kept = Counter()
    for r in rows.values("school_id", "status", "major", "supervised", "deadline", "n"):
        kept[Key(r["school_id"], r["status"], r["major"], r["supervised"], r["deadline"])] += r["n"]
    fresh = Counter(dict(counted(hazards)))
    return {k: (kept[k], fresh[k]) for k in set(kept) | set(fresh) if kept[k] != fresh[k]}
