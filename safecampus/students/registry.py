"""What the students app adds to the kernel: scopes and audit labels."""

from django.utils.translation import gettext_lazy

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.summary import register_audience, register_counts
from safecampus.students.home import home_counts
from safecampus.students.models import (
    Guardian,
    GuardianLetter,
    Roll,
    RollMark,
    SchoolClass,
    Student,
)

register_scope(SchoolClass, "school")
register_scope(Student, "school")
register_scope(Guardian, "student__school")
register_scope(GuardianLetter, "guardian__student__school")
register_scope(Roll, "school")
register_scope(RollMark, "roll__school")

register_labels(
    {
        "class.create": gettext_lazy("Class added"),
        "class.update": gettext_lazy("Class edited"),
        "student.import": gettext_lazy("Students imported"),
        "student.create": gettext_lazy("Student added"),
        "student.update": gettext_lazy("Student edited"),
        "student.view": gettext_lazy("Student record viewed"),
        "letter.guardians": gettext_lazy("Letter sent to guardians"),
        "letter.notice": gettext_lazy("Notice sent to guardians"),
        "letter.remind": gettext_lazy("Guardians reminded of a notice by SMS"),
        "guardian.login": gettext_lazy("Guardian logged in with an SMS code"),
        "guardian.consent": gettext_lazy("Guardian consented to the processing of a child's data"),
        "guardian.consent_withdrawn": gettext_lazy("Guardian withdrew consent"),
        "roll.open": gettext_lazy("Roll opened"),
        "roll.present": gettext_lazy("Student marked present"),
        "roll.missing": gettext_lazy("Student marked missing"),
        "roll.injured": gettext_lazy("Student marked injured"),
        "roll.absent": gettext_lazy("Student marked absent today"),
        "roll.close": gettext_lazy("Roll closed"),
    }
)

register_counts(home_counts)
register_demo("students", "safecampus.students.demo.load_demo_students")

# A record read is for the audit trail, not for the school's home feed.
register_audience({"student.view": None})
# A guardian's login is for the audit trail only.
register_audience({"guardian.login": None})
# One mark is not news on a home feed; the roll opening and closing are, to whoever reads it.
register_audience(
    {
        "roll.present": None,
        "roll.missing": None,
        "roll.injured": None,
        "roll.absent": None,
        "roll.open": "roll.view",
        "roll.close": "roll.view",
    }
)
