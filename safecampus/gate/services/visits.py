"""Visits: registration at the gate (with the watchlist check), pre-registration by a host with
a pass, check-in by pass, the hit's resolution (refused or overridden with a reason), check-out.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import AuditEvent
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.gate.models import Visit, VisitStatus
from safecampus.gate.queries import settings_for
from safecampus.gate.services import watchlist
from safecampus.gate.services.validation import check_identity, check_member
from safecampus.gate.workflow import VISIT

MAX_STAY_MINUTES = 24 * 60
# How long a check-out can be taken back by the desk that made it (a tap on the wrong row).
UNDO_CHECK_OUT_MINUTES = 5


def _details(school, *, name, id_type, id_number, phone, purpose, host, stay_minutes):
    if not name.strip() or not purpose.strip():
        raise DomainError(_("Give the visitor's name and the purpose of the visit."))
    if not 0 < (stay_minutes or 0) <= MAX_STAY_MINUTES:
        raise DomainError(_("The expected stay must be between 1 minute and 24 hours."))
    check_member(host, school, _("The host must be a current member of this school."))
    return check_identity(id_type, id_number)


def _admit(visit, now, action):
    visit.status = VISIT.next_state(visit, action)
    visit.checked_in_at = now
    visit.expected_out_at = now + timedelta(minutes=visit.stay_minutes)


def _tell_host(visit):
    if visit.host is None:
        return
    notify(
        [visit.host],
        kind="gate.visitor",
        title=gettext_lazy("Your visitor %(name)s has arrived"),
        body=gettext_lazy("%(name)s (%(organisation)s) is at the gate: %(purpose)s."),
        params={
            "name": visit.name,
            "organisation": visit.organisation or "—",
            "purpose": visit.purpose,
        },
        url=visit.get_absolute_url(),
        org=visit.school,
    )


def _hold(actor, visit, entry):
    """Stop the visit at the gate and tell the safety officer and police liaison at once."""
    visit.watchlist_entry = entry
    visit.status = VISIT.next_state(visit, "arrive")
    visit.save()
    audit.record(
        actor=actor,
        org=visit.school,
        action="gate.watchlist_hit",
        obj=visit,
        changes={"entry": entry.pk, "listed_by_org": entry.org.name, "action": entry.action},
    )
    notify(
        holders(Cap.GATE_ALERT, visit.school),
        kind="gate.watchlist",
        title=gettext_lazy("Watchlist match at the gate of %(school)s: %(name)s"),
        body=gettext_lazy("%(name)s tried to register as a visitor. Listed by %(org)s: %(reason)s"),
        params={
            "school": visit.school.name,
            "name": visit.name,
            "org": entry.org.name,
            "reason": entry.reason,
        },
        url=visit.get_absolute_url(),
        org=visit.school,
    )


def _arrive(actor, visit, now):
    """The watchlist check every entry goes through, registered or pre-registered."""
    VISIT.check(visit, "arrive")
    entry = watchlist.match(
        visit.school, name=visit.name, id_number=visit.id_number, phone=visit.phone
    )
    if entry is not None:
        _hold(actor, visit, entry)
        return visit
    _admit(visit, now, "arrive")
    visit.save()
    audit.record(actor=actor, org=visit.school, action="visit.check_in", obj=visit)
    _tell_host(visit)
    return visit


def _typed(*, name, phone, organisation, purpose, vehicle_plate, companions):
    """What the guard or host typed, as a visit stores it (plates in capitals)."""
    return {
        "name": name.strip(),
        "phone": phone.strip(),
        "organisation": organisation.strip(),
        "purpose": purpose.strip(),
        "vehicle_plate": vehicle_plate.strip().upper(),
        "companions": companions or 0,
    }


@transaction.atomic
def register_visit(
    *,
    actor,
    school,
    name,
    purpose,
    id_type="resident",
    id_number="",
    phone="",
    organisation="",
    host=None,
    vehicle_plate="",
    companions=0,
    stay_minutes=None,
    photo=None,
    client_uuid=None,
):
    """The guard registers a walk-in visitor. A watchlist match holds the visit (status HELD)
    instead of admitting it; the guard then refuses entry or overrides with a reason."""
    require(actor, Cap.GATE_DESK, school)
    existing = replayed(Visit, client_uuid, school=school)
    if existing is not None:
        return existing
    stay_minutes = stay_minutes or settings_for(school).default_stay_minutes
    id_number = _details(
        school,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        purpose=purpose,
        host=host,
        stay_minutes=stay_minutes,
    )
    stored = (
        store_upload(actor=actor, org=school, upload=photo, images_only=True) if photo else None
    )
    visit = Visit(
        school=school,
        client_uuid=client_uuid,
        id_type=id_type,
        id_number=id_number,
        host=host,
        stay_minutes=stay_minutes,
        **_typed(
            name=name,
            phone=phone,
            organisation=organisation,
            purpose=purpose,
            vehicle_plate=vehicle_plate,
            companions=companions,
        ),
        photo=stored,
        expected_on=timezone.localdate(),
        registered_by=actor,
    )
    return _arrive(actor, visit, timezone.now())


@transaction.atomic
def pre_register(
    *,
    actor,
    school,
    name,
    purpose,
    expected_on,
    id_type="resident",
    id_number="",
    phone="",
    organisation="",
    vehicle_plate="",
    companions=0,
    stay_minutes=None,
    client_uuid=None,
):
    """A host announces their own visitor; the visitor gets a pass (QR) for the gate."""
    require(actor, Cap.VISIT_HOST, school)
    existing = replayed(Visit, client_uuid, school=school)
    if existing is not None:
        return existing
    if expected_on < timezone.localdate():
        raise DomainError(_("The visit date is in the past."))
    stay_minutes = stay_minutes or settings_for(school).default_stay_minutes
    id_number = _details(
        school,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        purpose=purpose,
        host=actor,
        stay_minutes=stay_minutes,
    )
    visit = Visit.objects.create(
        school=school,
        client_uuid=client_uuid,
        status=VisitStatus.EXPECTED,
        id_type=id_type,
        id_number=id_number,
        host=actor,
        stay_minutes=stay_minutes,
        **_typed(
            name=name,
            phone=phone,
            organisation=organisation,
            purpose=purpose,
            vehicle_plate=vehicle_plate,
            companions=companions,
        ),
        expected_on=expected_on,
        registered_by=actor,
    )
    audit.record(actor=actor, org=school, action="visit.pre_register", obj=visit)
    return visit


def _locked(visit):
    # Lock the visit row only: the host is an outer join PostgreSQL will not lock.
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("school", "host")
        .get(pk=visit.pk)
    )


@transaction.atomic
def check_in_by_pass(*, actor, visit):
    """The guard scanned the pass (or typed its code): the same watchlist check applies."""
    require(actor, Cap.GATE_DESK, visit.school)
    visit = _locked(visit)
    VISIT.check(visit, "arrive")
    if visit.expected_on != timezone.localdate():
        raise DomainError(
            _("This pass is for %(day)s, not today.") % {"day": visit.expected_on.isoformat()}
        )
    return _arrive(actor, visit, timezone.now())


@transaction.atomic
def refuse_entry(*, actor, visit, note=""):
    require(actor, Cap.GATE_DESK, visit.school)
    visit = _locked(visit)
    visit.status = VISIT.next_state(visit, "refuse")
    visit.override_reason = note.strip()[:200]
    visit.save(update_fields=["status", "override_reason"])
    audit.record(
        actor=actor, org=visit.school, action="visit.refuse", obj=visit, changes={"note": note}
    )
    return visit


@transaction.atomic
def override(*, actor, visit, reason):
    """Admit a held visitor anyway: only with a reason, and the alert holders are told."""
    require(actor, Cap.GATE_DESK, visit.school)
    visit = _locked(visit)
    VISIT.check(visit, "override")
    if not reason.strip():
        raise DomainError(_("Give the reason for admitting a person on the watchlist."))
    visit.override_reason = reason.strip()[:200]
    _admit(visit, timezone.now(), "override")
    visit.save()
    audit.record(
        actor=actor,
        org=visit.school,
        action="visit.override",
        obj=visit,
        changes={"reason": visit.override_reason},
    )
    notify(
        holders(Cap.GATE_ALERT, visit.school),
        kind="gate.watchlist",
        title=gettext_lazy("Watchlisted visitor admitted at %(school)s: %(name)s"),
        body=gettext_lazy("Admitted by %(actor)s. Reason: %(reason)s"),
        params={
            "school": visit.school.name,
            "name": visit.name,
            "actor": str(actor),
            "reason": visit.override_reason,
        },
        url=visit.get_absolute_url(),
        org=visit.school,
    )
    _tell_host(visit)
    return visit


@transaction.atomic
def check_out(*, actor, visit, client_uuid=None, at=None):
    """`client_uuid` marks a check-out the desk's phone saved offline and sends later: sent
    again (or after another guard checked the visitor out), it finds the visit gone and changes
    nothing. `at`: the phone's time of the check-out, when plausible (never before the
    check-in)."""
    require(actor, Cap.GATE_DESK, visit.school)
    visit = _locked(visit)
    if client_uuid and visit.status == VisitStatus.LEFT:
        return visit
    visit.status = VISIT.next_state(visit, "check_out")
    visit.checked_out_at = max(filter(None, [at or timezone.now(), visit.checked_in_at]))
    visit.save(update_fields=["status", "checked_out_at"])
    audit.record(actor=actor, org=visit.school, action="visit.check_out", obj=visit)
    return visit


def _last_event(visit):
    # Events since the check-out only: the (org, created_at) index keeps this to a few rows.
    return (
        AuditEvent.objects.filter(
            org_id=visit.school_id,
            created_at__gte=visit.checked_out_at,
            object_type="gate.visit",
            object_id=str(visit.pk),
        )
        .order_by("-seq")
        .first()
    )


def undo_refusal(actor, visit, now=None):
    """Why `actor` may not take back the visit's check-out now, or None when they may: only
    the person who checked the visitor out, only while nothing else was recorded on the visit
    since, and only within UNDO_CHECK_OUT_MINUTES."""
    if visit.status != VisitStatus.LEFT or visit.checked_out_at is None:
        return VISIT.refusal(visit, "undo_check_out")
    now = now or timezone.now()
    if now - visit.checked_out_at > timedelta(minutes=UNDO_CHECK_OUT_MINUTES):
        return _("A check-out can only be undone within %(minutes)d minutes.") % {
            "minutes": UNDO_CHECK_OUT_MINUTES
        }
    last = _last_event(visit)
    if last is None or last.action != "visit.check_out" or last.actor_id != actor.pk:
        return _("Only the person who checked this visitor out can undo it.")
    return None


@transaction.atomic
def undo_check_out(*, actor, visit):
    """Put a visitor checked out by mistake back on campus, as if never checked out."""
    require(actor, Cap.GATE_DESK, visit.school)
    visit = _locked(visit)
    VISIT.check(visit, "undo_check_out")
    refusal = undo_refusal(actor, visit)
    if refusal is not None:
        raise DomainError(refusal)
    left_at = visit.checked_out_at
    visit.status = VISIT.next_state(visit, "undo_check_out")
    visit.checked_out_at = None
    visit.save(update_fields=["status", "checked_out_at"])
    audit.record(
        actor=actor,
        org=visit.school,
        action="visit.undo_check_out",
        obj=visit,
        changes={"checked_out_at": left_at},
    )
    return visit
