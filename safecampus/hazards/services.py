"""Every change to a hazard: one function per action, each in one transaction with the row locked.

The workflow table (workflow.py) decides which action is possible in which state and who may
take it; each function adds the checks of its own step, writes the timeline event and the audit
event, and notifies the people concerned after commit.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Membership
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import notify
from safecampus.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    Grade,
    Hazard,
    HazardEvent,
    Source,
    Status,
)
from safecampus.hazards.workflow import RESPONSIBLE, TRANSITIONS, next_status

MAX_PHOTOS = 6

# Called inside the transaction when a hazard is confirmed (the dual prevention link: a risk
# point whose controls failed is flagged for re-assessment). Apps add theirs.
CONFIRM_HOOKS = []


def today():
    return timezone.localdate()


def _url(hazard):
    return reverse("hazards:detail", args=[hazard.school_id, hazard.pk])


def _lock(hazard):
    return Hazard.objects.select_for_update().select_related("school").get(pk=hazard.pk)


def _gate(actor, hazard, action):
    """Lock the row, then check the move against the table and the actor's right to make it."""
    hazard = _lock(hazard)
    if (hazard.status, action) not in TRANSITIONS:
        raise DomainError(
            _("This cannot be done while the hazard is “%(status)s”.")
            % {"status": hazard.get_status_display()}
        )
    _target, who = TRANSITIONS[(hazard.status, action)]
    if who == RESPONSIBLE:
        if hazard.responsible_person_id != actor.pk:
            raise PermissionRefused(_("Only the hazard's responsible person can do this."))
    elif not has_cap(actor, who, hazard.school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    return hazard


def _photos(actor, school, uploads, anonymous=False):
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_PHOTOS:
        raise DomainError(_("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS})
    return [
        store_upload(actor=actor, org=school, upload=u, images_only=True, anonymous=anonymous)
        for u in uploads
    ]


def _event(hazard, action, actor, *, before, note="", photos=()):
    event = HazardEvent.objects.create(
        hazard=hazard,
        action=action,
        actor=actor,
        from_status=before,
        to_status=hazard.status,
        note=note,
        created_at=timezone.now(),
    )
    if photos:
        event.photos.set(photos)
    return event


def _audit(actor, hazard, action, changes=None):
    audit.record(
        actor=actor,
        org=hazard.school,
        action=f"hazard.{action}",
        obj=hazard,
        object_repr=f"#{hazard.pk} {hazard.place}",
        changes=changes or {},
    )


def _tell(people, hazard, kind, title, body=""):
    people = [p for p in people if p is not None]
    if people:
        notify(
            people,
            kind=f"hazard.{kind}",
            title=title,
            body=body,
            params={"id": hazard.pk, "place": hazard.place, "school": hazard.school.name},
            url=_url(hazard),
            org=hazard.school,
        )


def _reporter(hazard):
    return [hazard.reporter] if hazard.reporter_id else []


def _bureau(hazard):
    return list(holders(Cap.HAZARD_SUPERVISE, hazard.school))


def _principals(school):
    return list(
        holders(Cap.HAZARD_ACCEPT, school).filter(
            memberships__role=Role.PRINCIPAL, memberships__org=school
        )
    )


# Report --------------------------------------------------------------------------------------


@transaction.atomic
def report_hazard(
    *,
    actor,
    school,
    place,
    category,
    description,
    source=Source.REPORT,
    zone=None,
    photos=(),
    anonymous=False,
    client_uuid=None,
    found_on=None,
):
    """A new hazard. `actor` None is a report from the public page (always anonymous).

    A repeated `client_uuid` (a phone replaying its queue) returns the first hazard and creates
    nothing; the reporter's right to report is checked first all the same.
    """
    if actor is None:
        anonymous = True
    elif not has_cap(actor, Cap.HAZARD_REPORT, school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    if client_uuid is not None:
        existing = Hazard.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            if existing.school_id != school.pk:
                raise DomainError(_("This submission id was already used."))
            return existing
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    if not place.strip() or not description.strip():
        raise DomainError(_("Say where the hazard is and describe it."))
    if found_on is not None and found_on > today():
        raise DomainError(_("The date found cannot be in the future."))
    stored = _photos(actor, school, photos, anonymous=anonymous)
    now = timezone.now()
    hazard = Hazard.objects.create(
        school=school,
        zone=zone,
        place=place.strip(),
        category=category,
        description=description.strip(),
        source=source,
        reporter=None if anonymous else actor,
        anonymous=anonymous,
        client_uuid=client_uuid,
        found_on=found_on or timezone.localdate(now),
        reported_at=now,
    )
    who = None if anonymous else actor
    _event(hazard, "report", who, before="", photos=stored)
    _audit(who, hazard, "report", {"category": category, "anonymous": anonymous})
    _tell(
        holders(Cap.HAZARD_CONFIRM, school).filter(memberships__org=school),
        hazard,
        "reported",
        gettext_lazy("New hazard #%(id)s to confirm: %(place)s"),
    )
    return hazard


# Confirm, reject, merge ----------------------------------------------------------------------


@transaction.atomic
def confirm(*, actor, hazard, grade, note=""):
    hazard = _gate(actor, hazard, "confirm")
    if grade not in Grade.values:
        raise DomainError(_("Choose the grade: general or major."))
    before = hazard.status
    hazard.grade = grade
    hazard.supervised = grade == Grade.MAJOR
    hazard.status = next_status(hazard, "confirm")
    hazard.save(update_fields=["grade", "supervised", "status", "updated_at"])
    _event(hazard, "confirm", actor, before=before, note=note)
    _audit(actor, hazard, "confirm", {"grade": grade})
    for hook in CONFIRM_HOOKS:
        hook(hazard=hazard, actor=actor)
    _tell(
        _reporter(hazard),
        hazard,
        "confirmed",
        gettext_lazy("Your hazard report #%(id)s was confirmed"),
    )
    if hazard.supervised:
        _tell(
            _bureau(hazard),
            hazard,
            "supervised",
            gettext_lazy("Major hazard #%(id)s at %(school)s is now under supervision"),
        )
    return hazard


@transaction.atomic
def reject(*, actor, hazard, reason):
    hazard = _gate(actor, hazard, "reject")
    if not reason.strip():
        raise DomainError(_("Say why this is not a hazard; the reporter will see it."))
    before = hazard.status
    hazard.status = next_status(hazard, "reject")
    hazard.rejection_reason = reason.strip()[:300]
    hazard.closed_at = timezone.now()
    hazard.save(update_fields=["status", "rejection_reason", "closed_at", "updated_at"])
    _event(hazard, "reject", actor, before=before, note=reason)
    _audit(actor, hazard, "reject", {"reason": reason})
    _tell(
        _reporter(hazard),
        hazard,
        "rejected",
        gettext_lazy("Your hazard report #%(id)s was not confirmed"),
    )
    return hazard


@transaction.atomic
def merge(*, actor, hazard, into, note=""):
    hazard = _gate(actor, hazard, "merge")
    into = Hazard.objects.select_for_update().get(pk=into.pk)
    if into.pk == hazard.pk or into.school_id != hazard.school_id:
        raise DomainError(_("Choose another hazard of the same school."))
    if into.status in (Status.MERGED, Status.REJECTED):
        raise DomainError(_("A hazard cannot be merged into a merged or rejected one."))
    before = hazard.status
    hazard.status = next_status(hazard, "merge")
    hazard.merged_into = into
    hazard.closed_at = timezone.now()
    hazard.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
    _event(hazard, "merge", actor, before=before, note=note or f"#{into.pk}")
    _event(into, "merged_in", actor, before=into.status, note=f"#{hazard.pk}")
    _audit(actor, hazard, "merge", {"into": into.pk})
    return hazard


# The five items --------------------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    actor,
    hazard,
    responsible_person,
    responsible_unit,
    measures,
    deadline,
    funds_amount=None,
    funds_source="",
    interim_measures="",
    contingency_plan="",
):
    """Fix the five items (五落实); on a hazard already in rectification, change them."""
    hazard = _gate(actor, hazard, "assign")
    if not Membership.objects.active().filter(user=responsible_person, org=hazard.school).exists():
        raise DomainError(_("The responsible person must be a current member of this school."))
    if not responsible_unit.strip() or not measures.strip():
        raise DomainError(_("Give the responsible unit and the measures."))
    if deadline < today():
        raise DomainError(_("The deadline cannot be in the past."))
    if funds_amount is not None and funds_amount < 0:
        raise DomainError(_("Funds cannot be negative."))
    if funds_amount and not funds_source.strip():
        raise DomainError(_("Say where the funds come from."))
    if hazard.grade == Grade.MAJOR and not (interim_measures.strip() and contingency_plan.strip()):
        raise DomainError(
            _("A major hazard needs interim control measures and a contingency plan.")
        )
    before = hazard.status
    previous_person = hazard.responsible_person
    hazard.responsible_person = responsible_person
    hazard.responsible_unit = responsible_unit.strip()
    hazard.measures = measures.strip()
    hazard.deadline = deadline
    hazard.funds_amount = funds_amount
    hazard.funds_source = funds_source.strip()
    hazard.interim_measures = interim_measures.strip()
    hazard.contingency_plan = contingency_plan.strip()
    hazard.status = next_status(hazard, "assign")
    hazard.save()
    action = "assign" if before == Status.CONFIRMED else "reassign"
    _event(hazard, action, actor, before=before, note=hazard.measures)
    _audit(
        actor,
        hazard,
        action,
        {"responsible": str(responsible_person), "deadline": deadline, "funds": funds_amount},
    )
    if previous_person != responsible_person:
        _tell(
            [responsible_person],
            hazard,
            "assigned",
            gettext_lazy("Hazard #%(id)s for you to fix: %(place)s"),
        )
    return hazard


# Rectification and extensions -------------------------------------------------------------------


@transaction.atomic
def rectify(*, actor, hazard, note, photos=()):
    hazard = _gate(actor, hazard, "rectify")
    if not note.strip():
        raise DomainError(_("Describe what was done."))
    if not [p for p in photos if p]:
        raise DomainError(_("Add at least one photo of the result."))
    stored = _photos(actor, hazard.school, photos)
    before = hazard.status
    hazard.status = next_status(hazard, "rectify")
    hazard.rectified_by = actor
    hazard.rectified_at = timezone.now()
    hazard.save(update_fields=["status", "rectified_by", "rectified_at", "updated_at"])
    _event(hazard, "rectify", actor, before=before, note=note.strip(), photos=stored)
    _audit(actor, hazard, "rectify")
    acceptors = holders(Cap.HAZARD_ACCEPT, hazard.school).filter(memberships__org=hazard.school)
    _tell(
        [p for p in acceptors if p.pk != actor.pk],
        hazard,
        "rectified",
        gettext_lazy("Hazard #%(id)s was rectified and awaits acceptance"),
    )
    return hazard


@transaction.atomic
def request_extension(*, actor, hazard, new_deadline, reason):
    hazard = _gate(actor, hazard, "request_extension")
    if not reason.strip():
        raise DomainError(_("Give a reason for the extension."))
    if hazard.deadline is None or new_deadline <= hazard.deadline:
        raise DomainError(_("The new deadline must be later than the current one."))
    if hazard.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise DomainError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest.objects.create(
        hazard=hazard,
        requested_by=actor,
        old_deadline=hazard.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    _event(
        hazard, "request_extension", actor, before=hazard.status, note=f"{new_deadline}: {reason}"
    )
    _audit(actor, hazard, "request_extension", {"new_deadline": new_deadline})
    _tell(
        holders(Cap.HAZARD_ASSIGN, hazard.school).filter(memberships__org=hazard.school),
        hazard,
        "extension_requested",
        gettext_lazy("Extension requested for hazard #%(id)s"),
    )
    return request


@transaction.atomic
def decide_extension(*, actor, extension, grant, note=""):
    hazard = _gate(actor, extension.hazard, "decide_extension")
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise DomainError(_("This request has already been decided."))
    if not grant and not note.strip():
        raise DomainError(_("Say why the extension is refused."))
    extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()[:300]
    extension.save()
    if grant:
        hazard.deadline = extension.new_deadline
        hazard.save(update_fields=["deadline", "updated_at"])
    action = "grant_extension" if grant else "refuse_extension"
    _event(hazard, action, actor, before=hazard.status, note=note)
    _audit(actor, hazard, action, {"new_deadline": extension.new_deadline})
    _tell(
        [extension.requested_by],
        hazard,
        "extension_decided",
        gettext_lazy("Your extension request for hazard #%(id)s was decided"),
    )
    return extension


# Acceptance, bureau sign-off, supervision ------------------------------------------------------


@transaction.atomic
def accept(*, actor, hazard, note="", photos=()):
    hazard = _gate(actor, hazard, "accept")
    if hazard.rectified_by_id == actor.pk:
        raise PermissionRefused(_("The person who rectified a hazard cannot also accept it."))
    stored = _photos(actor, hazard.school, photos)
    before = hazard.status
    hazard.status = next_status(hazard, "accept")
    hazard.accepted_by = actor
    hazard.accepted_at = timezone.now()
    if hazard.status == Status.CLOSED:
        hazard.closed_at = hazard.accepted_at
    hazard.save(update_fields=["status", "accepted_by", "accepted_at", "closed_at", "updated_at"])
    _event(hazard, "accept", actor, before=before, note=note, photos=stored)
    _audit(actor, hazard, "accept", {"status": hazard.status})
    if hazard.status == Status.ACCEPTED:
        _tell(
            _bureau(hazard),
            hazard,
            "awaiting_sign_off",
            gettext_lazy("Major hazard #%(id)s at %(school)s awaits your sign-off"),
        )
    else:
        _tell(
            [hazard.responsible_person, *_reporter(hazard)],
            hazard,
            "closed",
            gettext_lazy("Hazard #%(id)s is closed"),
        )
    return hazard


def _send_back(actor, hazard, action, reason):
    hazard = _gate(actor, hazard, action)
    if not reason.strip():
        raise DomainError(_("Say what is still wrong."))
    if action == "send_back" and hazard.rectified_by_id == actor.pk:
        raise PermissionRefused(_("The person who rectified a hazard cannot also accept it."))
    before = hazard.status
    hazard.status = next_status(hazard, action)
    hazard.accepted_by = None
    hazard.accepted_at = None
    hazard.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    _event(hazard, action, actor, before=before, note=reason.strip())
    _audit(actor, hazard, action, {"reason": reason})
    _tell(
        [hazard.responsible_person],
        hazard,
        "sent_back",
        gettext_lazy("Hazard #%(id)s was sent back for more rectification"),
        body=reason.strip(),
    )
    return hazard


@transaction.atomic
def send_back(*, actor, hazard, reason):
    return _send_back(actor, hazard, "send_back", reason)


@transaction.atomic
def bureau_send_back(*, actor, hazard, reason):
    return _send_back(actor, hazard, "bureau_send_back", reason)


@transaction.atomic
def sign_off(*, actor, hazard, note=""):
    hazard = _gate(actor, hazard, "sign_off")
    before = hazard.status
    hazard.status = next_status(hazard, "sign_off")
    hazard.signed_off_by = actor
    hazard.signed_off_at = timezone.now()
    hazard.closed_at = hazard.signed_off_at
    hazard.save(
        update_fields=["status", "signed_off_by", "signed_off_at", "closed_at", "updated_at"]
    )
    _event(hazard, "sign_off", actor, before=before, note=note)
    _audit(actor, hazard, "sign_off")
    _tell(
        [hazard.responsible_person, hazard.accepted_by, *_reporter(hazard)],
        hazard,
        "closed",
        gettext_lazy("Hazard #%(id)s is closed"),
    )
    return hazard


@transaction.atomic
def supervise(*, actor, hazard, note="", supervision_deadline=None):
    """The bureau's comment and deadline on a supervised (major) hazard."""
    hazard = _gate(actor, hazard, "supervise")
    if not hazard.supervised:
        raise DomainError(_("Only major hazards are under the bureau's supervision."))
    if not note.strip() and supervision_deadline is None:
        raise DomainError(_("Write a comment or set a supervision deadline."))
    if supervision_deadline is not None:
        if supervision_deadline < today():
            raise DomainError(_("The deadline cannot be in the past."))
        hazard.supervision_deadline = supervision_deadline
        hazard.save(update_fields=["supervision_deadline", "updated_at"])
    _event(hazard, "supervise", actor, before=hazard.status, note=note.strip())
    _audit(actor, hazard, "supervise", {"deadline": supervision_deadline, "note": note})
    people = holders(Cap.HAZARD_ASSIGN, hazard.school).filter(memberships__org=hazard.school)
    _tell(
        [*people, hazard.responsible_person],
        hazard,
        "supervision_comment",
        gettext_lazy("The bureau commented on major hazard #%(id)s"),
        body=note.strip(),
    )
    return hazard


def days_overdue(hazard, on=None):
    on = on or today()
    if hazard.status != Status.RECTIFYING or hazard.deadline is None:
        return 0
    return max((on - hazard.deadline).days, 0)
