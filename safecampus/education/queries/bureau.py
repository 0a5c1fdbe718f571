"""A bureau's view of safety education across its schools: each school of a page with its
figures, computed for the page's schools in a fixed number of queries."""

from safecampus.core.access import visible_orgs
from safecampus.core.metrics import percent
from safecampus.core.models import Org
from safecampus.core.pagination import capped_count
from safecampus.core.roles import Cap
from safecampus.education.queries.lessons import overdue_counts
from safecampus.education.queries.log import completion
from safecampus.education.queries.trainings import people_short


def schools(user, org):
    return (
        visible_orgs(user, Cap.EDUCATION_VIEW)
        .schools()
        .filter(path__startswith=org.path)
        .order_by("path")
    )


def school_rows(page, period):
    """[(school, done, due, rate, missing, classes overdue for a lesson, staff short of their
    quota)] for the schools of the page: the 1530 log over the period (until today), the
    lessons and the quotas as of today."""
    chosen = Org.objects.filter(pk__in=[school.pk for school in page])
    so_far = period.until_today()
    found = completion(chosen, so_far.start, so_far.end) if so_far else {}
    overdue = overdue_counts(chosen)
    short = people_short(chosen)
    rows = []
    for school in page:
        done, due = found.get(school.pk, (0, 0))
        missing, late, behind = due - done, overdue.get(school.pk, 0), short.get(school.pk, 0)
        rows.append((school, done, due, percent(done, due), missing, late, behind))
    return rows


class CompletionList:
    """The schools under an org with their figures, computed only for the slice a page takes
    (an API page of 50 schools costs the same few queries as a page of 5)."""

    def __init__(self, schools_qs, period):
        self.schools = schools_qs
        self.period = period

    def __len__(self):
        return capped_count(self.schools)

    def __getitem__(self, index):
        page = list(self.schools[index])
        return [
            {
                "school_id": school.pk,
                "school": school.name,
                "done": done,
                "due": due,
                "rate": rate,
                "missing": missing,
                "lessons_overdue": overdue,
                "staff_short": short,
            }
            for school, done, due, rate, missing, overdue, short in school_rows(page, self.period)
        ]
