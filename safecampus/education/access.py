"""Which classes a person's education pages show: leaders (education.manage) and the bureau
every class of the school; a head teacher (education.record only) the classes they head."""

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap


def own_classes_only(user, school):
    return has_cap(user, Cap.EDUCATION_RECORD, school) and not has_cap(
        user, Cap.EDUCATION_MANAGE, school
    )


def may_record_for(user, school_class):
    school = school_class.school
    if has_cap(user, Cap.EDUCATION_MANAGE, school):
        return True
    return has_cap(user, Cap.EDUCATION_RECORD, school) and school_class.head_teacher_id == user.pk
