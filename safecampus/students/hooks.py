"""What the modules above the roll tell it: who is known to be away from school today.

A module registers a source (`register_absences`); when a roll opens, each source is asked for
the school's students away that day, and they start the roll marked absent with its reason
(a teacher's mark replaces it). The gate says who left on an exit permit and is not back.
"""

ABSENCE_SOURCES = []


def register_absences(source):
    """`source(school, day)` returns {student id: reason} for the students away that day."""
    if source not in ABSENCE_SOURCES:
        ABSENCE_SOURCES.append(source)


def absences(school, day):
    found = {}
    for source in ABSENCE_SOURCES:
        for student_id, reason in source(school, day).items():
            found.setdefault(student_id, str(reason)[:200])
    return found
