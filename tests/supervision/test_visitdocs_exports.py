"""The ledgers of visits and findings (.xlsx): filtered like a list, only what the viewer may
see, the findings with their hazard's code, place, status and deadline."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitResult, VisitStatus
from tests.supervision.visitdocs_data import make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_demo_visits():
    """Each test counts the visits it makes: the demo district's own visits are taken away."""
    SupervisionVisit.objects.all().delete()


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


def test_the_visits_sheet_is_filtered(org, login):
    s01 = org("s01")
    day = datetime.date(2026, 10, 12)
    make_visit(s01, day=day, failed=["甲", "乙"], kind=VisitKind.SPECIAL)
    make_visit(s01, day=day, status=VisitStatus.CLOSED)
    make_visit(s01, day=datetime.date(2026, 9, 1))
    url = reverse("supervision:visit_export", args=[s01.pk])
    rows = _sheet(
        login("s01.officer").get(
            url, {"status": "issued", "date_from": "2026-10-01", "date_to": "2026-10-31"}
        )
    )
    assert rows[0][:3] == ["日期", "学校", "类型"]
    assert len(rows) == 2
    assert rows[1][1] == s01.name and rows[1][2] == "专项督导" and rows[1][7] == 2


def test_the_findings_sheet_names_each_hazard(org, login):
    s01 = org("s01")
    visit = make_visit(s01, failed=["灭火器过期"])
    result = VisitResult.objects.get(visit=visit, outcome="fail")
    url = reverse("supervision:visit_findings_export", args=[s01.pk])
    rows = _sheet(login("bureau.admin").get(url))
    found = [row for row in rows[1:] if row[5] == result.hazard.tracking_code]
    assert len(found) == 1
    row = found[0]
    assert row[3] == result.item.text and row[4] == "灭火器过期"
    assert result.hazard.zone.path_name in row[6]
    assert row[8].date() == visit.rectify_by


def test_a_school_never_sees_an_unannounced_visit_still_planned(org, login):
    s01 = org("s01")
    make_visit(s01, kind=VisitKind.UNANNOUNCED, status=VisitStatus.PLANNED)
    url = reverse("supervision:visit_export", args=[s01.pk])
    kinds = [row[2] for row in _sheet(login("s01.principal").get(url))[1:]]
    assert "四不两直督查" not in kinds
    kinds = [row[2] for row in _sheet(login("bureau.inspector").get(url))[1:]]
    assert "四不两直督查" in kinds


def test_a_bad_filter_is_a_form_error(org, login):
    s01 = org("s01")
    response = login("s01.officer").get(
        reverse("supervision:visit_export", args=[s01.pk]),
        {"date_from": "2026-10-31", "date_to": "2026-10-01", "kind": "nonsense"},
    )
    assert response.status_code == 400
    assert "2026-10-31" in response.content.decode()


def test_a_school_downloads_page_links_only_to_pages_that_exist(org, login):
    s01 = org("s01")
    page = login("bureau.inspector").get(reverse("supervision:visit_reports", args=[s01.pk]))
    html = page.content.decode()
    assert reverse("supervision:visit_export", args=[s01.pk]) in html
    for name in ("visit_compliance", "visit_briefing", "visit_rules", "visit_briefing_docx"):
        assert reverse(f"supervision:{name}", args=[s01.pk]) not in html
    district = org("demo-district")
    html = login("bureau.admin").get(reverse("supervision:visit_reports", args=[district.pk]))
    for name in ("visit_compliance", "visit_briefing", "visit_rules", "visit_briefing_docx"):
        assert reverse(f"supervision:{name}", args=[district.pk]) in html.content.decode()
