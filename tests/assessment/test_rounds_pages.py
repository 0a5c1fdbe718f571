"""The assessment pages as their users see them: a bureau's rounds and a round's ranking, a
school's own sheet (another school's is a 404, the inspectors' points hidden until published),
a bad self-assessment shown with its translated error and nothing saved, the scheme's source on
the page, the exports; and the lists cost a fixed number of queries however many rows."""

import io
import itertools
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from safecampus.assessment.models import Entry, Round, RoundSchool, RoundStatus
from safecampus.core.models import OrgKind
from safecampus.core.services import orgs
from tests import budgets
from tests.assessment.rounds_helpers import district, make_round

pytestmark = pytest.mark.django_db

serial = itertools.count(1)


def _demo_round(status):
    return Round.objects.filter(bureau=district(), status=status).order_by("-pk").first()


def test_the_demo_has_a_finished_round_with_an_appeal_and_an_open_one():
    closed = _demo_round(RoundStatus.CLOSED)
    assert closed is not None
    assert closed.sheets.filter(grade="").count() == 0
    assert closed.sheets.filter(vetoed=True, grade="不合格").exists()
    assert closed.sheets.filter(appeals__status="answered").count() == 1
    current = _demo_round(RoundStatus.SELF_ASSESSMENT)
    assert current.sheets.filter(submitted_at__isnull=False).count() == 1
    assert current.sheets.filter(entries__self_points__isnull=False).distinct().count() == 3


def test_the_bureau_sees_the_ranking_and_the_schemes_source(login):
    closed = _demo_round(RoundStatus.CLOSED)
    page = login("bureau.admin").get(closed.get_absolute_url()).content.decode()
    first = closed.sheets.order_by("vetoed", "-total").first()
    assert first.school.name in page
    assert "国教督办〔2016〕4号" in page  # the source of the scheme, on the page applying it
    assert "veto" in page or "否决" in page


def test_a_school_cannot_see_another_schools_sheet(login):
    closed = _demo_round(RoundStatus.CLOSED)
    own = closed.sheets.get(school__code="s01")
    other = closed.sheets.get(school__code="s02")
    client = login("s01.officer")
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/assessment/sheets/{other.pk}").status_code == 404
    assert client.get(f"/assessment/sheets/{other.pk}/report.docx").status_code == 404
    # The round's page sends a school to its own sheet, and shows it no ranking.
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == own.get_absolute_url()
    assert client.get(f"/api/v1/assessment/rounds/{closed.pk}/ranking").status_code == 404


def test_a_school_sees_its_points_only_once_published(login):
    round_ = make_round(RoundStatus.SCORING)
    sheet = RoundSchool.objects.get(round=round_, school__code="s01")
    entry = Entry.objects.filter(sheet=sheet).first()
    Entry.objects.filter(pk=entry.pk).update(points=Decimal("3.5"), score_note="评分标记XYZ")
    client = login("s01.officer")
    assert "评分标记XYZ" not in client.get(sheet.get_absolute_url()).content.decode()
    data = client.get(f"/api/v1/assessment/sheets/{sheet.pk}").json()
    assert all(e["points"] is None for e in data["entries"])
    assert "评分标记XYZ" in login("bureau.inspector").get(sheet.get_absolute_url()).content.decode()


def test_a_bad_self_assessment_is_a_translated_error_and_saves_nothing(login):
    round_ = make_round(RoundStatus.SELF_ASSESSMENT)
    entry = Entry.objects.filter(sheet__round=round_, sheet__school__code="s01").first()
    client = login("s01.officer")
    with translation.override("zh-hans"):
        response = client.post(
            f"/assessment/entries/{entry.pk}/self/",
            {"self_points": "3", "note": "已落实", "link_url": "https://evil.example/x"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 400
    assert "链接须指向本系统内的记录" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.self_points, entry.note) == (None, "")
    response = client.post(
        f"/api/v1/assessment/entries/{entry.pk}/self", {"self_points": 5000}, "application/json"
    )
    assert response.status_code == 422
    ok = client.post(
        f"/assessment/entries/{entry.pk}/self/", {"self_points": "3", "note": "已落实"}
    )
    assert ok.status_code == 302
    entry.refresh_from_db()
    assert entry.self_points == Decimal("3.0")


def test_the_exports_are_filled_in(login):
    closed = _demo_round(RoundStatus.CLOSED)
    client = login("bureau.admin")
    response = client.get(f"/assessment/rounds/{closed.pk}/results.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == closed.sheets.count() + 1
    assert rows[1][1] == closed.sheets.order_by("vetoed", "-total", "school__name")[0].school.name
    doc = client.get(f"/assessment/rounds/{closed.pk}/report.docx")
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(doc.streaming_content))).paragraphs
    )
    assert closed.title in text
    own = closed.sheets.get(school__code="s01")
    doc = login("s01.officer").get(f"/assessment/sheets/{own.pk}/report.docx")
    document = Document(io.BytesIO(b"".join(doc.streaming_content)))
    assert own.school.name in document.paragraphs[0].text
    assert document.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )


def _more_schools(n):
    parent = district()
    made = []
    for _i in range(n):
        k = next(serial)
        made.append(
            orgs.create_org(
                actor=None, parent=parent, kind=OrgKind.SCHOOL, name=f"预算学校{k}", code=f"b{k}"
            )
        )
    return made


def _grow_round(round_):
    def grow():
        schools = _more_schools(6)
        RoundSchool.objects.bulk_create(
            RoundSchool(round=round_, school=s, total=Decimal(90 + i), grade="优秀")
            for i, s in enumerate(schools)
        )
        return [s.name for s in schools]

    return grow


def _grow_rounds():
    made = []
    for _i in range(4):
        made.append(make_round(RoundStatus.SELF_ASSESSMENT, year=2004).title)
    return made


BUDGETS = {"rounds": 14, "school_rounds": 14, "round": 20, "api_ranking": 12, "api_rounds": 10}


@pytest.mark.parametrize("name", BUDGETS)
def test_lists_cost_a_fixed_number_of_queries(name, login, org):
    closed = _demo_round(RoundStatus.CLOSED)
    d, s01 = district(), org("s01")
    urls = {
        "rounds": ("bureau.admin", f"/orgs/{d.pk}/assessment/", _grow_rounds),
        "school_rounds": ("s01.officer", f"/orgs/{s01.pk}/assessment/", _grow_rounds),
        "round": ("bureau.admin", closed.get_absolute_url(), _grow_round(closed)),
        "api_ranking": (
            "bureau.admin",
            f"/api/v1/assessment/rounds/{closed.pk}/ranking?page_size=200",
            _grow_round(closed),
        ),
        "api_rounds": ("bureau.admin", f"/api/v1/orgs/{d.pk}/assessment/rounds", _grow_rounds),
    }
    username, url, grow = urls[name]
    loads = budgets.grow_between_loads(login(username), url, grow)
    if name != "school_rounds":
        budgets.assert_shows(loads, loads.grown[-1:])
    budgets.assert_bounded(loads, BUDGETS[name], name)
