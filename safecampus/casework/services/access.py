"""Need-to-know access: the audited read of a full record, and staff requests for access that
the person in charge approves for a limited time (未成年人网络保护条例 §36). Every move is
looked up in `workflow.ACCESS` and leaves an audit event on the school's chain."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.casework.models import AccessGrant, Ledger
from safecampus.casework.queries.access import (
    READ_ACTION,
    access_basis,
    active_grant,
    pending_request,
)
from safecampus.casework.rules import rules_for
from safecampus.casework.workflow import ACCESS
from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require

REASON_MAX = 1000


@transaction.atomic
def read_record(*, actor, ledger, record):
    """The full record, for someone who may read it; one audit event per read."""
    basis = access_basis(actor, ledger, record)
    if basis is None:
        raise PermissionRefused(_("You may not read this record in full."))
    audit.record(
        actor=actor,
        org=record.school,
        action=READ_ACTION[ledger],
        obj=record,
        object_repr=record.reference,
        changes={"basis": basis},
    )
    return basis


@transaction.atomic
def request_access(*, actor, ledger, record, reason):
    """Ask the person in charge for access to one record, with a reason."""
    require(actor, Cap.CASEWORK_VIEW, record.school)
    if ledger not in Ledger.values:
        raise DomainError(_("Unknown ledger."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidFields({"reason": _("Say why you need to read this record.")})
    if len(reason) > REASON_MAX:
        raise InvalidFields(
            {"reason": _("A reason has at most %(n)d characters.") % {"n": REASON_MAX}}
        )
    if access_basis(actor, ledger, record) is not None:
        raise DomainError(_("You may already read this record."))
    if pending_request(actor, ledger, record.pk) is not None:
        raise DomainError(_("Your request for this record is waiting for a decision."))
    grant = AccessGrant.objects.create(
        school=record.school,
        ledger=ledger,
        record_id=record.pk,
        requested_by=actor,
        reason=reason,
    )
    audit.record(
        actor=actor,
        org=record.school,
        action="casework.access_request",
        obj=grant,
        object_repr=record.reference,
        changes={"ledger": ledger, "record": record.pk},
    )
    approvers = [p for p in holders(Cap.CASEWORK_APPROVE, record.school) if p.pk != actor.pk]
    transaction.on_commit(
        lambda: notify(
            approvers,
            kind="casework.access_request",
            title=gettext_lazy("%(person)s asks to read %(record)s"),
            params={"person": str(actor), "record": record.reference},
            url=grant.get_absolute_url(),
            org=record.school,
        )
    )
    return grant


def _decide_note(note):
    note = (note or "").strip()
    if len(note) > 300:
        raise InvalidFields({"note": _("A note has at most %(n)d characters.") % {"n": 300}})
    return note


@transaction.atomic
def decide(*, actor, grant, action, note=""):
    """The person in charge approves (for the rule's hours), refuses or revokes; the asker
    withdraws."""
    grant = AccessGrant.objects.select_for_update().select_related("school").get(pk=grant.pk)
    if action not in ACCESS.actions:
        raise DomainError(_("Unknown action."))
    if action == "withdraw":
        if grant.requested_by_id != actor.pk:
            raise PermissionRefused(_("Only the person who asked may withdraw the request."))
    else:
        require(actor, Cap.CASEWORK_APPROVE, grant.school)
        if grant.requested_by_id == actor.pk:
            raise PermissionRefused(_("Nobody approves their own access."))
    grant.status = ACCESS.next_state(grant, action)
    note = _decide_note(note)
    now = timezone.now()
    if action != "withdraw":
        grant.decided_by = actor
        grant.decided_at = now
        grant.decision_note = note
    if action == "approve":
        grant.expires_at = now + timedelta(hours=rules_for(grant.school).grant_hours)
    if action == "revoke":
        grant.expires_at = now
    grant.save()
    audit.record(
        actor=actor,
        org=grant.school,
        action=f"casework.access_{action}",
        obj=grant,
        object_repr=str(grant),
        changes={"status": grant.status, "expires_at": grant.expires_at, "note": note},
    )
    if action in ("approve", "refuse", "revoke"):
        titles = {
            "approve": gettext_lazy("Your access to %(record)s is approved until %(until)s"),
            "refuse": gettext_lazy("Your request to read %(record)s was refused"),
            "revoke": gettext_lazy("Your access to %(record)s was revoked"),
        }
        until = timezone.localtime(grant.expires_at).strftime("%Y-%m-%d %H:%M")
        transaction.on_commit(
            lambda: notify(
                [grant.requested_by],
                kind=f"casework.access_{action}",
                title=titles[action],
                params={"record": str(grant), "until": until},
                url=grant.get_absolute_url(),
                org=grant.school,
            )
        )
    return grant


def may_decide(user, grant):
    return has_cap(user, Cap.CASEWORK_APPROVE, grant.school) and grant.requested_by_id != user.pk


def grant_of(user, ledger, record):
    return active_grant(user, ledger, record.pk)
