"""Who may see or change one student's full record: need-to-know, not just the school.

Leaders (student.manage) may, for every class; a head teacher only for the classes they head.
"""

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap


def _own_class(user, student):
    return student.school_class.head_teacher_id == user.pk


def can_see_record(user, student):
    school = student.school
    if has_cap(user, Cap.STUDENT_MANAGE, school):
        return True
    return has_cap(user, Cap.STUDENT_RECORD, school) and _own_class(user, student)


def can_edit(user, student):
    school = student.school
    if has_cap(user, Cap.STUDENT_MANAGE, school):
        return True
    return has_cap(user, Cap.STUDENT_EDIT, school) and _own_class(user, student)


def can_edit_class(user, school_class):
    if has_cap(user, Cap.STUDENT_MANAGE, school_class.school):
        return True
    return (
        has_cap(user, Cap.STUDENT_EDIT, school_class.school)
        and school_class.head_teacher_id == user.pk
    )
