"""What the students app adds to the kernel: scopes and audit labels."""

from django.utils.translation import gettext_lazy

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.summary import register_audience
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass, Student

register_scope(SchoolClass, "school")
register_scope(Student, "school")
register_scope(Guardian, "student__school")
register_scope(GuardianLetter, "guardian__student__school")

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
    }
)

register_demo("students", "safecampus.students.demo.load_demo_students")

# A record read is for the audit trail, not for the school's home feed.
register_audience({"student.view": None})
# A guardian's login is for the audit trail only.
register_audience({"guardian.login": None})
