"""The xlsx import: all or nothing, with each error's row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.students import importer
from safecampus.students.models import SchoolClass, Student

pytestmark = pytest.mark.django_db

HEADER = ["年级", "班级", "学号", "姓名", "身份证号", "监护人", "关系", "电话"]
GOOD = [
    [5, "五年级1班", "T0001", "测试甲", "11010519491231002X", "甲父", "父亲", "13900000001"],
    [5, "五年级1班", "T0002", "测试乙", "", "乙母", "母亲", "0571-88001234"],
    [5, "五年级2班", "T0003", "测试丙", "", "丙父", "父亲", "13900000003"],
]


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("roll.xlsx", out.getvalue())


def test_a_good_file_imports_every_row_and_creates_classes(org, person):
    school = org("s01")
    created, updated = importer.import_students(
        actor=person("s01.officer"), school=school, upload=_xlsx(GOOD)
    )
    assert (created, updated) == (3, 0)
    assert SchoolClass.objects.filter(school=school, name__startswith="五年级").count() == 2
    student = Student.objects.get(school=school, student_number="T0002")
    assert [g.phone for g in student.guardians.all()] == ["0571-88001234"]


def test_one_bad_row_imports_nothing_and_names_row_and_column(org, person):
    school = org("s01")
    students, classes = Student.objects.count(), SchoolClass.objects.count()
    bad = [*GOOD, [5, "五年级1班", "T0004", "测试丁", "110105194912310021", "丁父", "父亲", "139"]]
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_students(actor=person("s01.officer"), school=school, upload=_xlsx(bad))
    errors = {(e.row, e.key) for e in refused.value.errors}
    assert errors == {(5, "id_number"), (5, "phone")}
    assert Student.objects.count() == students
    assert SchoolClass.objects.count() == classes


def test_duplicate_numbers_and_empty_cells_are_reported(org, person):
    rows = [GOOD[0], [5, "五年级1班", "T0001", "", "", "某", "父亲", "13900000009"]]
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_students(actor=person("s01.officer"), school=org("s01"), upload=_xlsx(rows))
    assert {(e.row, e.key) for e in refused.value.errors} == {(3, "number"), (3, "name")}


def test_a_file_that_is_not_xlsx_or_lacks_columns_is_refused(org, person):
    with pytest.raises(DomainError):
        importer.import_students(
            actor=person("s01.officer"),
            school=org("s01"),
            upload=SimpleUploadedFile("x.xlsx", b"not a workbook"),
        )
    wb = Workbook()
    wb.active.append(["姓名"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DomainError, match="学号"):
        importer.import_students(
            actor=person("s01.officer"),
            school=org("s01"),
            upload=SimpleUploadedFile("x.xlsx", out.getvalue()),
        )


def test_only_leaders_import(org, person):
    with pytest.raises(PermissionRefused):
        importer.import_students(
            actor=person("s01.headteacher"), school=org("s01"), upload=_xlsx(GOOD)
        )


def test_the_page_shows_the_errors_and_imports_nothing(org, login):
    school = org("s01")
    before = Student.objects.count()
    bad = [*GOOD, [5, "五年级1班", "T0004", "测试丁", "", "丁父", "父亲", "12345"]]
    response = login("s01.officer").post(
        f"/schools/{school.pk}/students/import/", {"file": _xlsx(bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page and "<td>5</td>" in page
    assert Student.objects.count() == before
