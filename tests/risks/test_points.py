from decimal import Decimal

import pytest
from openpyxl import load_workbook

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Post, Zone
from safecampus.hazards import services as hazard_services
from safecampus.risks import services
from safecampus.risks.exports import COLUMNS
from safecampus.risks.levels import ControlLevel, Level
from safecampus.risks.models import RiskAssessment, RiskPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(org, person):
    s01 = org("s01")
    return services.create_risk_point(
        actor=person("s01.officer"),
        school=s01,
        zone=Zone.objects.get(school=s01, name="食堂", parent=None),
        name="燃气灶具与液化气瓶",
        hazard_factors="燃气泄漏、灶具老化",
        accident_types=["fire", "poisoning"],
        existing_controls="燃气报警器；每日检查；持证上岗",
        emergency_actions="关阀、断电、疏散、报119",
        responsible=person("s01.teacher3"),
        posts=list(Post.objects.filter(school=s01, kind="canteen_manager")),
    )


def lec(officer, point, likelihood, e, c, **extra):
    return services.assess(
        actor=officer,
        point=point,
        method="lec",
        likelihood=Decimal(likelihood),
        exposure=Decimal(e),
        consequence=Decimal(c),
        **extra,
    )


def test_an_assessment_keeps_its_inputs_and_grades_the_point(point, person):
    a = lec(person("s01.officer"), point, "6", "6", "15")
    point.refresh_from_db()
    assert a.value == 540 and a.level == Level.MAJOR
    assert point.level == Level.MAJOR and point.control_level == ControlLevel.SCHOOL
    assert a.bands and a.rule_set_name and a.assessor.username == "s01.officer"
    assert point.review_due is not None
    assert AuditEvent.objects.filter(action="risk.assess", object_id=str(point.pk)).exists()


def test_history_keeps_every_assessment(point, person):
    officer = person("s01.officer")
    lec(officer, point, "6", "6", "15")
    lec(officer, point, "1", "6", "7")
    assert RiskAssessment.objects.filter(risk_point=point).count() == 2
    point.refresh_from_db()
    assert point.level == Level.LOW


def test_another_control_level_needs_a_reason(point, person):
    officer = person("s01.officer")
    with pytest.raises(DomainError):
        lec(officer, point, "3", "6", "7", control_level=ControlLevel.SCHOOL)
    assert not RiskAssessment.objects.filter(risk_point=point).exists()
    lec(officer, point, "3", "6", "7", control_level="school", override_reason="校长亲自督办")
    point.refresh_from_db()
    assert point.level == Level.GENERAL and point.control_level == ControlLevel.SCHOOL


def test_values_outside_the_standard_lists_are_refused(point, person):
    with pytest.raises(DomainError):
        lec(person("s01.officer"), point, "4", "6", "7")
    point.refresh_from_db()
    assert point.level == ""


def test_a_confirmed_hazard_in_the_zone_flags_the_point_and_reassessing_clears_it(point, person):
    officer = person("s01.officer")
    lec(officer, point, "3", "6", "15")
    hazard = hazard_services.report_hazard(
        actor=person("s01.teacher"),
        school=point.school,
        zone=point.zone,
        place="操作间灶台",
        category="fire",
        description="灶台旁堆放纸箱",
    )
    point.refresh_from_db()
    assert not point.needs_reassessment  # reported, not yet confirmed
    hazard_services.confirm(actor=officer, hazard=hazard, grade="general")
    point.refresh_from_db()
    assert point.needs_reassessment and f"#{hazard.pk}" in point.reassessment_reason
    lec(officer, point, "3", "6", "15")
    point.refresh_from_db()
    assert not point.needs_reassessment


def test_a_hazard_of_another_kind_does_not_flag_the_point(point, person):
    officer = person("s01.officer")
    hazard = hazard_services.report_hazard(
        actor=officer,
        school=point.school,
        zone=point.zone,
        place="门口",
        category="traffic",
        description="车辆乱停",
    )
    hazard_services.confirm(actor=officer, hazard=hazard, grade="general")
    point.refresh_from_db()
    assert not point.needs_reassessment


