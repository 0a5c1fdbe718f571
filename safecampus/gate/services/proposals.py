"""Pick-up persons a guardian proposes from their phone: the guardian proposes (with a photo,
shrunk here), the child's head teacher or a school leader confirms (the person becomes an
authorised pick-up person, the only list the gate's pick-up check reads) or refuses with a
reason; the guardian may withdraw a proposal while it waits (workflow.PICKUP_PROPOSAL)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import shrunk_image, store_upload
from safecampus.core.services.notifications import notify
from safecampus.gate.models import PickupPerson, PickupProposal, ProposalStatus
from safecampus.gate.workflow import PICKUP_PROPOSAL
from safecampus.students import family
from safecampus.students.access import can_edit
from safecampus.students.services import check_phone

# A guardian's proposals waiting for the school, per child: more is a mistake or a flood.
MAX_WAITING = 5


def may_decide(actor, student):
    """A school leader for any child; the child's head teacher (with pick-up management)."""
    school = student.school
    if has_cap(actor, Cap.STUDENT_MANAGE, school):
        return True
    return has_cap(actor, Cap.PICKUP_MANAGE, school) and can_edit(actor, student)


def _guardian_name(account, student):
    guardian = student.guardians.filter(phone=account.phone).order_by("pk").first()
    return guardian.name if guardian is not None else str(account)


@transaction.atomic
def propose(*, account, student, name, relation, phone, photo=None):
    if not family.children(account).filter(pk=student.pk).exists():
        raise PermissionRefused(_("This is not your child."))
    name, relation, phone = name.strip(), relation.strip(), phone.strip()
    if not name or not relation:
        raise DomainError(_("Give the person's name and relation to the child."))
    check_phone(phone)
    waiting = PickupProposal.objects.filter(student=student, status=ProposalStatus.PROPOSED)
    if waiting.count() >= MAX_WAITING:
        raise DomainError(
            _("%(n)d proposals are already waiting for the school: wait for its answer.")
            % {"n": MAX_WAITING}
        )
    school = student.school
    # A guardian holds no upload capability: the photo is stored as the guardian's, checked
    # here (this child is theirs) and kept off the uploader column like a public upload.
    stored = store_upload(actor=None, org=school, upload=shrunk_image(photo)) if photo else None
    proposal = PickupProposal.objects.create(
        school=school,
        student=student,
        account=account,
        proposed_by=_guardian_name(account, student)[:40],
        name=name[:40],
        relation=relation[:20],
        phone=phone,
        photo=stored,
    )
    audit.record(
        actor=account.user,
        org=school,
        action="pickup.propose",
        obj=proposal,
        object_repr=f"{student} · {proposal}",
    )
    head = student.school_class.head_teacher if student.school_class_id else None
    if head is not None:
        notify(
            [head],
            kind="gate.pickup_proposed",
            title=gettext_lazy("Pick-up person proposed for %(student)s"),
            body=gettext_lazy(
                "%(guardian)s proposes %(person)s (%(relation)s) to pick up %(student)s. "
                "Confirm or refuse."
            ),
            params={
                "student": student.name,
                "guardian": proposal.proposed_by,
                "person": proposal.name,
                "relation": proposal.relation,
            },
            url=proposal.get_absolute_url(),
            org=school,
        )
    return proposal


def _locked(proposal):
    return PickupProposal.objects.select_for_update().get(pk=proposal.pk)


def _check_decider(actor, proposal):
    if not may_decide(actor, proposal.student):
        raise PermissionRefused(
            _("Only the child's head teacher or a school leader decides on pick-up persons.")
        )


@transaction.atomic
def confirm(*, actor, proposal):
    """The school confirms: the person joins the child's authorised pick-up persons, on the
    guardian's consent given by proposing them."""
    _check_decider(actor, proposal)
    proposal = _locked(proposal)
    PICKUP_PROPOSAL.check(proposal, "confirm")
    now = timezone.now()
    person = PickupPerson.objects.create(
        student=proposal.student,
        name=proposal.name,
        relation=proposal.relation,
        phone=proposal.phone,
        photo=proposal.photo,
        consent=_("Proposed by the guardian on the parents' page on %(day)s")
        % {"day": timezone.localdate(proposal.created_at).isoformat()},
        consent_by=proposal.proposed_by,
        added_by=actor,
    )
    proposal.status = PICKUP_PROPOSAL.next_state(proposal, "confirm")
    proposal.person, proposal.decided_by, proposal.decided_at = person, actor, now
    proposal.save(update_fields=["status", "person", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        org=proposal.school,
        action="pickup.confirm",
        obj=proposal,
        object_repr=f"{proposal.student} · {proposal}",
        changes={"person": person.pk, "consent_by": person.consent_by},
    )
    return proposal


@transaction.atomic
def refuse(*, actor, proposal, reason):
    _check_decider(actor, proposal)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the guardian the reason for the refusal."))
    proposal = _locked(proposal)
    PICKUP_PROPOSAL.check(proposal, "refuse")
    proposal.status = PICKUP_PROPOSAL.next_state(proposal, "refuse")
    proposal.reason, proposal.decided_by = reason[:200], actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        org=proposal.school,
        action="pickup.refuse_proposal",
        obj=proposal,
        object_repr=f"{proposal.student} · {proposal}",
        changes={"reason": proposal.reason},
    )
    return proposal


@transaction.atomic
def withdraw(*, account, proposal):
    if proposal.account_id != account.pk:
        raise PermissionRefused(_("Only the guardian who proposed this person can withdraw it."))
    proposal = _locked(proposal)
    PICKUP_PROPOSAL.check(proposal, "withdraw")
    proposal.status = PICKUP_PROPOSAL.next_state(proposal, "withdraw")
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=account.user,
        org=proposal.school,
        action="pickup.withdraw_proposal",
        obj=proposal,
        object_repr=f"{proposal.student} · {proposal}",
    )
    return proposal
