"""The school year every step with children on its rows stands on: the city bureau's calendar
(this term, with its public holidays) and each school's classes, each with its head teacher
and a roll of students with a guardian on record. This module is the one place that makes
classes and students.

The roll is a sample, six students a class (the demo district has eight): a city's full rolls
(about 1.5 million children at 1,000 schools, and a letter's copy for each guardian) would cost
more than the rest of the city; six give every class page, letter and case real children.
Any later step that needs the roll calls `ensure(city)`: it is grown once. A step that needs
more children than the roll (a school's bus riders, an outing's group) calls `enrol`, which
adds them to the same classes."""

from datetime import date, timedelta

from safecampus.city.context import person_name
from safecampus.core.models import CalendarException, DayKind, Term
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import Role
from safecampus.students.models import Guardian, SchoolClass, Student

ROLL = 6
# The term has run at least this long: past the lesson interval (14 days by default), so
# lessons are due, and long enough for the month's figures; at most a term's length.
MIN_TERM_DAYS = 28
MAX_TERM_DAYS = 140
DIGITS = "零一二三四五六七八九"
# Each kind's grades (number, how its classes are named) and the usual size of a class.
GRADES = {
    SchoolKind.KINDERGARTEN: [(1, "小"), (2, "中"), (3, "大")],
    SchoolKind.PRIMARY: [(g, f"{DIGITS[g]}年级") for g in range(1, 7)],
    SchoolKind.JUNIOR: [(g, f"{DIGITS[g]}年级") for g in range(7, 10)],
    SchoolKind.SENIOR: [(10, "高一"), (11, "高二"), (12, "高三")],
    SchoolKind.NINE_YEAR: [(g, f"{DIGITS[g]}年级") for g in range(1, 10)],
}
CLASS_SIZE = {
    SchoolKind.KINDERGARTEN: 30,
    SchoolKind.PRIMARY: 45,
    SchoolKind.JUNIOR: 50,
    SchoolKind.SENIOR: 50,
    SchoolKind.NINE_YEAR: 45,
}
RELATIONS = ["父亲", "母亲", "母亲", "父亲", "祖父", "外婆"]


