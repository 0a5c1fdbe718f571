"""The risk assessment report as a PDF beside its .docx: written by the same worker from the
same figures, read back with poppler's pdftotext; downloaded from the summaries page."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.reports import services
from safecampus.reports.models import SummaryStatus
from safecampus.risks.models import RiskPoint
from tests.reports.test_risk_report import _hand_built, district  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]


def _written(actor, org, capture):
    today = timezone.localdate()
    with capture(execute=True):
        report = services.request_summary(
            actor=actor, org=org, title="风险评估报告", start=today.replace(day=1), end=today,
            kind="risk",
        )  # fmt: skip
    report.refresh_from_db()
    assert report.status == SummaryStatus.DONE, report.error
    return report


def _text(report):
    with report.pdf.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF") and report.pdf_size == len(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode()


def _line(text, label, *, last=False):
    """The words on the (first, or last) line that starts with `label` (a figure and its
    value)."""
    found = [line.split() for line in text.splitlines() if line.strip().startswith(label)]
    assert found, f"no line {label!r} in\n{text}"
    return found[-1] if last else found[0]


def test_a_schools_pdf_states_its_risk_points(district, django_capture_on_commit_callbacks):  # noqa: F811
    school = Org.objects.get(code="n01")
    _hand_built(school)
    officer = User.objects.get(username="n01.officer")
    report = _written(officer, school, django_capture_on_commit_callbacks)
    text = _text(report)
    points = RiskPoint.objects.filter(school=school)
    assert "城北小学" in text and "风险评估报告" in text
    assert _line(text, "风险点")[-1] == str(points.count()) == "5"
    assert _line(text, "本期首次评估")[-1] == "1"
    assert _line(text, "本期复评")[-1] == "1"
    assert _line(text, "逾期未复评")[-1] == "1"
    assert _line(text, "重大风险点")[-1] == str(points.filter(level="major").count()) == "2"
    # The level table: now, at the last report (none yet), the change.
    assert _line(text, "重大风险")[1:] == ["2", "—", "—"]
    assert _line(text, "尚未评估")[1:] == ["1", "—", "—"]
    # The major risks with their place and controls.
    assert "危化品储存的管控措施" in text and "电气线路的管控措施" in text
    assert "化学实验室" in text
    # The .docx beside it states the same snapshot.
    assert report.file and report.figures["total"] == 5


def test_the_next_pdf_states_the_change(district, django_capture_on_commit_callbacks):  # noqa: F811
    school = Org.objects.get(code="n01")
    officer = User.objects.get(username="n01.officer")
    _hand_built(school)
    _written(officer, school, django_capture_on_commit_callbacks)
    RiskPoint.objects.filter(school=school, name="楼梯").update(level="major")
    text = _text(_written(officer, school, django_capture_on_commit_callbacks))
    assert _line(text, "重大风险")[1:] == ["3", "2", "+1"]
    assert _line(text, "较大风险")[1:] == ["0", "1", "-1"]


def test_an_empty_schools_pdf_states_zero(district, django_capture_on_commit_callbacks):  # noqa: F811
    school = Org.objects.get(code="n02")
    report = _written(
        User.objects.get(username="n02.officer"), school, django_capture_on_commit_callbacks
    )
    text = _text(report)
    assert "城北幼儿园" in text
    assert _line(text, "风险点")[-1] == "0"
    assert _line(text, "本期复评")[-1] == "0"
    assert _line(text, "重大风险点")[-1] == "0"
    assert "无。" in text


def test_the_bureaus_pdf_lists_its_schools(district, django_capture_on_commit_callbacks):  # noqa: F811
    _hand_built(Org.objects.get(code="n01"))
    report = _written(
        User.objects.get(username="north.admin"), district, django_capture_on_commit_callbacks
    )
    text = _text(report)
    assert _line(text, "风险点")[-1] == "5"
    # The last section: each school's points by level and overdue (the major risks above
    # also start with the school's name).
    assert _line(text, "城北小学", last=True)[1:] == ["2", "1", "0", "1", "1"]
    assert _line(text, "城北幼儿园", last=True)[1:] == ["0", "0", "0", "0", "0"]


def test_the_page_offers_the_pdf(district, login, django_capture_on_commit_callbacks):  # noqa: F811
    school = Org.objects.get(code="n01")
    report = _written(
        User.objects.get(username="n01.officer"), school, django_capture_on_commit_callbacks
    )
    client = login("n01.officer")
    url = f"/orgs/{school.pk}/summaries/{report.pk}/file.pdf"
    assert url in client.get(f"/orgs/{school.pk}/summaries/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    detail = client.get(f"/api/v1/summaries/{report.pk}").json()
    assert detail["pdf_url"] == f"/api/v1/summaries/{report.pk}/file.pdf"
    assert client.get(detail["pdf_url"]).status_code == 200
    # A teacher of the school may not read it.
    assert login("n01.teacher").get(url).status_code == 403


def test_a_summary_has_no_pdf(district, login, django_capture_on_commit_callbacks):  # noqa: F811
    school = Org.objects.get(code="n02")
    officer = User.objects.get(username="n02.officer")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.request_summary(
            actor=officer, org=school, title="总结", start=today.replace(day=1), end=today
        )
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.DONE and not summary.pdf
    url = f"/orgs/{school.pk}/summaries/{summary.pk}/file.pdf"
    assert login("n02.officer").get(url).status_code == 404
