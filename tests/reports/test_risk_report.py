"""The risk assessment report (风险评估报告): written by the summaries' worker, opened with
python-docx, its figures equal the database's for a school built by hand and for an empty one;
the second report states the change since the first; the bureau's covers its schools; who may
ask for it."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from safecampus.core.errors import DomainError
from safecampus.core.models import Org, OrgKind, User, Zone, ZoneKind
from safecampus.core.roles import Role
from safecampus.core.services import orgs
from safecampus.reports import services
from safecampus.reports.models import SummaryStatus
from safecampus.risks.models import RiskAssessment, RiskPoint
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """城北区 with a school with risk points (n01) and an empty one (n02)."""
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


def _point(school, zone, name, level, *, review_due=None, assessed=()):
    point = RiskPoint.objects.create(
        school=school,
        zone=zone,
        name=name,
        hazard_factors="测试",
        accident_types=["fire"],
        existing_controls=f"{name}的管控措施",
        responsible=User.objects.get(username=f"{school.code}.officer"),
        level=level,
        review_due=review_due,
    )
    for when in assessed:
        RiskAssessment.objects.create(
            risk_point=point, method="matrix", likelihood=Decimal(4), severity=Decimal(5),
            value=Decimal(20), level=level or "low", rule_set_name="默认", bands={},
            assessor=point.responsible, assessed_at=when,
        )  # fmt: skip
    return point


def _hand_built(school):
    """Two major points (one assessed this month for the first time, one re-assessed this
    month after a first assessment last year, overdue for review), one significant, one low,
    one not yet assessed."""
    now = timezone.now()
    today = timezone.localdate()
    building = Zone(school=school, name="教学楼", kind=ZoneKind.BUILDING)
    building.save()
    lab = Zone(school=school, parent=building, name="化学实验室", kind=ZoneKind.ROOM)
    lab.save()
    _point(school, lab, "危化品储存", "major", assessed=[now - timedelta(hours=2)])
    _point(school, building, "电气线路", "major", review_due=today - timedelta(days=3),
           assessed=[now - timedelta(days=400), now - timedelta(hours=1)])  # fmt: skip
    _point(school, building, "楼梯", "significant")
    _point(school, building, "走廊", "low")
    _point(school, building, "新建操场", "")


def _written(actor, org, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_summary(
            actor=actor, org=org, title="风险评估报告", start=today.replace(day=1), end=today,
            kind="risk",
        )  # fmt: skip
    report.refresh_from_db()
    assert report.status == SummaryStatus.DONE, report.error
    with report.file.open("rb") as handle:
        return report, Document(io.BytesIO(handle.read()))


def _figures(doc):
    found = {}
    for table in doc.tables:
        if len(table.columns) == 2:
            for row in table.rows[1:]:
                found[row.cells[0].text] = row.cells[1].text
    return found


def _table(doc, *header):
    """The rows of the table whose header starts with `header`."""
    for table in doc.tables:
        if tuple(c.text for c in table.rows[0].cells[: len(header)]) == header:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table starting with {header}")


def test_a_schools_report_states_its_risk_points(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    _hand_built(school)
    report, doc = _written(
        User.objects.get(username="n01.officer"), school, django_capture_on_commit_callbacks
    )
    points = RiskPoint.objects.filter(school=school)
    figures = _figures(doc)
    assert figures["风险点"] == str(points.count()) == "5"
    assert figures["本期首次评估"] == "1"
    assert figures["本期复评"] == "1"
    overdue = next(v for k, v in figures.items() if k.startswith("逾期未复评"))
    assert overdue == "1"
    assert figures["重大风险点"] == str(points.filter(level="major").count()) == "2"
    levels = {row[0]: row[1:] for row in _table(doc, "风险等级")}
    assert levels["重大风险"][0] == "2" and levels["较大风险"][0] == "1"
    assert levels["尚未评估"][0] == "1"
    assert levels["重大风险"][2] == "—"  # no earlier report
    # The major risks with their place (full path) and controls.
    majors = {row[1]: row for row in _table(doc, "地点")}
    assert set(majors) == {"危化品储存", "电气线路"}
    assert majors["危化品储存"][0] == "教学楼 › 化学实验室"
    assert majors["危化品储存"][2] == "危化品储存的管控措施"
    assert report.figures["levels"]["major"] == 2


def test_the_next_report_states_the_change(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    officer = User.objects.get(username="n01.officer")
    _hand_built(school)
    _written(officer, school, django_capture_on_commit_callbacks)
    RiskPoint.objects.filter(school=school, name="楼梯").update(level="major")
    _report, doc = _written(officer, school, django_capture_on_commit_callbacks)
    levels = {row[0]: row[1:] for row in _table(doc, "风险等级")}
    assert levels["重大风险"] == ["3", "2", "+1"]
    assert levels["较大风险"] == ["0", "1", "-1"]


def test_an_empty_school_states_zero(district, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n02")
    _report, doc = _written(
        User.objects.get(username="n02.officer"), school, django_capture_on_commit_callbacks
    )
    figures = _figures(doc)
    assert figures["风险点"] == "0"
    assert figures["本期复评"] == "0"
    assert figures["重大风险点"] == "0"
    assert "无。" in [p.text for p in doc.paragraphs]  # no major risk to list


def test_the_bureaus_report_covers_its_schools(district, django_capture_on_commit_callbacks):
    _hand_built(Org.objects.get(code="n01"))
    _report, doc = _written(
        User.objects.get(username="north.admin"), district, django_capture_on_commit_callbacks
    )
    assert _figures(doc)["风险点"] == "5"
    schools = {row[0]: row[1:] for row in _table(doc, "学校", "重大风险")}
    assert schools["城北小学"] == ["2", "1", "0", "1", "1"]
    assert schools["城北幼儿园"] == ["0", "0", "0", "0", "0"]


def test_only_who_may_see_risks_may_ask(district):
    school = Org.objects.get(code="n01")
    with pytest.raises(DomainError):
        services.request_summary(
            actor=User.objects.get(username="n01.teacher"), org=school, title="报告",
            start=timezone.localdate(), end=timezone.localdate(), kind="risk",
        )  # fmt: skip
    with pytest.raises(DomainError):
        services.request_summary(
            actor=User.objects.get(username="n01.officer"), org=school, title="报告",
            start=timezone.localdate(), end=timezone.localdate(), kind="nonsense",
        )  # fmt: skip


def test_the_page_asks_for_one(district, login, django_capture_on_commit_callbacks):
    school = Org.objects.get(code="n01")
    client = login("n01.officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/orgs/{school.pk}/summaries/",
            {"kind": "risk", "period": f"year:{timezone.localdate().year}", "title": ""},
        )
    assert response.status_code == 302
    page = client.get(f"/orgs/{school.pk}/summaries/").content.decode()
    assert "城北小学" in page and "风险评估报告" in page
