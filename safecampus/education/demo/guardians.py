"""A holiday letter to s01's guardians (寒假安全告家长书), sent to every class through the
students' letters and acknowledged by about half of the guardians: the letters page and the
bureau's metric show the rate."""

from datetime import date

from safecampus.core.models import ResponsibilityLetter, User
from safecampus.core.roles import Role
from safecampus.core.services import letters as letter_services
from safecampus.students import letters as guardian_letters
from safecampus.students.models import GuardianLetter, SchoolClass

TITLE = "寒假安全告家长书"
BODY = (
    "寒假将至，请您履行监护责任，做到“五知”：知去向、知路线、知归时、知同伴、知内容。"
    "教育孩子遵守“六不”防溺水规定，注意交通、用火用电和燃气安全，远离网络诈骗。"
)


def load_guardians(demo):
    school = next((s for s in demo.schools if s.code == "s01"), None)
    if school is None or ResponsibilityLetter.objects.filter(school=school, title=TITLE):
        return
    officer = User.objects.get(username="s01.officer")
    letter = letter_services.issue_letter(
        actor=officer,
        school=school,
        title=TITLE,
        body=BODY,
        term_start=date(2027, 1, 23),
        term_end=date(2027, 2, 21),
        roles=[Role.HEAD_TEACHER],
    )
    for school_class in SchoolClass.objects.filter(school=school).order_by("grade", "name"):
        guardian_letters.send_to_guardians(actor=officer, letter=letter, school_class=school_class)
    for index, copy in enumerate(
        GuardianLetter.objects.filter(letter=letter).select_related("guardian").order_by("pk")
    ):
        if index % 2 == 0:
            guardian_letters.acknowledge(copy=copy, name=copy.guardian.name)
