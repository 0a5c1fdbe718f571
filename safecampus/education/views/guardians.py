"""Letters to guardians as safety education reads them: who has acknowledged, per letter and
class (the letters themselves are sent from the students' class pages)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view
from safecampus.education.queries.guardians import letter_rates


@school_view(Cap.EDUCATION_VIEW)
def guardian_letters(request, school):
    if not has_cap(request.user, Cap.LETTER_VIEW, school):
        raise PermissionDenied
    context = {"school": school, "rows": letter_rates(request.user, school)}
    return render(request, "education/guardian_letters.html", context)