def chinese(n):
    """1–99 in Chinese numerals, as kindergarten classes are named (小十二班)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def ensure(city):
    """Grow the calendar, the classes and their roll once, whichever step asks first."""
    if city.term:
        return
    rng = city.rng("schoolyear")
    _calendar(city)
    _classes(city, rng)


def _terms(year):
    """The school year beginning in `year`'s autumn, as most bureaus set it: (name, first day,
    last day) of its two terms."""

    def friday_by(day):
        return day - timedelta(days=(day.weekday() - 4) % 7)

    spring = date(year + 1, 2, 20)
    spring += timedelta(days=-spring.weekday() % 7)  # the Monday after
    return [
        (f"{year}—{year + 1}学年第一学期", date(year, 9, 1), friday_by(date(year + 1, 1, 20))),
        (f"{year}—{year + 1}学年第二学期", spring, friday_by(date(year + 1, 7, 5))),
    ]


def _calendar(city):
    """The term holding today (in the holidays, the next one), named and ending as the bureau
    sets it, but begun on the Monday where the generated history begins (`--days`, four to
    twenty weeks): what the calendar makes due and what the books record cover the same days, in
    any period a page asks (a term begun in September would leave months of books empty)."""
    today = city.today
    name, _start, end = next(
        term for year in (today.year - 1, today.year) for term in _terms(year) if term[2] >= today
    )
    first = today - timedelta(days=min(max(city.days, MIN_TERM_DAYS), MAX_TERM_DAYS))
    start = first - timedelta(days=first.weekday())
    city.term = (start, end)
    w = city.writer
    w.write(Term, ["id", "org_id", "name", "start", "end"],
            [[w.ids(Term, 1), city.bureau_id, name, start, end]])  # fmt: skip
    holidays = []
    for y in range(start.year, end.year + 1):
        for label, first_day, last_day in (
            ("国庆节", date(y, 10, 1), date(y, 10, 7)),
            ("元旦", date(y, 1, 1), date(y, 1, 1)),
            ("劳动节", date(y, 5, 1), date(y, 5, 5)),
        ):
            if start <= last_day and first_day <= end:
                holidays.append([city.bureau_id, label, DayKind.HOLIDAY, first_day, last_day])
    first_id = w.ids(CalendarException, len(holidays))
    w.write(
        CalendarException,
        ["id", "org_id", "name", "kind", "start", "end"],
        [[first_id + n, *row] for n, row in enumerate(holidays)],
    )


def _place(kind, index):
    """The grade, name and number within its grade of a school's `index`-th class: classes go
    round the grades, so each grade has as many as the enrolment allows."""
    grades = GRADES.get(kind, GRADES[SchoolKind.PRIMARY])
    grade, label = grades[index % len(grades)]
    number = index // len(grades) + 1
    if kind == SchoolKind.KINDERGARTEN:
        return grade, f"{label}{chinese(number)}班", number
    return grade, f"{label}{number}班", number


def _student_number(grade, number, nth):
    """Grade, class within the grade, and the student's place in the class: unique in the
    school, as a class has fewer than 100 students."""
    return f"{grade:02d}{number:02d}{nth:02d}"


def _joined(city):
    """The roll was taken the week before the term began."""
    return city.at((city.today - city.term[0]).days + 7)


STUDENT_FIELDS = ["id", "school_id", "school_class_id", "name", "student_number", "id_number",
                  "is_active", "created_at", "updated_at"]  # fmt: skip


def _classes(city, rng):
    w = city.writer
    counts = []
    for school in city.schools:
        size = CLASS_SIZE.get(school.kind, 45)
        grades = GRADES.get(school.kind, GRADES[SchoolKind.PRIMARY])
        counts.append(max(len(grades), round(school.enrolment / size)))
    next_class = w.ids(SchoolClass, sum(counts))
    next_student = w.ids(Student, sum(counts) * ROLL)
    next_guardian = w.ids(Guardian, sum(counts) * ROLL)
    joined = _joined(city)
    classes, students, guardians = [], [], []
    for school, count in zip(city.schools, counts, strict=True):
        # Head teachers first, then teachers: a small staff has some head two classes.
        pool = school.roles.get(Role.HEAD_TEACHER, []) + school.roles.get(Role.TEACHER, [])
        for i in range(count):
            grade, name, number = _place(school.kind, i)
            head = pool[i % len(pool)] if pool else school.one(Role.PRINCIPAL)
            classes.append([next_class, school.id, grade, name, head])
            school.classes.append((next_class, grade, name, head))
            for k in range(ROLL):
                child = person_name(rng)
                relation = rng.choice(RELATIONS)
                # A father or grandfather's side shares the child's surname.
                adult = person_name(rng)
                if relation in ("父亲", "祖父"):
                    adult = child[0] + adult[1:]
                # A number per guardian row (an odd multiplier is a bijection below 10**8):
                # no two guardians share one, so no account sees another family's child.
                phone = f"139{next_guardian * 7919 % 10**8:08d}"
                students.append(
                    [
                        next_student,
                        school.id,
                        next_class,
                        child,
                        _student_number(grade, number, k + 1),
                        "",
                        True,
                        joined,
                        joined,
                    ]
                )
                guardians.append([next_guardian, next_student, adult, relation, phone])
                school.pupils.append((next_student, next_class, child, next_guardian, adult, phone))
                school.students.append(next_student)
                next_student += 1
                next_guardian += 1
            next_class += 1
    w.write(SchoolClass, ["id", "school_id", "grade", "name", "head_teacher_id"], classes)
    w.write(Student, STUDENT_FIELDS, students)
    w.write(Guardian, ["id", "student_id", "name", "relation", "phone"], guardians)


def enrol(city, wanted, by):
    """Give each school of `wanted` ({school id: count}) at least that many students, adding
    the shortfall to the school's classes in turn, each class's seventh, eighth, ... student
    after the roll's six. A school's enrolment (150 at least) fills its classes, so the 90 riders
    of two buses always fit. `by` (the asking step) names the draws: the same steps in the same
    order give the same children. The children added have no guardian on record: the letters
    and cases stay with the roll, whichever step ran first."""
    ensure(city)
    rng = city.rng(f"schoolyear:{by}")
    plans = [(s, wanted[s.id] - len(s.students)) for s in city.schools if s.id in wanted]
    plans = [(s, n) for s, n in plans if n > 0]
    next_student = city.writer.ids(Student, sum(n for _s, n in plans))
    joined = _joined(city)
    rows = []
    for school, shortfall in plans:
        for _n in range(shortfall):
            added = len(school.students) - len(school.pupils)
            index = added % len(school.classes)
            grade, _name, number = _place(school.kind, index)
            code = _student_number(grade, number, ROLL + added // len(school.classes) + 1)
            child = person_name(rng)
            rows.append([next_student, school.id, school.classes[index][0], child, code, "", True,
                         joined, joined])  # fmt: skip
            school.students.append(next_student)
            next_student += 1
    city.writer.write(Student, STUDENT_FIELDS, rows)
