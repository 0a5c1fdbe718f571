"""The notice (督导意见书 / 整改通知书) as .docx and PDF, and the weekly briefing (工作简报):
the files open, and what they say is what the database holds."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from safecampus.hazards.models import Hazard, Status
from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitResult, VisitStatus
from tests.supervision.visitdocs_data import make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_demo_visits():
    """Each test counts the visits it makes: the demo district's own visits are taken away."""
    SupervisionVisit.objects.all().delete()


def _docx(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def _text(doc):
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_notice_docx_says_what_the_visit_holds(org, login):
    s01 = org("s01")
    visit = make_visit(s01, failed=["灭火器过期", "疏散通道堵塞"])
    doc = _docx(login("s01.officer").get(reverse("supervision:visit_notice_docx", args=[visit.pk])))
    text = _text(doc)
    assert "督导意见书暨整改通知书" in text
    for expected in (visit.bureau.name, s01.name, visit.opinion, "经常性督导", "李督导", "王建国"):
        assert expected in text
    assert f"{visit.rectify_by:%Y年%m月%d日}" in text
    assert "整改报告" in text  # what the school must send back
    findings = _rows(doc.tables[0])[1:]
    results = VisitResult.objects.filter(visit=visit, outcome="fail").select_related(
        "item", "hazard", "hazard__zone"
    )
    assert len(findings) == results.count() == 2
    for row, result in zip(findings, results.order_by("item__position", "pk"), strict=True):
        assert row[1] == result.item.text
        assert row[2] == result.note
        assert row[3] == result.hazard.tracking_code
        assert result.hazard.zone.path_name in row[4]


def test_a_visit_without_findings_has_an_opinion_only(org, login):
    visit = make_visit(org("s01"), failed=[])
    url = reverse("supervision:visit_notice_docx", args=[visit.pk])
    doc = _docx(login("bureau.admin").get(url))
    text = _text(doc)
    assert "督导意见书" in text and "整改通知书" not in text
    assert "未发现需要整改的问题" in text
    assert doc.tables == []


def test_the_notice_pdf_is_a_pdf_naming_the_school(org, login):
    s01 = org("s01")
    visit = make_visit(s01, failed=["灭火器过期"])
    response = login("s01.principal").get(reverse("supervision:visit_notice_pdf", args=[visit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    # poppler's pdftotext reads the text back where it is installed (CI images have it).
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert s01.name in text
    assert "灭火器过期" in text


@pytest.mark.parametrize("status", [VisitStatus.PLANNED, VisitStatus.UNDER_WAY])
def test_no_notice_before_it_is_issued(org, login, status):
    visit = make_visit(org("s01"), status=status)
    for name in ("supervision:visit_notice_pdf", "supervision:visit_notice_docx"):
        assert login("bureau.admin").get(reverse(name, args=[visit.pk])).status_code == 404


def test_the_filename_names_the_school_and_day(org, login):
    visit = make_visit(org("s01"), day=datetime.date(2026, 11, 20))
    response = login("bureau.admin").get(reverse("supervision:visit_notice_docx", args=[visit.pk]))
    assert "20261120.docx" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]


def _week_of(day):
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_the_briefing_docx_figures_equal_the_database(org, login):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(weeks=1)
    first = make_visit(org("s01"), day=monday, failed=["灭火器过期", "配电箱未上锁"])
    wednesday = monday + datetime.timedelta(days=2)
    make_visit(org("s02"), day=wednesday, kind=VisitKind.SPECIAL, failed=["围墙破损"])
    make_visit(org("s03"), day=monday - datetime.timedelta(days=1), failed=["不在本周"])
    fixed = VisitResult.objects.filter(visit=first, outcome="fail").first().hazard
    Hazard.objects.filter(pk=fixed.pk).update(status=Status.RECTIFIED)

    district = org("demo-district")
    response = login("bureau.admin").get(
        reverse("supervision:visit_briefing_docx", args=[district.pk]), {"week": _week_of(monday)}
    )
    doc = _docx(response)
    text = _text(doc)
    assert "督导工作简报" in text
    assert "本周共开展督导检查2次，发现问题3项，其中已整改1项。" in text
    visits = _rows(doc.tables[0])[1:]
    assert [(row[1], row[4]) for row in visits] == [
        (org("s01").name, "2"),
        (org("s02").name, "1"),
    ]
    assert visits[1][2] == "专项督导"
    by_category = dict(tuple(row) for row in _rows(doc.tables[1])[1:])
    hazards = Hazard.objects.filter(description__in=["灭火器过期", "配电箱未上锁", "围墙破损"])
    with translation.override("zh-hans"):
        labels = {str(h.get_category_display()) for h in hazards}
    assert by_category == dict.fromkeys(labels, "3")
    by_school = dict(tuple(row) for row in _rows(doc.tables[2])[1:])
    assert by_school == {org("s01").name: "2", org("s02").name: "1"}


def test_the_default_week_is_last_week(org, login):
    district = org("demo-district")
    response = login("bureau.admin").get(reverse("supervision:visit_briefing", args=[district.pk]))
    assert response.status_code == 200
    year, week, _ = (timezone.localdate() - datetime.timedelta(weeks=1)).isocalendar()
    assert f"{year}-W{week:02d}" in response.content.decode()


def test_a_bad_week_is_a_form_error(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    for bad in ("2026-W60", "next week", "1900-W01"):
        response = client.get(
            reverse("supervision:visit_briefing_docx", args=[district.pk]), {"week": bad}
        )
        assert response.status_code == 400
        assert bad in response.content.decode()


def test_the_api_serves_the_notice_files(org, login):
    visit = make_visit(org("s01"), failed=["灭火器过期"])
    client = login("s01.officer")
    docx = client.get(f"/api/v1/supervision/visits/{visit.pk}/notice.docx")
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment;")
    assert "灭火器过期" in _text(Document(io.BytesIO(docx.content)))
    pdf = client.get(f"/api/v1/supervision/visits/{visit.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_briefing_names_at_most_its_cap_of_short_schools_and_says_how_many(
    org, login, monkeypatch
):
    from safecampus.supervision.queries import visitdocs as queries

    monkeypatch.setattr(queries, "BRIEFING_SCHOOLS", 3)
    district = org("demo-district")
    year, week, _day = timezone.localdate().isocalendar()
    brief = queries.briefing(district, year, week)
    short = queries.school_compliance(district, queries.semester(district), short_only=True).count()
    assert brief.short_count == short > 3
    assert len(brief.short_schools) == 3
