"""What safety education writes as xlsx (core.xlsx): the bureau's table of its schools, and
for the ledger pack a school's safety-education record of a period, one line a class."""

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.education.queries.bureau import school_rows
from safecampus.education.queries.lessons import lessons
from safecampus.education.queries.log import class_books

COLUMNS = [
    "学校",
    "1530已记录",
    "1530应记",
    "完成率（%）",
    "1530漏记",
    "安全课逾期班级",
    "培训未达标人数",
]
WIDTHS = [30, 12, 12, 12, 12, 16, 16]
KINDS = [TEXT, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER]
# Schools read per batch: each batch costs the same few queries, so a city streams in steps.
BATCH = 200


def schools_xlsx(schools, period, filename):
    def write(stream):
        wb, ws = new_sheet("安全教育", COLUMNS, WIDTHS, long=True)
        out = ws.rows(KINDS)
        ids = list(schools.values_list("pk", flat=True))
        for first in range(0, len(ids), BATCH):
            batch = list(schools.filter(pk__in=ids[first : first + BATCH]))
            for school, done, due, rate, missing, overdue, short in school_rows(batch, period):
                out.append([school.name, done, due, rate, missing, overdue, short])
        wb.save(stream)

    return xlsx_response(write, filename)


# The ledger pack's safety-education record (安全教育记录) ------------------------------------


def class_columns():
    return [
        _("Class"),
        _("Head teacher"),
        _("1530 due"),
        _("1530 recorded"),
        _("1530 completion (%)"),
        _("1530 days missing"),
        _("Safety lessons"),
        _("Attendance (total)"),
        _("Last lesson"),
    ]


CLASS_WIDTHS = (16, 14, 10, 12, 12, 12, 12, 12, 12)
CLASS_KINDS = (TEXT, TEXT, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, DATE)


def class_rows(user, school, start, end):
    """Each class the person may see, from `start` to `end`: its 1530 entries against the
    school days due (up to yesterday, as the record book counts them) and its safety lessons.
    A school's classes are a few dozen: one query for the lessons, the book's few for 1530."""
    held = {
        row["school_class"]: row
        for row in lessons(user, school)
        .filter(day__gte=start, day__lte=end)
        .order_by()
        .values("school_class")
        .annotate(n=Count("pk"), present=Sum("attendance"), last=Max("day"))
    }
    for book in class_books(user, school, start, end):
        lesson = held.get(book.school_class.pk, {})
        teacher = book.school_class.head_teacher
        yield [
            str(book.school_class),
            str(teacher) if teacher else "",
            book.due,
            book.done,
            book.rate,
            len(book.missing),
            lesson.get("n", 0),
            lesson.get("present") or 0,
            lesson.get("last"),
        ]
