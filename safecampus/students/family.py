"""What a guardian sees and does on their own phone pages: their children (the students whose
guardian rows carry the account's number) and nothing else, the notices sent to them to
acknowledge, and their consent to the processing of each child's data (PIPL §31)."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.services import audit
from safecampus.students import letters
from safecampus.students.models import Consent, GuardianLetter, Student

# Pages of other modules about one child, shown beside the child on the guardian's home:
# (label, URL name taking the student's id, icon), registered from each module's registry.py.
CHILD_PAGES = []


def register_child_page(label, url_name, icon="bi-chevron-right"):
    CHILD_PAGES.append((label, url_name, icon))


def child_pages(child):
    return [(label, reverse(name, args=[child.pk]), icon) for label, name, icon in CHILD_PAGES]


def account_of(user):
    """The guardian account of a logged-in person, or None (staff have none)."""
    if not user.is_authenticated:
        return None
    return getattr(user, "guardian_account", None)


def children(account):
    return (
        Student.objects.filter(guardians__phone=account.phone, is_active=True)
        .select_related("school", "school_class")
        .distinct()
        .order_by("school_class__grade", "name", "pk")
    )


def copies(account):
    """The account's copies of letters and notices, newest first."""
    return (
        GuardianLetter.objects.filter(
            guardian__phone=account.phone, guardian__student__is_active=True
        )
        .select_related("letter", "guardian__student")
        .order_by("acknowledged_at", "-sent_at", "-pk")
    )


def copy_for(account, copy_id):
    """One of the account's copies; another family's is the same 404 as a missing one."""
    found = copies(account).filter(pk=copy_id).first()
    if found is None:
        raise Http404
    return found


def child_for(account, student_id):
    found = children(account).filter(pk=student_id).first()
    if found is None:
        raise Http404
    return found


def acknowledge(*, account, copy):
    """The guardian's second tap: acknowledged under the name the school has on record."""
    if copy.guardian.phone != account.phone:
        raise Http404
    return letters.acknowledge(copy=copy, name=copy.guardian.name)


def consents(account):
    """{student id: Consent} of the account's children."""
    return {c.student_id: c for c in Consent.objects.filter(account=account)}


@transaction.atomic
def set_consent(*, account, student, given):
    if not children(account).filter(pk=student.pk).exists():
        raise Http404
    consent, _new = Consent.objects.select_for_update().get_or_create(
        account=account, student=student
    )
    now = timezone.now()
    held = consent.given_at is not None and consent.withdrawn_at is None
    if given == held:
        raise DomainError(
            _("Your consent is already recorded.") if given else _("You have not given consent.")
        )
    if given:
        consent.given_at, consent.withdrawn_at = now, None
    else:
        consent.withdrawn_at = now
    consent.save()
    audit.record(
        actor=account.user,
        org=student.school,
        action="guardian.consent" if given else "guardian.consent_withdrawn",
        obj=student,
        object_repr=str(student),
    )
    return consent
