"""A guardian's concern: raised from the phone (text, an optional photo made smaller here),
sent to the class's head teacher and the school's safety officers through the notification
pipeline; answered by one of them; closed by either side (workflow.CONCERN)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Membership
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.attachments import shrunk_image, store_upload
from safecampus.core.services.notifications import notify
from safecampus.education.models import Concern, ConcernStatus
from safecampus.education.models.concerns import MAX_TEXT
from safecampus.education.workflow import CONCERN
from safecampus.students import family

# Open concerns a guardian may have waiting at once: more is a flood, not a conversation.
MAX_OPEN = 5


def may_answer(actor, concern):
    school = concern.school
    if has_cap(actor, Cap.EDUCATION_MANAGE, school):
        return True
    head = concern.student.school_class.head_teacher_id if concern.student.school_class_id else None
    return has_cap(actor, Cap.EDUCATION_RECORD, school) and head == actor.pk


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise DomainError(what)
    if len(value) > MAX_TEXT:
        raise DomainError(_("At most %(n)d characters, please.") % {"n": MAX_TEXT})
    return value


def _recipients(student):
    """The class's head teacher and the school's safety officers."""
    officers = [
        m.user
        for m in Membership.objects.filter(
            org=student.school, role=Role.SAFETY_OFFICER, ended_at__isnull=True
        ).select_related("user")
    ]
    head = student.school_class.head_teacher if student.school_class_id else None
    return ([head] if head is not None else []) + officers


@transaction.atomic
def raise_concern(*, account, student, text, photo=None):
    if not family.children(account).filter(pk=student.pk).exists():
        raise PermissionRefused(_("This is not your child."))
    text = _text(text, _("Write what concerns you."))
    waiting = Concern.objects.filter(account=account, status=ConcernStatus.OPEN).count()
    if waiting >= MAX_OPEN:
        raise DomainError(
            _("%(n)d of your concerns are still waiting for the school: wait for its answer.")
            % {"n": MAX_OPEN}
        )
    school = student.school
    guardian = student.guardians.filter(phone=account.phone).order_by("pk").first()
    # A guardian holds no upload capability: the photo is checked here (their own child) and
    # stored without an uploader, as a public upload is.
    stored = store_upload(actor=None, org=school, upload=shrunk_image(photo)) if photo else None
    concern = Concern.objects.create(
        school=school,
        student=student,
        account=account,
        raised_by=(guardian.name if guardian else str(account))[:40],
        text=text,
        photo=stored,
    )
    audit.record(
        actor=account.user,
        org=school,
        action="education.concern",
        obj=concern,
        object_repr=f"{student} · {concern}",
    )
    notify(
        _recipients(student),
        kind="education.concern",
        title=gettext_lazy("A guardian's concern: %(student)s"),
        body=gettext_lazy("%(guardian)s (%(class)s) writes: %(text)s"),
        params={
            "student": student.name,
            "guardian": concern.raised_by,
            "class": str(student.school_class or ""),
            "text": text[:200],
        },
        url=concern.get_absolute_url(),
        org=school,
    )
    return concern


def _locked(concern):
    return (
        Concern.objects.select_for_update()
        .select_related("student__school_class")
        .get(pk=concern.pk)
    )


@transaction.atomic
def answer(*, actor, concern, text):
    if not may_answer(actor, concern):
        raise PermissionRefused(
            _("The child's head teacher or a school leader answers a guardian's concern.")
        )
    text = _text(text, _("Write your answer."))
    concern = _locked(concern)
    status = CONCERN.next_state(concern, "answer")
    if concern.answer:
        text = f"{concern.answer}\n\n{text}"
        if len(text) > MAX_TEXT * 2:
            raise DomainError(_("The answers are too long: close this concern and call."))
    concern.status, concern.answer = status, text
    concern.answered_by, concern.answered_at = actor, timezone.now()
    concern.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(
        actor=actor,
        org=concern.school,
        action="education.concern_answer",
        obj=concern,
        object_repr=f"{concern.student} · {concern}",
    )
    return concern


@transaction.atomic
def close(*, concern, actor=None, account=None):
    """Closed by the guardian who raised it (`account`) or by whoever may answer (`actor`)."""
    if account is not None:
        if concern.account_id != account.pk:
            raise PermissionRefused(_("This is not your concern."))
        user = account.user
    else:
        if not may_answer(actor, concern):
            raise PermissionRefused(
                _("The child's head teacher or a school leader answers a guardian's concern.")
            )
        user = actor
    concern = _locked(concern)
    concern.status = CONCERN.next_state(concern, "close")
    concern.closed_at = timezone.now()
    concern.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=user,
        org=concern.school,
        action="education.concern_close",
        obj=concern,
        object_repr=f"{concern.student} · {concern}",
    )
    return concern
