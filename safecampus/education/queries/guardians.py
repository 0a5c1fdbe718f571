"""How guardians acknowledge the notices and letters sent to them (students' letters to
guardians, the one channel): per notice and per class at a school, and per school for the
bureau, each in one GROUP BY query whatever the number of schools."""

from django.db.models import Count, Q

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.metrics import grouped_rate, percent
from safecampus.core.models import ResponsibilityLetter
from safecampus.core.pagination import capped_count
from safecampus.students.models import GuardianLetter

ACKNOWLEDGED = Q(acknowledged_at__isnull=False)
COPY_ACKNOWLEDGED = Q(guardian_copies__acknowledged_at__isnull=False)
COPY_REMINDED = Q(guardian_copies__reminded_at__isnull=False)


def notices(user, school):
    """The school's letters that went to guardians, newest first, each with its copies sent,
    acknowledged and reminded (one query a page)."""
    return (
        visible_to(user, ResponsibilityLetter)
        .filter(school=school, guardian_copies__isnull=False)
        .annotate(
            sent=Count("guardian_copies"),
            done=Count("guardian_copies", filter=COPY_ACKNOWLEDGED),
            reminded=Count("guardian_copies", filter=COPY_REMINDED),
        )
        .order_by("-issued_at", "-pk")
    )


def notice(user, school, letter_id):
    found = get_visible_or_404(
        user, ResponsibilityLetter, letter_id, queryset=notices(user, school)
    )
    return rated([found])[0]


def rated(letters):
    """The letters of a page (from `notices`), each with its rate as a percentage."""
    letters = list(letters)
    for letter in letters:
        letter.rate = percent(letter.done, letter.sent)
    return letters


def letter_rates(user, school, letter=None):
    """[(letter, class, sent, acknowledged, rate)] of every letter sent to the school's
    guardians (or one), newest letter first: one GROUP BY query."""
    copies = visible_to(user, GuardianLetter).filter(letter__school=school)
    if letter is not None:
        copies = copies.filter(letter=letter)
    rows = (
        copies.order_by()
        .values(
            "letter",
            "letter__title",
            "letter__issued_at",
            "guardian__student__school_class",
            "guardian__student__school_class__name",
            "guardian__student__school_class__grade",
        )
        .annotate(sent=Count("pk"), done=Count("pk", filter=ACKNOWLEDGED))
    )
    found = [
        {
            "letter": row["letter__title"],
            "letter_id": row["letter"],
            "issued_at": row["letter__issued_at"],
            "class_id": row["guardian__student__school_class"],
            "class": row["guardian__student__school_class__name"],
            "grade": row["guardian__student__school_class__grade"],
            "sent": row["sent"],
            "done": row["done"],
            "rate": percent(row["done"], row["sent"]),
        }
        for row in rows
    ]
    found.sort(key=lambda r: (-r["issued_at"].timestamp(), r["grade"], r["class"]))
    return found


def waiting(user, letter):
    """The copies of a letter not acknowledged yet, by class (the guardians to chase)."""
    return (
        visible_to(user, GuardianLetter)
        .filter(letter=letter, acknowledged_at__isnull=True)
        .select_related("guardian__student__school_class")
        .order_by(
            "guardian__student__school_class__grade",
            "guardian__student__school_class__name",
            "guardian__student__student_number",
            "pk",
        )
    )


def _copies_in(schools, period):
    start, end = period.bounds
    return GuardianLetter.objects.filter(
        letter__school__in=schools, sent_at__gte=start, sent_at__lt=end
    )


def acknowledgement_rate(schools, period):
    """{school id: % of the copies sent in the period that their guardians acknowledged}."""
    return grouped_rate(
        _copies_in(schools.values("pk"), period), ACKNOWLEDGED, school_field="letter__school"
    )


def school_rows(page, period):
    """[(school, notices, sent, acknowledged, reminded, rate)] for the schools of a page, over
    the copies sent in the period: one GROUP BY query for the page."""
    rows = (
        _copies_in([school.pk for school in page], period)
        .order_by()
        .values("letter__school")
        .annotate(
            notices=Count("letter", distinct=True),
            sent=Count("pk"),
            done=Count("pk", filter=ACKNOWLEDGED),
            reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        )
    )
    found = {row["letter__school"]: row for row in rows}
    result = []
    for school in page:
        row = found.get(school.pk, {"notices": 0, "sent": 0, "done": 0, "reminded": 0})
        result.append(
            (
                school,
                row["notices"],
                row["sent"],
                row["done"],
                row["reminded"],
                percent(row["done"], row["sent"]),
            )
        )
    return result


class SchoolRates:
    """The schools under an org with their acknowledgement figures, computed only for the slice
    an API page takes."""

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
                "notices": notices_sent,
                "sent": sent,
                "acknowledged": done,
                "reminded": reminded,
                "rate": rate,
            }
            for school, notices_sent, sent, done, reminded, rate in school_rows(page, self.period)
        ]