def test_pages_list_assess_and_export(point, login, person):
    s01 = point.school
    client = login("s01.officer")
    assert "燃气灶具" in client.get(f"/schools/{s01.pk}/risks/").content.decode()
    response = client.post(
        f"/schools/{s01.pk}/risks/{point.pk}/assess/",
        {"method": "matrix", "matrix_likelihood": "4", "severity": "5"},
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.level == Level.MAJOR
    bad = client.post(
        f"/schools/{s01.pk}/risks/{point.pk}/assess/",
        {"method": "lec", "likelihood": "6"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and "Choose a value." in bad.content.decode()
    export = client.get(f"/schools/{s01.pk}/risks/export.xlsx")
    import io

    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    mine = [r for r in rows[1:] if r[2] == "燃气灶具与液化气瓶"]
    assert mine and mine[0][5] == "风险矩阵" and mine[0][9] == 20 and mine[0][10] == "重大风险"


def test_a_teacher_sees_but_cannot_change(point, login):
    s01 = point.school
    teacher = login("s01.teacher")
    assert teacher.get(f"/schools/{s01.pk}/risks/{point.pk}/").status_code == 200
    response = teacher.post(
        f"/schools/{s01.pk}/risks/{point.pk}/assess/",
        {"method": "lec", "likelihood": "6", "exposure": "6", "consequence": "15"},
    )
    assert response.status_code == 403
    assert not RiskAssessment.objects.filter(risk_point=point).exists()


def test_another_school_gets_not_found(point, login):
    s01 = point.school
    other = login("s02.officer")
    assert other.get(f"/schools/{s01.pk}/risks/{point.pk}/").status_code == 404
    assert other.get(f"/api/v1/risk-points/{point.pk}").status_code == 404


def test_the_bureau_sets_three_levels_and_new_assessments_use_them(point, login, person, org):
    district = org("demo-district")
    response = login("bureau.admin").post(
        f"/orgs/{district.pk}/risk-rules/",
        {
            "scheme": "three",
            "lec_major": "160",
            "lec_general": "70",
            "matrix_major": "15",
            "matrix_general": "6",
            "review_months": "12",
        },
    )
    assert response.status_code == 302
    a = lec(person("s01.officer"), point, "3", "6", "15")  # D = 270
    assert a.level == Level.MAJOR


def test_the_api_creates_and_assesses(login, org, person):
    s01 = org("s01")
    client = login("s01.officer")
    zone = Zone.objects.get(school=s01, name="操场")
    created = client.post(
        f"/api/v1/schools/{s01.pk}/risk-points",
        {
            "zone_id": zone.pk,
            "name": "单杠双杠",
            "hazard_factors": "器材锈蚀",
            "accident_types": ["sports_injury"],
            "existing_controls": "每月检查",
            "responsible_id": person("s01.teacher").pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    assessed = client.post(
        f"/api/v1/risk-points/{pid}/assessments",
        {"method": "matrix", "likelihood": "2", "severity": "3"},
        content_type="application/json",
    )
    assert assessed.status_code == 201 and assessed.json()["level"] == "general"
    assert RiskPoint.objects.get(pk=pid).level == "general"
    data = client.get(f"/api/v1/schools/{s01.pk}/risk-map").json()
    assert any(z["id"] == zone.pk for z in data["zones"] + data["missing"])


def test_a_risk_point_is_named_by_its_zone_full_path(login, org, person):
    s01 = org("s01")
    floor = Zone.objects.get(school=s01, name="3楼", parent__name="教学楼B")
    point = services.create_risk_point(
        actor=person("s01.officer"),
        school=s01,
        zone=floor,
        name="走廊插座",
        hazard_factors="插座破损",
        accident_types=["electric_shock"],
        existing_controls="每周检查",
        responsible=person("s01.teacher3"),
    )
    page = login("s01.officer").get(point.get_absolute_url()).content.decode()
    assert "教学楼B › 3楼 · 走廊插座" in page


@pytest.mark.django_db
def test_the_demo_puts_each_room_s_points_where_they_belong():
    from safecampus.core.models import ZoneKind
    from safecampus.risks.models import RiskPoint

    rooms = RiskPoint.objects.filter(zone__kind=ZoneKind.ROOM).select_related("zone")
    by_room = {(p.zone.name, p.catalogue_key) for p in rooms}
    assert ("配电房", "power-distribution-room") in by_room
    assert not {key for name, key in by_room if name == "留样间"} - {"canteen-food-hygiene"}
    assert not {name for name, key in by_room if key == "power-distribution-room"} - {"配电房"}


@pytest.mark.parametrize(
    ("values", "score", "level"),
    [
        (
            {"method": "lec", "likelihood": "6", "exposure": "6", "consequence": "15"},
            "540",
            "major",
        ),
        ({"method": "lec", "likelihood": "0.5", "exposure": "6", "consequence": "7"}, "21", "low"),
        ({"method": "matrix", "matrix_likelihood": "3", "severity": "4"}, "12", "significant"),
    ],
)
def test_the_form_previews_the_grade_that_saving_gives(point, login, values, score, level):
    s01 = point.school
    client = login("s01.officer")
    page = client.get(f"/schools/{s01.pk}/risks/{point.pk}/").content.decode()
    assert 'id="grade-preview"' in page and f"/schools/{s01.pk}/risks/grade/" in page
    preview = client.get(f"/schools/{s01.pk}/risks/grade/", values, HTTP_ACCEPT_LANGUAGE="en")
    text = preview.content.decode()
    assert preview.status_code == 200 and f"Score {score}:" in text
    assert f"risk-{level}" in text and str(Level(level).label) in text
    saved = client.post(f"/schools/{s01.pk}/risks/{point.pk}/assess/", values)
    assert saved.status_code == 302
    assessment = RiskAssessment.objects.get(risk_point=point)
    assert format(assessment.value.normalize(), "f") == score and assessment.level == level
    history = client.get(f"/schools/{s01.pk}/risks/{point.pk}/").content.decode()
    assert f"<strong>{score}</strong>" in history and "E+" not in history


def test_the_preview_asks_for_missing_values_and_is_for_assessors_only(point, login):
    s01 = point.school
    url = f"/schools/{s01.pk}/risks/grade/"
    half = login("s01.officer").get(
        url, {"method": "lec", "likelihood": "6"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert half.status_code == 200 and "Choose the values to see the grade" in half.content.decode()
    assert "risk-" not in half.content.decode().replace('id="grade-preview"', "")
    teacher = login("s01.teacher").get(url, {"method": "matrix", "matrix_likelihood": "3"})
    assert teacher.status_code == 403
