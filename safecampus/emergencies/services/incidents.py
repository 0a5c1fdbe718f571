"""Incidents: the record, the upward report with its read receipt and escalation, follow-ups
and the post-incident review whose measures become hazards or risk re-assessments."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import Membership, Org
from safecampus.core.roles import Cap, roles_with
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify, post_to_robots
from safecampus.core.services.permissions import require
from safecampus.emergencies.models import (
    EmergencyKind,
    FollowUp,
    Incident,
    IncidentReport,
    Measure,
    Review,
)
from safecampus.emergencies.rules import rules_for
from safecampus.emergencies.workflow import INCIDENT, INCIDENT_REPORT
from safecampus.hazards.hooks import reassessment

MAX_TEXT = 5000


def receiving_bureau(school):
    """The nearest org above the school where someone receives incident reports."""
    above = [pk for pk in school.ancestor_ids() if pk != school.pk]
    roles = roles_with(Cap.INCIDENT_RECEIVE)
    staffed = set(
        Membership.objects.active()
        .filter(org_id__in=above, role__in=roles)
        .values_list("org_id", flat=True)
    )
    for org_id in reversed(above):
        if org_id in staffed:
            return Org.objects.get(pk=org_id)
    return Org.objects.get(pk=above[-1]) if above else None


@transaction.atomic
def record_incident(
    *,
    actor,
    school,
    kind,
    occurred_at,
    place,
    description,
    injured=0,
    actions="",
    zone=None,
    alarm=None,
    client_uuid=None,
):
    """Record an incident and report it upward at once (the report's sent time is now)."""
    require(actor, Cap.INCIDENT_MANAGE, school)
    existing = replayed(Incident, client_uuid, school=school)
    if existing is not None:
        return existing
    if kind not in EmergencyKind.values:
        raise DomainError(_("Choose the kind of emergency."))
    if not place.strip() or not description.strip():
        raise DomainError(_("Say where it happened and describe it."))
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise DomainError(_("The time cannot be in the future."))
    if injured < 0:
        raise DomainError(_("The number of people hurt cannot be negative."))
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    if alarm is not None:
        if alarm.school_id != school.pk:
            raise DomainError(_("This alarm belongs to another school."))
        if Incident.objects.filter(alarm=alarm).exists():
            raise DomainError(_("This alarm already has an incident record."))
    incident = Incident.objects.create(
        school=school,
        kind=kind,
        occurred_at=occurred_at,
        place=place.strip()[:120],
        zone=zone,
        injured=injured,
        description=description.strip()[:MAX_TEXT],
        actions=actions.strip()[:MAX_TEXT],
        alarm=alarm,
        recorded_by=actor,
        client_uuid=client_uuid,
    )
    audit.record(
        actor=actor,
        org=school,
        action="incident.record",
        obj=incident,
        changes={"kind": kind, "injured": injured},
    )
    bureau = receiving_bureau(school)
    if bureau is not None:
        IncidentReport.objects.create(incident=incident, bureau=bureau, sent_at=timezone.now())
        notify(
            holders(Cap.INCIDENT_RECEIVE, bureau),
            kind="incident.reported",
            title=gettext_lazy("Incident reported by %(school)s: %(kind)s"),
            params={"school": school.name, "kind": incident.get_kind_display()},
            url=incident.get_absolute_url(),
            org=school,
        )
    post_to_robots(
        school,
        about=incident,
        title=_("Incident at %(school)s") % {"school": school.name},
        text=_("%(kind)s · %(place)s · %(injured)s hurt")
        % {"kind": incident.get_kind_display(), "place": incident.place, "injured": injured},
        url=incident.get_absolute_url(),
    )
    return incident


@transaction.atomic
def mark_read(*, incident, actor):
    """The bureau has read the report (its read receipt). Only people who receive reports at
    the report's bureau (or above it) can read it; others' views change nothing."""
    now = timezone.now()
    done = []
    for report in incident.reports.select_for_update():
        if INCIDENT_REPORT.allowed(INCIDENT_REPORT.state(report), "read") and has_cap(
            actor, Cap.INCIDENT_RECEIVE, report.bureau
        ):
            report.read_at = now
            report.read_by = actor
            report.save(update_fields=["read_at", "read_by"])
            audit.record(actor=actor, org=incident.school, action="incident.read", obj=incident)
            done.append(report)
    return done


def escalate_unread(now):
    """Reports still unread after the rule's minutes go to the bureau's people again and to
    the orgs above it, once."""
    escalated = []
    due = IncidentReport.objects.filter(
        read_at__isnull=True, escalated_at__isnull=True
    ).select_related("incident__school", "bureau")
    for report in due:
        rules = rules_for(report.incident.school)
        if report.sent_at + timedelta(minutes=rules.report_read_minutes) > now:
            continue
        with transaction.atomic():
            locked = IncidentReport.objects.select_for_update().get(pk=report.pk)
            if not INCIDENT_REPORT.allowed(INCIDENT_REPORT.state(locked), "escalate"):
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            incident = report.incident
            audit.record(
                actor=None,
                org=incident.school,
                action="incident.escalate",
                obj=incident,
                changes={"bureau": report.bureau.name, "minutes": rules.report_read_minutes},
            )
            notify(
                holders(Cap.INCIDENT_RECEIVE, report.bureau),
                kind="incident.escalated",
                title=gettext_lazy("UNREAD incident report from %(school)s (%(minutes)s min)"),
                params={"school": incident.school.name, "minutes": rules.report_read_minutes},
                url=incident.get_absolute_url(),
                org=incident.school,
            )
            escalated.append(locked)
    return escalated


@transaction.atomic
def add_follow_up(*, incident, actor, text):
    require(actor, Cap.INCIDENT_MANAGE, incident.school)
    INCIDENT.check(incident, "follow_up")
    text = text.strip()
    if not text:
        raise DomainError(_("Write the follow-up."))
    follow_up = FollowUp.objects.create(incident=incident, author=actor, text=text[:MAX_TEXT])
    audit.record(actor=actor, org=incident.school, action="incident.follow_up", obj=incident)
    return follow_up


@transaction.atomic
def review(*, incident, actor, causes, gaps, hazard_measures=(), risk_measures=()):
    """The post-incident review. `hazard_measures`: [(text, place, category)], each reported
    as a hazard with a link back; `risk_measures`: [(text, risk point)], each flagged for
    re-assessment."""
    from safecampus.hazards.services import report_hazard

    school = incident.school
    require(actor, Cap.INCIDENT_MANAGE, school)
    INCIDENT.check(incident, "review")
    if not causes.strip() or not gaps.strip():
        raise DomainError(_("Write the causes and the gaps found."))
    if not hazard_measures and not risk_measures:
        raise DomainError(_("Decide at least one measure."))
    if any(point.school_id != school.pk for _text, point in risk_measures):
        raise DomainError(_("The risk point belongs to another school."))
    record = Review.objects.create(
        incident=incident,
        causes=causes.strip()[:MAX_TEXT],
        gaps=gaps.strip()[:MAX_TEXT],
        reviewed_by=actor,
    )
    label = _("Review of incident: %(incident)s") % {"incident": incident}
    for text, place, category in hazard_measures:
        hazard = report_hazard(
            actor=actor,
            school=school,
            place=place or incident.place,
            category=category,
            description=text,
            zone=incident.zone,
            origin_label=label[:120],
            origin_url=incident.get_absolute_url(),
        )
        Measure.objects.create(review=record, text=text[:300], hazard=hazard)
    for text, point in risk_measures:
        reassessment().flag(point=point, reason=f"{label}: {text}", actor=actor)
        Measure.objects.create(review=record, text=text[:300], risk_point=point)
    audit.record(
        actor=actor,
        org=school,
        action="incident.review",
        obj=incident,
        changes={"measures": len(hazard_measures) + len(risk_measures)},
    )
    return record
