"""The gate's input checks: identity documents, staff of the school, students of the school."""

from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.gate.models import IdType


def check_identity(id_type, id_number):
    """A mainland resident ID must pass its check digit; other documents are free-form."""
    id_number = idcard.normalise(id_number)
    if id_type not in IdType.values:
        raise DomainError(_("Choose an ID type from the list."))
    if id_type == IdType.RESIDENT and id_number and not idcard.is_valid(id_number):
        raise DomainError(
            _("This resident ID number is not valid: check the digits (the last one is a check).")
        )
    return id_number


def check_member(person, school, message):
    if person is not None and not Membership.objects.active().filter(user=person, org=school):
        raise DomainError(message)


def student_of(school, student):
    if student is not None and student.school_id != school.pk:
        raise DomainError(_("The student belongs to another school."))
    return student
