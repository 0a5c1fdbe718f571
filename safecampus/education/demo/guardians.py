"""Notices to s01's guardians, sent from the templates through the students' letters: a
holiday letter to the whole school (寒假安全告家长书) acknowledged by about half of them, and
the drowning "六不" letter to the lowest grade, sent three days ago, a third acknowledged and
the others reminded by SMS. The notices pages and the bureau's metric show the rates."""

from datetime import date, timedelta

from django.utils import timezone

from safecampus.core.models import ResponsibilityLetter, User
from safecampus.education.models import NoticeTemplate
from safecampus.education.services.notices import send_reminders
from safecampus.students import letters as guardian_letters
from safecampus.students.demo import DEMO_PARENT_PHONE
from safecampus.students.models import GuardianLetter, SchoolClass

TITLE = "寒假安全告家长书"


def _acknowledge_every(letter, step):
    # The demo parent's copies stay to be acknowledged on their phone page.
    copies = (
        GuardianLetter.objects.filter(letter=letter)
        .exclude(guardian__phone=DEMO_PARENT_PHONE)
        .select_related("guardian")
    )
    for index, copy in enumerate(copies.order_by("pk")):
        if index % step == 0:
            guardian_letters.acknowledge(copy=copy, name=copy.guardian.name)


def load_guardians(demo):
    school = next((s for s in demo.schools if s.code == "s01"), None)
    if school is None or ResponsibilityLetter.objects.filter(school=school, title=TITLE):
        return
    officer = User.objects.get(username="s01.officer")
    holiday = NoticeTemplate.objects.get(org=None, code="holiday")
    letter, _copies = guardian_letters.send_notice(
        actor=officer,
        school=school,
        title=TITLE,
        body=holiday.body,
        term_start=date(2027, 1, 23),
        term_end=date(2027, 2, 21),
        template=holiday.code,
    )
    _acknowledge_every(letter, 2)
    drowning = NoticeTemplate.objects.get(org=None, code="drowning")
    lowest = SchoolClass.objects.filter(school=school).order_by("grade").first()
    letter, _copies = guardian_letters.send_notice(
        actor=officer,
        school=school,
        title=drowning.title,
        body=drowning.body,
        term_start=date(2026, 11, 1),
        term_end=date(2027, 9, 30),
        grade=lowest.grade,
        template=drowning.code,
    )
    # Sent three days before the demo's now, so the programme's two-day reminder is due.
    sent = timezone.now() - timedelta(days=3)
    GuardianLetter.objects.filter(letter=letter).update(sent_at=sent)
    _acknowledge_every(letter, 3)
    send_reminders()
