"""The roll call a bus trip and an off-campus activity share: one tap per student (on or out,
off or back, did not come, found with a note), replay-safe by its client UUID, and the one alert
to the school's safety officers when the end comes with a student not back.

The caller holds the trip or activity locked and has checked its own table and its own limits
(the bus's seats, the route's or the activity's list); this module writes the mark."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.transport.models import MarkKind
from safecampus.transport.workflow import RollEntry


def entry(holder, student):
    """The student's roll entry on a trip or an activity (`holder.marks`)."""
    kinds = set(holder.marks.filter(student=student).values_list("kind", flat=True))
    return RollEntry(holder, student, kinds)


def check_kind(kind):
    if kind not in MarkKind.values:
        raise DomainError(_("Choose boarded, got off, did not ride or accounted for."))


def write_mark(*, actor, holder, table, student, kind, note, client_uuid, now, action):
    """Write one mark on `holder` (a locked Trip or Outing) after the student's own table
    (`table`) allows it; an account needs a note. Audited as `<action>.<kind>`."""
    table.check(entry(holder, student), kind)
    note = (note or "").strip()[:200]
    if kind == MarkKind.ACCOUNT and not note:
        raise DomainError(_("Say where the student is and who has them."))
    row = holder.marks.create(
        student=student,
        kind=kind,
        at=now or timezone.now(),
        by=actor,
        note=note,
        client_uuid=client_uuid,
    )
    audit.record(
        actor=actor,
        org=holder.school,
        action=f"{action}.{kind}",
        obj=holder,
        changes={"student": str(student), **({"note": note} if note else {})},
    )
    return row


def missing_students(holder, missing):
    """The students behind the ids `still_out` gave, in the order they left."""
    marks = holder.marks.filter(student__in=missing, kind=MarkKind.BOARD).select_related("student")
    return [m.student for m in marks]


def alert_missing(holder, students, *, kind, title, body, params):
    """Tell the school's safety officers (transport.alert) at once. The caller calls this only
    on the move that sets `alerted_at`, so it happens once."""
    notify(
        holders(Cap.TRANSPORT_ALERT, holder.school),
        kind=kind,
        title=title,
        body=body,
        params={**params, "count": len(students), "names": "、".join(str(s) for s in students)},
        url=holder.get_absolute_url(),
        org=holder.school,
    )
