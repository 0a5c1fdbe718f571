"""The school's students as the gate looks them up (masked), and the one a path names."""

from ninja import Router, Schema
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.students import queries as student_queries

router = Router()


class StudentOut(Schema):
    id: int
    name: str
    student_number: str
    class_id: int
    class_name: str
    id_number_masked: str

    @staticmethod
    def resolve_class_id(obj):
        return obj.school_class_id

    @staticmethod
    def resolve_class_name(obj):
        return obj.school_class.name

    @staticmethod
    def resolve_id_number_masked(obj):
        return obj.masked_id


@router.get("/schools/{school_id}/students", response=list[StudentOut])
@paginate(Pagination, page_size=50)
def student_list(request, school_id: int, q: str = ""):
    """Students of the school (masked), for the gate's look-ups."""
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    return student_queries.students(user=request.user, school=school, q=q[:40])


def student_in(request, school, student_id):
    """The student a path or payload names, of this school and in the caller's scope."""
    return first_or_404(
        student_queries.students(user=request.user, school=school)
        .select_related("school_class__head_teacher", "school")
        .filter(pk=student_id)
    )
