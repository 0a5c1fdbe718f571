"""How guardians acknowledge the letters sent to them (students' letters to guardians, the one
channel): per letter and class at a school, and the rate per school for the bureau."""

from django.db.models import Count, Q

from safecampus.core.access import visible_to
from safecampus.core.metrics import grouped_rate, percent
from safecampus.students.models import GuardianLetter

ACKNOWLEDGED = Q(acknowledged_at__isnull=False)


def letter_rates(user, school):
    """[(letter, class, sent, acknowledged, rate)] of every letter sent to the school's
    guardians, newest letter first: one GROUP BY query."""
    rows = (
        visible_to(user, GuardianLetter)
        .filter(letter__school=school)
        .order_by()
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


def acknowledgement_rate(schools, period):
    """{school id: % of the copies sent in the period that their guardians acknowledged}."""
    start, end = period.bounds
    return grouped_rate(
        GuardianLetter.objects.filter(
            guardian__student__school__in=schools.values("pk"),
            sent_at__gte=start,
            sent_at__lt=end,
        ),
        ACKNOWLEDGED,
        school_field="guardian__student__school",
    )
