import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Membership, User, Zone
from safecampus.core.roles import Role
from safecampus.core.xlsx import XLSX_CONTENT_TYPE
from safecampus.hazards import tally
from safecampus.hazards.exports import COLUMNS, export_response, write_ledger
from safecampus.hazards.importer import import_file, parse_ledger
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status
from safecampus.hazards.queries import ledger
from safecampus.hazards.services.imports import MAX_ROWS, import_ledger

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _hazard(school, place, **fields):
    found_on = fields.pop("found_on", TODAY - 30 * DAY)
    return Hazard(
        school=school,
        place=place,
        category=fields.pop("category", Category.FIRE),
        description=fields.pop("description", f"{place}的隐患"),
        source=Source.PATROL,
        found_on=found_on,
        reported_at=timezone.now() - 30 * DAY,
        **fields,
    )


def _xlsx(rows, header=COLUMNS):
    """An uploaded file: the header row, then `rows` (lists of cell values) from row 2 on."""
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def _row(n, **values):
    """A valid ledger row; keyword arguments replace cells by their Chinese header."""
    row = {
        "序号": n,
        "排查日期": TODAY - 10 * DAY,
        "隐患部位": f"导入测试部位{n}",
        "隐患描述": f"导入测试描述{n}",
        "隐患等级": "一般",
        "整改措施": "",
        "责任单位": "",
        "责任人": "",
        "整改时限": None,
        "整改资金": None,
        "完成日期": None,
        "验收人": "",
        "验收日期": None,
        "状态": "已确认",
    }
    row.update(values)
    return [row[c] for c in COLUMNS]


