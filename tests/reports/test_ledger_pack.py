"""The ledger pack (issue 19 point 4): a school's ledgers of a term in one workbook, one sheet
per ledger, written by the summaries' worker. Each sheet holds as many lines as the database
has rows of the term, for a school built by hand, an empty one and the demo school."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.errors import DomainError
from safecampus.core.ledgers import LEDGERS, ledgers_for
from safecampus.core.models import Org, OrgKind, User, Zone, ZoneKind
from safecampus.core.roles import Role
from safecampus.core.services import orgs
from safecampus.defences.models import SecurityStaff
from safecampus.emergencies.models import Drill
from safecampus.gate.models import Visit
from safecampus.hazards.models import Category, Hazard, Source, Status
from safecampus.inspections.models import CheckTask
from safecampus.patrols.models import Round
from safecampus.reports import services
from safecampus.reports.models import SummaryStatus
from safecampus.risks.models import RiskPoint
from safecampus.transport.models import Trip
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

SHEETS = {
    "hazards": "隐患台账",
    "risks": "风险清单",
    "patrols": "巡查记录",
    "transport": "校车运行记录",
}


@pytest.fixture
def district():
    city = Org.objects.get(code="demo-city")
    north = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    for code, name in (("n01", "城北小学"), ("n02", "城北幼儿园")):
        school = orgs.create_org(
            actor=None, parent=north, kind=OrgKind.SCHOOL, name=name, code=code
        )
        make_user(f"{code}.officer", f"{name}安全员", school, Role.SAFETY_OFFICER)
        make_user(f"{code}.teacher", f"{name}教师", school, Role.TEACHER)
    make_user("north.admin", "城北区管理员", north, Role.BUREAU_ADMIN)
    return north


def _hand_built(school, start, end):
    """Three hazards found in the term (one on each edge), one before it and one after; two
    risk points."""
    building = Zone(school=school, name="教学楼", kind=ZoneKind.BUILDING)
    building.save()
    now = timezone.now()
    for number, found in enumerate(
        (start, start + timedelta(days=3), end, start - timedelta(days=1), end + timedelta(days=1))
    ):
        Hazard.objects.create(
            school=school, zone=building, place=f"三楼{number}", category=Category.FIRE,
            description="=SUM(A1)" if number == 0 else "灭火器过期", source=Source.PATROL,
            status=Status.REPORTED, found_on=found, reported_at=now,
        )  # fmt: skip
    officer = User.objects.get(username=f"{school.code}.officer")
    for name in ("楼梯", "电气线路"):
        RiskPoint.objects.create(
            school=school, zone=building, name=name, hazard_factors="测试",
            accident_types=["fire"], existing_controls="巡查", responsible=officer,
        )  # fmt: skip


def _expected(school, start, end):
    """What the database holds for the term, counted apart from the ledgers' own queries."""
    begin = timezone.make_aware(datetime.combine(start, time.min))
    finish = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return {
        "隐患台账": Hazard.objects.filter(school=school, found_on__range=(start, end)).count(),
        "风险清单": RiskPoint.objects.filter(school=school).count(),
        "检查完成情况": CheckTask.objects.filter(school=school, day__range=(start, end))
        .values("day")
        .distinct()
        .count(),
        "保安人员台账": SecurityStaff.objects.filter(school=school, left_on__isnull=True).count(),
        "来访登记": Visit.objects.filter(
            school=school, created_at__gte=begin, created_at__lt=finish
        ).count(),
        "应急演练记录": Drill.objects.filter(school=school, planned_on__range=(start, end)).count(),
        "巡查记录": Round.objects.filter(school=school, date__range=(start, end)).count(),
        "校车运行记录": Trip.objects.filter(school=school, day__range=(start, end)).count(),
    }


def _pack(actor, school, start, end, capture):
    with capture(execute=True):
        pack = services.request_summary(
            actor=actor, org=school, title="台账汇编", start=start, end=end, kind="ledgers"
        )
    pack.refresh_from_db()
    assert pack.status == SummaryStatus.DONE, pack.error
    assert pack.filename == "台账汇编.xlsx" and pack.progress == 100
    with pack.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    return pack, book


