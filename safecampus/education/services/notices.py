"""Notices to guardians as safety education keeps them: a bureau's own templates, and the SMS
reminder to guardians who have not acknowledged a notice after the programme's delay. Sending
and acknowledging are the students' letters (one channel)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import rulesets
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.education.models import EducationRules, NoticeTemplate
from safecampus.education.rules import notice_templates_for
from safecampus.students import letters
from safecampus.students.models import GuardianLetter

TITLE_MAX = letters.TITLE_MAX
BODY_MAX = letters.BODY_MAX
SOURCE_MAX = 300


@transaction.atomic
def set_template(*, actor, org, code, title, body, source=""):
    """The bureau's own text of a template; the first save makes its row from the one in force
    (the default's or a bureau's above), which its schools then use instead."""
    require(actor, Cap.EDUCATION_RULES, org)
    if org.is_school:
        raise DomainError(_("Notice templates are kept by a bureau, not by a school."))
    current = next((t for t in notice_templates_for(org) if t.code == code), None)
    if current is None:
        raise DomainError(_("There is no such notice template."))
    title, body, source = (title or "").strip(), (body or "").strip(), (source or "").strip()
    problems = {}
    if not title or len(title) > TITLE_MAX:
        problems["title"] = _("Give the notice a title of at most %(n)d characters.") % {
            "n": TITLE_MAX
        }
    if not body or len(body) > BODY_MAX:
        problems["body"] = _("Give the notice a text of at most %(n)d characters.") % {
            "n": BODY_MAX
        }
    if len(source) > SOURCE_MAX:
        problems["source"] = _("Keep the source under %(n)d characters.") % {"n": SOURCE_MAX}
    if problems:
        raise InvalidFields(problems)
    own = current
    if current.org_id != org.pk:
        own = NoticeTemplate(org=org, code=code, position=current.position)
    changes = {
        name: [getattr(current, name), value]
        for name, value in (("title", title), ("body", body), ("source", source))
        if getattr(current, name) != value
    }
    own.title, own.body, own.source = title, body, source
    own.save()
    audit.record(actor=actor, org=org, action="education.notice_template", obj=own, changes=changes)
    return own


def _delays(schools):
    """{school id: the programme's reminder delay in days}: one query for the rule rows."""
    rows = list(EducationRules.objects.select_related("org"))
    return {s.pk: rulesets.nearest(rows, s.path).notice_reminder_days for s in schools}


def send_reminders(now=None):
    """Remind by SMS every guardian whose copy of a notice is unacknowledged after the delay of
    their school's programme, once. Returns the number of guardians texted."""
    now = now or timezone.now()
    shortest = EducationRules.objects.order_by("notice_reminder_days").first()
    if shortest is None:
        return 0
    waiting = GuardianLetter.objects.filter(
        acknowledged_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=now - timedelta(days=shortest.notice_reminder_days),
    )
    schools = list(Org.objects.filter(pk__in=waiting.values("letter__school")).order_by("pk"))
    delays = _delays(schools)
    texted = 0
    for school in schools:
        cutoff = now - timedelta(days=delays[school.pk])
        due = list(waiting.filter(letter__school=school, sent_at__lte=cutoff).only("pk"))
        texted += len(letters.remind(school=school, copies=due))
    return texted
