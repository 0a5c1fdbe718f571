"""The children the modules' rows are about. The city keeps each school's enrolment as a figure
on the org; it enrols only as many students as the modules ask of a school (the riders of its
buses, the groups of its outings), in classes of the school's grades. A step that needs more
calls `enrol` again: the students already there are kept and only the shortfall is added.

Names and ID numbers are made up; the ID numbers carry the region code no real place has
(students.demo), so none can be a real child's."""

from safecampus.core.models import SchoolKind
from safecampus.core.roles import Role
from safecampus.students.demo import demo_id_number, demo_name
from safecampus.students.models import SchoolClass, Student

CLASS_SIZE = 40
GRADES = {
    SchoolKind.KINDERGARTEN: (1, 2, 3),
    SchoolKind.PRIMARY: (1, 2, 3, 4, 5, 6),
    SchoolKind.JUNIOR: (7, 8, 9),
    SchoolKind.SENIOR: (10, 11, 12),
    SchoolKind.NINE_YEAR: (1, 2, 3, 4, 5, 6, 7, 8, 9),
}
GRADE_NAMES = "一二三四五六七八九"
NUMERALS = "一二三四五六七八九十"


def class_name(kind, grade, n):
    if kind == SchoolKind.KINDERGARTEN:
        return f"{'小中大'[grade - 1]}{NUMERALS[n - 1] if n <= len(NUMERALS) else n}班"
    if grade > 9:
        return f"高{GRADE_NAMES[grade - 10]}{n}班"
    return f"{GRADE_NAMES[grade - 1]}年级{n}班"


def _age(kind, grade):
    return grade + (2 if kind == SchoolKind.KINDERGARTEN else 5)


def enrol(city, wanted, by):
    """Give each school of `wanted` ({school id: count}) at least that many students; `by`
    (the asking module) names the draws, so each caller's children are the same every run."""
    rng = city.rng(f"students:{by}")
    w = city.writer
    now = city.midnight
    classes, students = [], []
    plans = [(s, wanted[s.id] - len(s.students)) for s in city.schools if s.id in wanted]
    plans = [(s, n) for s, n in plans if n > 0]
    next_class = w.ids(SchoolClass, sum(-(-n // CLASS_SIZE) for _s, n in plans))
    next_student = w.ids(Student, sum(n for _s, n in plans))
    for school, shortfall in plans:
        grades = GRADES.get(school.kind, GRADES[SchoolKind.PRIMARY])
        heads = school.roles.get(Role.HEAD_TEACHER) or [None]
        while shortfall > 0:
            k = len(school.classes)
            grade = grades[k % len(grades)]
            name = class_name(school.kind, grade, k // len(grades) + 1)
            classes.append([next_class, school.id, grade, name, heads[k % len(heads)]])
            school.classes.append((next_class, grade, name, heads[k % len(heads)]))
            born = city.today.year - _age(school.kind, grade)
            for _n in range(min(CLASS_SIZE, shortfall)):
                number = len(school.students) + 1
                students.append(
                    [
                        next_student,
                        school.id,
                        next_class,
                        demo_name(rng),
                        f"{school.code.upper()}{number:05d}",
                        demo_id_number(rng, born),
                        True,
                        now,
                        now,
                    ]
                )
                school.students.append(next_student)
                next_student += 1
                shortfall -= 1
            next_class += 1
    w.write(SchoolClass, ["id", "school_id", "grade", "name", "head_teacher_id"], classes)
    w.write(
        Student,
        ["id", "school_id", "school_class_id", "name", "student_number", "id_number",
         "is_active", "created_at", "updated_at"],
        students,
    )  # fmt: skip