def _lines(book):
    """Each sheet's data lines (after its header row)."""
    return {ws.title: sum(1 for _row in ws.iter_rows(min_row=2)) for ws in book.worksheets}


def test_each_sheet_holds_the_terms_rows(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    end = timezone.localdate()
    start = end - timedelta(days=90)
    _hand_built(school, start, end)
    pack, book = _pack(
        User.objects.get(username="n01.officer"), school, start, end,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert set(SHEETS.values()) <= set(book.sheetnames)
    lines = _lines(book)
    expected = _expected(school, start, end)
    assert {name: lines[name] for name in expected} == expected
    assert expected["隐患台账"] == 3 and expected["风险清单"] == 2
    hazards = book["隐患台账"]
    assert [c.value for c in next(hazards.iter_rows(max_row=1))][:3] == [
        "序号",
        "排查日期",
        "隐患部位",
    ]
    descriptions = {row[3] for row in hazards.iter_rows(min_row=2, values_only=True)}
    assert "=SUM(A1)" in descriptions  # text, never a formula
    assert pack.requested_by.username == "n01.officer" and pack.finished_at is not None


def test_an_empty_school_gets_empty_sheets(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n02")
    start, end = date(2026, 9, 1), date(2026, 11, 30)
    _, book = _pack(
        User.objects.get(username="n02.officer"), school, start, end,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    lines = _lines(book)
    assert {name: lines[name] for name in SHEETS.values()} == dict.fromkeys(SHEETS.values(), 0)


def test_the_demo_schools_sheets_equal_its_records(django_capture_on_commit_callbacks):
    school = Org.objects.get(code="s01")
    end = timezone.localdate()
    start = end - timedelta(days=180)
    pack, book = _pack(
        User.objects.get(username="s01.officer"), school, start, end,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    lines = _lines(book)
    expected = _expected(school, start, end)
    assert {name: lines[name] for name in expected} == expected
    assert expected["隐患台账"] > 0 and expected["巡查记录"] > 0 and expected["应急演练记录"] > 0
    # Every ledger the officer may read, and only those.
    assert book.sheetnames == [ledger.sheet for ledger in ledgers_for(set(pack.caps))]
    assert set(book.sheetnames) < {ledger.sheet for ledger in LEDGERS.values()}  # no casework


def test_a_bureau_and_a_teacher_may_not_ask(district):
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.request_summary(
            actor=User.objects.get(username="north.admin"), org=district, title="台账",
            start=today, end=today, kind="ledgers",
        )  # fmt: skip
    with pytest.raises(DomainError):
        services.request_summary(
            actor=User.objects.get(username="n01.teacher"), org=Org.objects.get(code="n01"),
            title="台账", start=today, end=today, kind="ledgers",
        )  # fmt: skip


def test_the_page_asks_for_one_and_serves_the_xlsx(
    district, login, django_capture_on_commit_callbacks
):
    school = Org.objects.get(code="n01")
    client = login("n01.officer")
    page = client.get(f"/orgs/{school.pk}/summaries/").content.decode()
    assert 'value="ledgers"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/orgs/{school.pk}/summaries/",
            {"kind": "ledgers", "period": f"year:{timezone.localdate().year}", "title": ""},
        )
    assert response.status_code == 302
    page = client.get(f"/orgs/{school.pk}/summaries/").content.decode()
    assert ".xlsx" in page
    pack = school.summaries.get(kind="ledgers")
    response = client.get(reverse("reports:download", args=[school.pk, pack.pk]))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_api_asks_for_one_at_a_school_only(district, login, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    today = timezone.localdate().isoformat()
    body = {"title": "台账汇编", "start": today, "end": today, "kind": "ledgers"}
    with django_capture_on_commit_callbacks(execute=True):
        response = login("n01.officer").post(
            f"/api/v1/orgs/{school.pk}/summaries", body, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "ledgers"
    file = login("n01.officer").get(f"/api/v1/summaries/{response.json()['id']}/file")
    assert file["Content-Disposition"].endswith('.xlsx"') or ".xlsx" in file["Content-Disposition"]
    response = login("north.admin").post(
        f"/api/v1/orgs/{district.pk}/summaries", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not district.summaries.exists()
