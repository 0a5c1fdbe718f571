"""Drills: plan (kind, date, scenario, expected head count by class), run (times, head count,
problems, each problem a hazard), then summary and feedback."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.emergencies.models import (
    Drill,
    DrillClass,
    DrillProblem,
    EmergencyKind,
)
from safecampus.emergencies.workflow import DRILL
from safecampus.students import roster

MAX_CLASSES = 200
MAX_CLASS_SIZE = 2000
MAX_TEXT = 5000


def parse_classes(text):
    """'三年级2班 42' per line → [(label, expected)]."""
    rows = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        label, _sep, number = line.rpartition(" ")
        if not label.strip() or not number.isdigit():
            raise DomainError(
                _("Write one class per line: its name, a space and the expected number.")
            )
        if int(number) > MAX_CLASS_SIZE:
            raise DomainError(_("A class counts at most 2000 people."))
        rows.append((label.strip()[:40], int(number)))
    labels = [label for label, _n in rows]
    if len(set(labels)) != len(labels):
        raise DomainError(_("A class is listed twice."))
    if len(rows) > MAX_CLASSES:
        raise DomainError(_("A drill can list at most 200 classes."))
    return rows


@transaction.atomic
def plan_drill(*, actor, school, kind, planned_on, scenario, classes=(), client_uuid=None):
    require(actor, Cap.DRILL_MANAGE, school)
    existing = replayed(Drill, client_uuid, school=school)
    if existing is not None:
        return existing
    if kind not in EmergencyKind.values:
        raise DomainError(_("Choose the kind of emergency."))
    if not scenario.strip():
        raise DomainError(_("Describe the drill's scenario."))
    drill = Drill.objects.create(
        school=school,
        kind=kind,
        planned_on=planned_on,
        scenario=scenario.strip()[:MAX_TEXT],
        created_by=actor,
        client_uuid=client_uuid,
    )
    DrillClass.objects.bulk_create(
        [DrillClass(drill=drill, label=label, expected=n) for label, n in classes]
    )
    audit.record(
        actor=actor,
        org=school,
        action="drill.plan",
        obj=drill,
        changes={"kind": kind, "date": planned_on, "classes": len(classes)},
    )
    return drill


@transaction.atomic
def record_run(
    *,
    actor,
    drill,
    started_at,
    alarm_at,
    evacuated_at,
    counts,
    problems="",
    problem_place="",
    client_uuid=None,
):
    """Record how the drill went. `counts`: {class label: (present, who is missing)}. Each line
    of `problems` becomes a hazard in the ledger, linked back to the drill. A `client_uuid`
    already recorded for this drill (a phone replaying its queue) changes nothing."""
    from safecampus.hazards.models import Category
    from safecampus.hazards.services import report_hazard

    school = drill.school
    require(actor, Cap.DRILL_MANAGE, school)
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    if client_uuid and str(drill.run_uuid) == str(client_uuid):
        return drill
    if client_uuid and Drill.objects.filter(run_uuid=client_uuid).exists():
        raise DomainError(_("This submission id was already used."))
    status = DRILL.next_state(drill, "record_run")
    if timezone.localtime(started_at).date() != drill.planned_on:
        raise DomainError(_("The drill must start on its planned date; change the date first."))
    if started_at > timezone.now():
        raise DomainError(_("The drill cannot be recorded before it happens."))
    if not started_at <= alarm_at <= evacuated_at:
        raise DomainError(_("The times must be in order: start, alarm, evacuation complete."))
    rows = {row.label: row for row in drill.classes.all()}
    unknown = set(counts) - set(rows)
    if unknown:
        raise DomainError(_("The class %(label)s is not in this drill.") % {"label": min(unknown)})
    for label, row in rows.items():
        present, note = counts.get(label, (None, ""))
        if present is None:
            raise DomainError(_("Give the head count of %(label)s.") % {"label": label})
        if present < 0 or present > row.expected:
            raise DomainError(
                _("The head count of %(label)s must be between 0 and %(expected)s.")
                % {"label": label, "expected": row.expected}
            )
        row.present = present
        row.missing_note = note.strip()[:200]
    DrillClass.objects.bulk_update(rows.values(), ["present", "missing_note"])
    drill.started_at, drill.alarm_at, drill.evacuated_at = started_at, alarm_at, evacuated_at
    drill.problems = problems.strip()[:MAX_TEXT]
    drill.status = status
    drill.run_uuid = client_uuid or None
    drill.save(
        update_fields=["started_at", "alarm_at", "evacuated_at", "problems", "status", "run_uuid"]
    )
    label = _("Drill: %(drill)s") % {"drill": drill}
    for line in [p.strip() for p in drill.problems.splitlines() if p.strip()]:
        hazard = report_hazard(
            actor=actor,
            school=school,
            place=problem_place.strip() or _("Drill"),
            category=Category.OTHER,
            description=line[:2000],
            found_on=drill.planned_on,
            origin_label=label[:120],
            origin_url=drill.get_absolute_url(),
        )
        DrillProblem.objects.create(drill=drill, text=line[:300], hazard=hazard)
    audit.record(
        actor=actor,
        org=school,
        action="drill.run",
        obj=drill,
        changes={"missing": sum(r.missing or 0 for r in rows.values())},
    )
    return drill


@transaction.atomic
def summarise(*, actor, drill, summary, feedback=""):
    require(actor, Cap.DRILL_MANAGE, drill.school)
    DRILL.check(drill, "summarise")
    if not summary.strip():
        raise DomainError(_("Write the summary."))
    drill.summary = summary.strip()[:MAX_TEXT]
    drill.feedback = feedback.strip()[:MAX_TEXT]
    drill.save(update_fields=["summary", "feedback"])
    audit.record(actor=actor, org=drill.school, action="drill.summary", obj=drill)
    return drill


@transaction.atomic
def start_roll(*, actor, drill, now=None):
    """The evacuation drill starts: every class's teacher takes the roll, as in an alarm. Opened
    once per drill, on its planned day, while it is planned."""
    require(actor, Cap.DRILL_MANAGE, drill.school)
    drill = Drill.objects.select_for_update().select_related("school").get(pk=drill.pk)
    DRILL.check(drill, "start_roll")
    now = now or timezone.now()
    if timezone.localtime(now).date() != drill.planned_on:
        raise DomainError(_("The drill's roll opens on its planned date; change the date first."))
    return roster.open_roll(
        school=drill.school,
        key=f"drill:{drill.pk}",
        label=_("Drill: %(drill)s") % {"drill": drill},
        origin_url=drill.get_absolute_url(),
        is_drill=True,
        actor=actor,
        now=now,
    )
