"""The outing rules in force at a school (the nearest bureau's row; there is no default, as no
national figure was found) and what they say about an activity's staff."""

import math

from django.utils.translation import gettext as _

from safecampus.core.rulesets import rules_for as nearest_rules
from safecampus.transport.models import OutingRules


def rules_for(school):
    return nearest_rules(OutingRules, school)


def staff_needed(rules, students):
    """The fewest accompanying adults for `students` under `rules`."""
    return max(rules.min_staff, math.ceil(students / rules.students_per_staff))


def ratio_problems(rules, students, staff):
    """Why the staff are too few, as sentences; none when the ratio holds or no rule is set."""
    if rules is None:
        return []
    need = staff_needed(rules, students)
    if staff >= need:
        return []
    return [
        _(
            "%(students)s students need at least %(need)s accompanying adults "
            "(%(rule)s: %(source)s); %(staff)s are listed."
        )
        % {
            "students": students,
            "need": need,
            "staff": staff,
            "rule": rules.name,
            "source": rules.source,
        }
    ]
