"""Responsibility letters: issuing to a group and signing in the app."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError
from safecampus.core.models import (
    LetterRecipient,
    Membership,
    PostAssignment,
    ResponsibilityLetter,
    User,
)
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.core.workflows import LETTER


def audience_people(school, *, posts=(), departments=(), roles=()):
    """Everyone currently holding one of the posts, departments or roles in the school."""
    members = Membership.objects.active().filter(org=school)
    ids = set()
    if roles:
        ids |= set(members.filter(role__in=roles).values_list("user_id", flat=True))
    if departments:
        ids |= set(members.filter(department__in=departments).values_list("user_id", flat=True))
    if posts:
        ids |= set(
            PostAssignment.objects.active()
            .filter(post__in=posts, post__school=school)
            .values_list("user_id", flat=True)
        )
    return User.objects.filter(pk__in=ids, is_active=True)


@transaction.atomic
def issue_letter(
    *,
    actor,
    school,
    title,
    body,
    term_start,
    term_end,
    posts=(),
    departments=(),
    roles=(),
    attachment=None,
):
    require(actor, Cap.LETTER_MANAGE, school)
    if term_end < term_start:
        raise DomainError(_("The letter's term must end after it starts."))
    if any(p.school_id != school.pk for p in posts) or any(
        d.school_id != school.pk for d in departments
    ):
        raise DomainError(_("Choose posts and departments of this school only."))
    people = list(audience_people(school, posts=posts, departments=departments, roles=roles))
    if not people:
        raise DomainError(_("Nobody holds the chosen posts, departments or roles."))
    letter = ResponsibilityLetter.objects.create(
        school=school,
        title=title.strip(),
        body=body.strip(),
        term_start=term_start,
        term_end=term_end,
        issued_by=actor,
        attachment=attachment,
        audience={
            "posts": [str(p) for p in posts],
            "departments": [str(d) for d in departments],
            "roles": list(roles),
        },
    )
    LetterRecipient.objects.bulk_create([LetterRecipient(letter=letter, user=u) for u in people])
    audit.record(
        actor=actor,
        org=school,
        action="letter.issue",
        obj=letter,
        changes={"recipients": len(people)},
    )
    notify(
        people,
        kind="letter.issued",
        title=gettext_lazy("Responsibility letter to sign: %(title)s"),
        body=gettext_lazy("%(school)s asks you to read and sign this letter."),
        params={"title": letter.title, "school": school.name},
        url=reverse("core:letter_detail", args=[school.pk, letter.pk]),
        org=school,
    )
    return letter


@transaction.atomic
def sign_letter(*, actor, recipient, ip=None):
    """The recipient signs: a recorded act with its time. Only once, only by them."""
    recipient = LetterRecipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.user_id != actor.pk:
        raise DomainError(_("Only the person the letter was issued to can sign it."))
    LETTER.check(recipient, "sign")
    letter = recipient.letter
    recipient.signed_at = timezone.now()
    recipient.signed_name = str(actor)[:60]
    recipient.signed_ip = ip
    recipient.save(update_fields=["signed_at", "signed_name", "signed_ip"])
    audit.record(
        actor=actor,
        org=letter.school,
        action="letter.sign",
        obj=letter,
        changes={"signed_at": recipient.signed_at},
    )
    return recipient


def letter_attachment_guard(user, attachment):
    """A letter's scan is for those who may read the letter: managers and its recipients."""
    held = ResponsibilityLetter.objects.filter(attachment=attachment)
    letters = list(held.select_related("school"))
    if not letters:
        return None
    if any(has_cap(user, Cap.LETTER_VIEW, letter.school) for letter in letters):
        return True
    return LetterRecipient.objects.filter(letter__in=letters, user=user).exists()


ATTACHMENT_GUARDS.append(letter_attachment_guard)
