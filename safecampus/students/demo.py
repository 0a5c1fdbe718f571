"""Demo classes and students for every demo school: generated names (never real people),
ID numbers with a region code no real place has, imported through the xlsx importer."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from safecampus.core import idcard
from safecampus.core.models import User
from safecampus.core.models.org import SchoolKind
from safecampus.students import importer, services
from safecampus.students.models import Guardian, SchoolClass

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "子涵欣怡梓萱一诺浩宇宇轩俊熙思远雨桐可馨晨阳博文嘉懿诗琪明轩若曦天佑语嫣"
# "99" is no province: a generated number can never be a real person's.
DEMO_REGION = "990101"
STUDENTS_PER_CLASS = 8


def demo_name(rng):
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def demo_id_number(rng, year):
    first17 = f"{DEMO_REGION}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 += f"{rng.randint(0, 999):03d}"
    return first17 + idcard.check_char(first17)


def _classes(kind):
    if kind == SchoolKind.KINDERGARTEN:
        return [(1, "小一班"), (1, "小二班"), (2, "中一班"), (3, "大一班")], 2022
    if kind in (SchoolKind.JUNIOR, SchoolKind.SENIOR):
        return [(7, "七年级1班"), (7, "七年级2班"), (8, "八年级1班"), (9, "九年级1班")], 2012
    return [(1, "一年级1班"), (2, "二年级1班"), (3, "三年级1班"), (4, "四年级1班")], 2017


def _workbook(school, rng):
    # Imported here: the demo modules load with the apps, openpyxl only when a workbook is made.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "年级",
            "班级",
            "学号",
            "姓名",
            "身份证号",
            "监护人",
            "关系",
            "电话",
            "监护人2",
            "关系2",
            "电话2",
        ]
    )
    classes, born = _classes(school.school_kind)
    number = 1
    for grade, name in classes:
        for _i in range(STUDENTS_PER_CLASS):
            child = demo_name(rng)
            surname = child[0]
            ws.append(
                [
                    grade,
                    name,
                    f"{school.code.upper()}{number:04d}",
                    child,
                    demo_id_number(rng, born - grade),
                    surname + demo_name(rng)[1:],
                    "父亲",
                    f"1990{rng.randint(0, 9999999):07d}",
                    demo_name(rng),
                    "母亲",
                    f"1980{rng.randint(0, 9999999):07d}",
                ]
            )
            number += 1
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("demo.xlsx", out.getvalue())


def load_demo_students(demo):
    """Idempotent: a school with classes is left alone."""
    schools = demo.schools
    for school in schools:
        if SchoolClass.objects.filter(school=school).exists():
            continue
        rng = random.Random(f"students-{school.code}")
        officer = User.objects.get(username=f"{school.code}.officer")
        importer.import_students(actor=officer, school=school, upload=_workbook(school, rng))
        heads = ["headteacher", "teacher", "teacher2", "teacher3"]
        for school_class, head in zip(
            SchoolClass.objects.filter(school=school).order_by("grade", "name", "pk"),
            heads,
            strict=False,
        ):
            services.update_class(
                actor=officer,
                school_class=school_class,
                grade=school_class.grade,
                name=school_class.name,
                head_teacher=User.objects.get(username=f"{school.code}.{head}"),
            )
    _demo_parent(schools)


# The demo parent (docs/education.md): logs in at /family/login/ with this number; the code is
# written by the console SMS backend. Two children at s01, in its first two classes.
DEMO_PARENT_PHONE = "13800000001"


def _demo_parent(schools):
    school = next((s for s in schools if s.code == "s01"), None)
    if school is None or Guardian.objects.filter(phone=DEMO_PARENT_PHONE).exists():
        return
    classes = SchoolClass.objects.filter(school=school).order_by("grade", "name", "pk")[:2]
    firsts = [
        Guardian.objects.filter(student__school_class=c, student__is_active=True)
        .order_by("student__student_number", "pk")
        .first()
        for c in classes
    ]
    firsts = [g for g in firsts if g is not None]
    if not firsts:
        return
    name, relation = firsts[0].name, firsts[0].relation
    Guardian.objects.filter(pk__in=[g.pk for g in firsts]).update(
        phone=DEMO_PARENT_PHONE, name=name, relation=relation
    )
