"""Letters to guardians: a responsibility letter sent to a class's guardians (家校安全责任书),
a notice to the guardians of a class, a grade or the whole school (告家长书), each guardian's
acknowledgement by link, and one SMS reminder to those who have not acknowledged."""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import ResponsibilityLetter
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import send_sms
from safecampus.core.services.permissions import require
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass
from safecampus.students.workflow import GUARDIAN_LETTER

TITLE_MAX = 120
BODY_MAX = 5000


def _copy_to(letter, guardians, actor):
    return GuardianLetter.objects.bulk_create(
        [
            GuardianLetter(
                letter=letter, guardian=g, token=secrets.token_urlsafe(32), sent_by=actor
            )
            for g in guardians
        ]
    )


@transaction.atomic
def send_to_guardians(*, actor, letter, school_class):
    """One copy per guardian of the class's enrolled students; guardians already sent to are
    skipped, so sending again reaches only the new ones."""
    require(actor, Cap.LETTER_MANAGE, letter.school)
    if school_class.school_id != letter.school_id:
        raise DomainError(_("The class belongs to another school."))
    guardians = Guardian.objects.filter(
        student__school_class=school_class, student__is_active=True
    ).exclude(letters__letter=letter)
    copies = _copy_to(letter, guardians, actor)
    if not copies:
        raise DomainError(_("Every guardian of this class already has this letter."))
    audit.record(
        actor=actor,
        org=letter.school,
        action="letter.guardians",
        obj=letter,
        changes={"class": str(school_class), "guardians": len(copies)},
    )
    return copies


@transaction.atomic
def acknowledge(*, copy, name):
    copy = GuardianLetter.objects.select_for_update().get(pk=copy.pk)
    GUARDIAN_LETTER.check(copy, "acknowledge")
    if not name.strip():
        raise DomainError(_("Type your name to acknowledge."))
    copy.acknowledged_at = timezone.now()
    copy.acknowledged_name = name.strip()[:40]
    copy.save(update_fields=["acknowledged_at", "acknowledged_name"])
    return copy


def _target(school, school_class, grade):
    """(the guardians of the target's enrolled students, what the letter records of it)."""
    guardians = Guardian.objects.filter(student__school=school, student__is_active=True)
    if school_class is not None:
        if school_class.school_id != school.pk:
            raise DomainError(_("The class belongs to another school."))
        return guardians.filter(student__school_class=school_class), {
            "guardians": "class",
            "class": str(school_class),
        }
    if grade is not None:
        if not SchoolClass.objects.filter(school=school, grade=grade).exists():
            raise DomainError(_("This school has no class in grade %(grade)s.") % {"grade": grade})
        return guardians.filter(student__school_class__grade=grade), {
            "guardians": "grade",
            "grade": grade,
        }
    return guardians, {"guardians": "school"}


@transaction.atomic
def send_notice(
    *,
    actor,
    school,
    title,
    body,
    term_start,
    term_end,
    school_class=None,
    grade=None,
    template="",
):
    """A notice to the guardians of one class, one grade or (neither given) the whole school:
    a letter of the school with one copy per guardian of an enrolled student."""
    require(actor, Cap.LETTER_MANAGE, school)
    title, body = (title or "").strip(), (body or "").strip()
    problems = {}
    if not title or len(title) > TITLE_MAX:
        problems["title"] = _("Give the notice a title of at most %(n)d characters.") % {
            "n": TITLE_MAX
        }
    if not body or len(body) > BODY_MAX:
        problems["body"] = _("Give the notice a text of at most %(n)d characters.") % {
            "n": BODY_MAX
        }
    if term_start and term_end and term_end < term_start:
        problems["term_end"] = _("The notice's term must end after it starts.")
    if problems:
        raise InvalidFields(problems)
    guardians, audience = _target(school, school_class, grade)
    guardians = list(guardians.order_by("pk"))
    if not guardians:
        raise DomainError(_("No enrolled student there has a guardian on record."))
    letter = ResponsibilityLetter.objects.create(
        school=school,
        title=title,
        body=body,
        term_start=term_start,
        term_end=term_end,
        issued_by=actor,
        audience=audience | {"template": template},
    )
    copies = _copy_to(letter, guardians, actor)
    audit.record(
        actor=actor,
        org=school,
        action="letter.notice",
        obj=letter,
        changes=audience | {"template": template, "guardians": len(copies)},
    )
    return letter, copies


def guardian_link(copy):
    return settings.SAFECAMPUS_SITE_URL.rstrip("/") + reverse(
        "students:guardian_letter", args=[copy.token]
    )


@transaction.atomic
def remind(*, school, copies):
    """One SMS to each guardian of `copies` (the school's, not acknowledged, not reminded yet)
    with their link; each copy is marked reminded so no guardian is texted twice. Run by the
    periodic reminder task (no person acts): the school's trail records how many."""
    ids = [copy.pk for copy in copies]
    waiting = list(
        GuardianLetter.objects.select_for_update()
        .filter(
            pk__in=ids,
            letter__school=school,
            acknowledged_at__isnull=True,
            reminded_at__isnull=True,
        )
        .select_related("letter", "guardian")
        .order_by("pk")
    )
    if not waiting:
        return []
    now = timezone.now()
    for copy in waiting:
        text = _("%(school)s asks you to read and acknowledge “%(title)s”: %(link)s") % {
            "school": school.name,
            "title": copy.letter.title,
            "link": guardian_link(copy),
        }
        send_sms(copy.guardian.phone, text=text, org=school, about=copy)
    GuardianLetter.objects.filter(pk__in=[copy.pk for copy in waiting]).update(reminded_at=now)
    audit.record(
        actor=None,
        org=school,
        action="letter.remind",
        changes={"guardians": len(waiting), "letters": len({c.letter_id for c in waiting})},
    )
    return waiting