def test_export_of_ten_thousand_hazards_streams_in_a_few_queries(
    org, person, django_assert_max_num_queries
):
    s01 = org("s01")
    officer = person("s01.officer")
    zone = Zone.objects.get(school=s01, name="教学楼A", parent=None)
    Hazard.objects.bulk_create(
        [
            _hazard(
                s01,
                f"批量导出 {i}",
                zone=zone if i % 2 else None,
                grade=Grade.MAJOR if i % 3 == 0 else Grade.GENERAL,
                status=Status.RECTIFYING,
                responsible_person=officer,
                deadline=TODAY + 5 * DAY,
                funds_amount=Decimal("100.50"),
            )
            for i in range(10_000)
        ],
        batch_size=1000,
    )
    queryset = ledger(user=officer, school=s01, filters={"q": "批量导出"})
    buffer = io.BytesIO()
    # One chunked query (a fetch per 2,000 rows), no query per row for zone or people.
    with django_assert_max_num_queries(10_000 // 2000 + 5):
        write_ledger(queryset, buffer)

    buffer.seek(0)
    wb = load_workbook(buffer, read_only=True)
    ws = wb.worksheets[0]
    assert ws.title == "隐患台账"
    rows = ws.iter_rows(values_only=True)
    assert list(next(rows)) == COLUMNS
    data = list(rows)
    assert len(data) == 10_000
    first = dict(zip(COLUMNS, data[0], strict=True))
    assert first["序号"] == 1
    assert isinstance(first["排查日期"], datetime.datetime)  # a real date cell
    assert first["排查日期"].date() == TODAY - 30 * DAY
    assert first["整改时限"].date() == TODAY + 5 * DAY
    assert first["责任人"] == officer.display_name
    assert first["状态"] == "整改中"
    assert first["整改资金"] == 100.5
    places = {row[2] for row in data[:2]}
    assert any(p.startswith("教学楼A / 批量导出") for p in places)
    assert any(p.startswith("批量导出") for p in places)
    assert {row[4] for row in data} == {"一般", "重大"}
    wb.close()


def test_the_workbook_is_written_through_lxml():
    # openpyxl falls back to a pure-Python XML writer without lxml; the exports need lxml's speed.
    import openpyxl.xml

    assert openpyxl.xml.LXML


def test_each_row_says_what_the_hazard_says(org, person):
    """The rows are read as plain values: each cell equals what the model instance gives."""
    s01 = org("s01")
    nameless = User.objects.create(username="s01.nameless", display_name="")
    Membership.objects.create(user=nameless, org=s01, role=Role.TEACHER)
    floor = Zone.objects.get(school=s01, name="2楼", parent__name="教学楼A")
    late = timezone.make_aware(datetime.datetime.combine(TODAY - 3 * DAY, datetime.time(7, 30)))
    Hazard.objects.bulk_create(
        [
            _hazard(
                s01,
                "逐格 东侧楼梯",
                zone=floor,
                grade=Grade.MAJOR,
                status=Status.CLOSED,
                measures="=更换扶手",
                responsible_unit="总务处",
                responsible_person=nameless,
                deadline=TODAY - 5 * DAY,
                funds_amount=Decimal("88.25"),
                rectified_at=late,
                accepted_by=person("s01.officer"),
                accepted_at=late,
                closed_at=late,
            ),
            _hazard(s01, "逐格 操场围栏"),
        ]
    )
    queryset = ledger(
        user=person("s01.officer"), school=s01, filters={"q": "逐格", "sort": "oldest"}
    )
    buffer = io.BytesIO()
    write_ledger(queryset, buffer)
    buffer.seek(0)
    ws = load_workbook(buffer).active
    cells = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    # Date cells read back as midnight datetimes; empty text cells read back as None.
    rows = [[v.date() if isinstance(v, datetime.datetime) else v for v in r] for r in cells]
    assert len(rows) == 2
    for number, (hazard, row) in enumerate(zip(queryset, rows, strict=True), start=1):
        place = f"{hazard.zone.path_name} / {hazard.place}" if hazard.zone else hazard.place
        expected = [
            number,
            hazard.found_on,
            place,
            hazard.description,
            {"major": "重大", "general": "一般"}.get(hazard.grade, ""),
            hazard.measures,
            hazard.responsible_unit,
            str(hazard.responsible_person or ""),
            hazard.deadline,
            hazard.funds_amount,
            timezone.localdate(hazard.rectified_at) if hazard.rectified_at else None,
            str(hazard.accepted_by or ""),
            timezone.localdate(hazard.accepted_at) if hazard.accepted_at else None,
            {"closed": "已销号", "reported": "已上报"}[hazard.status],
        ]
        assert row == [v if v != "" else None for v in expected]
    stairs = rows[0]
    assert stairs[7] == "s01.nameless"  # no display name: the username, as everywhere
    assert stairs[10] == TODAY - 3 * DAY  # 07:30 in school time: that day, not UTC's
    assert ws.cell(row=2, column=6).data_type == "s"  # "=…" stays text, never a formula
    assert ws.cell(row=2, column=COLUMNS.index("整改资金") + 1).number_format == "#,##0.00"
    for column in ("排查日期", "整改时限", "完成日期", "验收日期"):
        assert ws.cell(row=2, column=COLUMNS.index(column) + 1).number_format == "yyyy-mm-dd"


def test_round_trip_from_one_school_to_another(org, person):
    s01, s02 = org("s01"), org("s02")
    shared = User.objects.create(username="shared.teacher", display_name="两校共用老师")
    Membership.objects.create(user=shared, org=s01, role=Role.TEACHER)
    Membership.objects.create(user=shared, org=s02, role=Role.TEACHER)
    zone = Zone.objects.get(school=s01, name="教学楼A", parent=None)
    accepted_at = timezone.now() - 2 * DAY
    Hazard.objects.bulk_create(
        [
            _hazard(
                s01,
                "往返 3楼东侧楼梯",
                zone=zone,
                description="=扶手松动",  # looks like a formula: must stay text
                grade=Grade.MAJOR,
                status=Status.RECTIFYING,
                supervised=True,
                responsible_unit="总务处",
                responsible_person=shared,
                measures="更换扶手",
                deadline=TODAY + 7 * DAY,
                funds_amount=Decimal("1200.50"),
            ),
            _hazard(
                s01,
                "往返 食堂后门",
                grade=Grade.GENERAL,
                status=Status.CLOSED,
                responsible_person=shared,
                deadline=TODAY - 5 * DAY,
                rectified_at=timezone.now() - 3 * DAY,
                accepted_by=shared,
                accepted_at=accepted_at,
                closed_at=accepted_at,
            ),
            _hazard(s01, "往返 操场围栏"),
            _hazard(s01, "往返 旧车棚", status=Status.REJECTED),
        ]
    )
    buffer = io.BytesIO()
    write_ledger(ledger(user=person("s01.officer"), school=s01, filters={"q": "往返"}), buffer)
    buffer.seek(0)

    importer = person("s02.officer")
    assert import_file(actor=importer, school=s02, file=buffer) == 4

    imported = {h.place: h for h in Hazard.objects.filter(school=s02, imported=True)}
    assert len(imported) == 4
    assert tally.differences([s02.pk]) == {}  # the import counted its rows for the bureau
    stairs = imported["往返 3楼东侧楼梯"]
    assert stairs.zone == Zone.objects.get(school=s02, name="教学楼A", parent=None)
    assert stairs.description == "=扶手松动"
    assert (stairs.grade, stairs.status, stairs.supervised) == ("major", "rectifying", True)
    assert stairs.responsible_person == shared
    assert stairs.responsible_unit == "总务处"
    assert stairs.measures == "更换扶手"
    assert stairs.deadline == TODAY + 7 * DAY
    assert stairs.funds_amount == Decimal("1200.50")
    assert stairs.found_on == TODAY - 30 * DAY
    assert timezone.localtime(stairs.reported_at).time() == datetime.time(8, 0)
    assert (stairs.source, stairs.category, stairs.reporter, stairs.anonymous) == (
        Source.SELF_INSPECTION,
        Category.OTHER,
        None,
        False,
    )
    gate = imported["往返 食堂后门"]
    assert gate.zone is None
    assert (gate.status, gate.grade, gate.supervised) == ("closed", "general", False)
    assert gate.accepted_by == shared
    assert timezone.localdate(gate.accepted_at) == timezone.localdate(accepted_at)
    assert timezone.localdate(gate.rectified_at) == TODAY - 3 * DAY
    assert gate.closed_at == gate.accepted_at
    assert imported["往返 操场围栏"].status == Status.REPORTED
    assert imported["往返 操场围栏"].grade == ""
    assert imported["往返 旧车棚"].status == Status.REJECTED

    events = HazardEvent.objects.filter(hazard__in=imported.values())
    assert events.count() == 4
    assert {(e.action, e.actor_id) for e in events} == {("import", importer.pk)}
    assert {e.to_status for e in events} == {"rectifying", "closed", "reported", "rejected"}
    audit = AuditEvent.objects.filter(org=s02, action="hazard.import")
    assert audit.count() == 1
    assert audit.get().changes == {"rows": 4}


def test_the_place_column_names_the_zone_by_its_full_path_and_reads_back(org, person):
    s01, s02 = org("s01"), org("s02")
    floor = Zone.objects.get(school=s01, name="2楼", parent__name="教学楼A")
    Hazard.objects.bulk_create([_hazard(s01, "路径 东侧楼梯", zone=floor)])
    buffer = io.BytesIO()
    write_ledger(ledger(user=person("s01.officer"), school=s01, filters={"q": "路径"}), buffer)
    buffer.seek(0)
    ws = load_workbook(buffer).active
    place = ws.cell(row=2, column=COLUMNS.index("隐患部位") + 1).value
    assert place == "教学楼A › 2楼 / 路径 东侧楼梯"
    buffer.seek(0)
    assert import_file(actor=person("s02.officer"), school=s02, file=buffer) == 1
    imported = Hazard.objects.get(school=s02, imported=True, place="路径 东侧楼梯")
    assert imported.zone == Zone.objects.get(school=s02, name="2楼", parent__name="教学楼A")


def test_one_bad_row_imports_nothing_and_names_the_row_and_column(org, person):
    s01 = org("s01")
    before = Hazard.objects.filter(school=s01).count()
    rows = [_row(n) for n in range(1, 6)]
    rows[3] = _row(4, 排查日期="2024-13-40")  # the fourth data row is Excel row 5
    rows[1] = _row(2, 排查日期="2024/3/5", 整改资金="300")  # text date and number: fine

    with translation.override("en"):
        parsed, errors = parse_ledger(_xlsx(rows), s01)
        assert len(errors) == 1
        assert len(parsed) == 4
        assert errors[0].startswith("Row 5, 排查日期:")
        with pytest.raises(DomainError) as refused:
            import_file(actor=person("s01.officer"), school=s01, file=_xlsx(rows))
    assert "Row 5, 排查日期" in refused.value.message
    assert Hazard.objects.filter(school=s01).count() == before
    assert not AuditEvent.objects.filter(org=s01, action="hazard.import").exists()


def test_wrong_or_missing_headers_are_refused(org, person):
    s01 = org("s01")
    swapped = list(COLUMNS)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    for header in (swapped, COLUMNS[:-1], ["姓名", "日期"]):
        rows, errors = parse_ledger(_xlsx([_row(1)], header=header), s01)
        assert rows == []
        assert len(errors) == 1
        assert "隐患部位、隐患描述" in errors[0]  # the expected order is spelled out
    with pytest.raises(DomainError):
        import_file(actor=person("s01.officer"), school=s01, file=_xlsx([_row(1)], swapped))
    rows, errors = parse_ledger(io.BytesIO(b"not a workbook"), s01)
    assert rows == [] and len(errors) == 1


def test_a_responsible_person_outside_the_school_is_refused(org, person):
    s01 = org("s01")
    stranger = person("s02.officer").display_name
    namesake = User.objects.create(
        username="namesake", display_name=person("s01.teacher").display_name
    )
    Membership.objects.create(user=namesake, org=s01, role=Role.TEACHER)
    rows = [
        _row(1, 状态="整改中", 责任人=stranger, 整改时限=TODAY + 3 * DAY),
        _row(2, 验收人="查无此人"),
        _row(3, 责任人=namesake.display_name),
        _row(4, 责任人=person("s01.teacher2").display_name),
    ]
    with translation.override("en"):
        parsed, errors = parse_ledger(_xlsx(rows), s01)
    assert [r.row for r in parsed] == [5]
    assert len(errors) == 3
    assert errors[0].startswith("Row 2, 责任人:") and stranger in errors[0]
    assert errors[1].startswith("Row 3, 验收人:")
    assert errors[2].startswith("Row 4, 责任人:") and "several" in errors[2]
    # A membership that has ended does not count.
    Membership.objects.filter(user=person("s01.teacher2"), org=s01).update(ended_at=timezone.now())
    parsed, errors = parse_ledger(_xlsx(rows[3:]), s01)
    assert parsed == [] and len(errors) == 1


def test_rows_are_checked_for_consistency(org):
    s01 = org("s01")
    rows = [
        _row(1, 状态="已销号"),  # needs completion and acceptance dates
        _row(2, 状态="整改中"),  # needs a responsible person and a deadline
        _row(3, 排查日期=TODAY + DAY),  # found in the future
        _row(4, 隐患部位="", 隐患描述=None),
        _row(5, 隐患等级="特大", 状态="处理中", 整改资金=-5),
        _row(6, 整改资金="abc", 整改时限="下周", 完成日期=3),
    ]
    with translation.override("en"):
        parsed, errors = parse_ledger(_xlsx(rows), s01)
    assert parsed == []
    columns = [e.split(":")[0] for e in errors]
    assert columns == [
        "Row 2, 完成日期",
        "Row 2, 验收日期",
        "Row 3, 责任人",
        "Row 3, 整改时限",
        "Row 4, 排查日期",
        "Row 5, 隐患部位",
        "Row 5, 隐患描述",
        "Row 6, 隐患等级",
        "Row 6, 整改资金",
        "Row 6, 状态",
        "Row 7, 整改时限",
        "Row 7, 整改资金",
        "Row 7, 完成日期",
    ]


def test_empty_rows_are_skipped_and_row_numbers_stay_excels(org, person):
    s01 = org("s01")
    empty = [None] * len(COLUMNS)
    rows = [_row(1), empty, empty, _row(2, 排查日期="昨天"), empty]
    with translation.override("en"):
        parsed, errors = parse_ledger(_xlsx(rows), s01)
    assert [r.row for r in parsed] == [2]
    assert len(errors) == 1 and errors[0].startswith("Row 5, 排查日期:")
    parsed, errors = parse_ledger(_xlsx([empty, empty]), s01)
    assert parsed == [] and len(errors) == 1  # no data rows
    with pytest.raises(DomainError):
        import_ledger(actor=person("s01.officer"), school=s01, rows=[])


def test_more_than_ten_thousand_rows_are_refused(org):
    s01 = org("s01")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(COLUMNS)
    row = _row(1)
    for _n in range(MAX_ROWS + 1):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    parsed, errors = parse_ledger(buffer, s01)
    assert parsed == [] and len(errors) == 1 and "10000" in errors[0]


def test_a_teacher_cannot_import(org, person):
    s01 = org("s01")
    before = Hazard.objects.filter(school=s01).count()
    with pytest.raises(PermissionRefused):
        import_file(actor=person("s01.teacher"), school=s01, file=_xlsx([_row(1)]))
    rows, errors = parse_ledger(_xlsx([_row(1)]), s01)
    assert errors == []
    with pytest.raises(PermissionRefused):
        import_ledger(actor=person("s01.teacher"), school=s01, rows=rows)
    assert Hazard.objects.filter(school=s01).count() == before


def test_rows_checked_for_one_school_cannot_be_imported_into_another(org, person):
    s01, s02 = org("s01"), org("s02")
    rows, errors = parse_ledger(_xlsx([_row(1, 责任人=person("s01.teacher").display_name)]), s01)
    assert errors == []
    with pytest.raises(DomainError):
        import_ledger(actor=person("s02.officer"), school=s02, rows=rows)
    assert not Hazard.objects.filter(school=s02, imported=True).exists()


def test_export_response_is_a_named_xlsx_download(org, person):
    s01 = org("s01")
    Hazard.objects.bulk_create([_hazard(s01, "下载测试")])
    queryset = ledger(user=person("s01.officer"), school=s01, filters={"q": "下载测试"})
    response = export_response(queryset, "城南实验小学隐患台账")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition and ".xlsx" in disposition
    content = b"".join(response.streaming_content)
    response.close()
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    data = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(data) == 1 and data[0][2] == "下载测试"
