"""Issue 22: the assessment form shows the score and grade as the officer picks the values, on
a phone, before anything is saved; saving gives the grade the preview showed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_grade_shows_before_saving_and_saving_agrees(demo, phone):
    from safecampus.core.models import Org
    from safecampus.risks.models import RiskAssessment, RiskPoint

    school = Org.objects.get(code="s01")
    point = RiskPoint.objects.filter(school=school).order_by("pk").first()
    before = RiskAssessment.objects.filter(risk_point=point).count()
    page = phone()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{school.pk}/risks/{point.pk}/")
    page.locator("#assess summary").click() if not page.locator(
        "#assess-form"
    ).is_visible() else None
    page.check('input[name="method"][value="lec"]')
    preview = page.locator("#grade-preview")
    page.select_option("#id_likelihood", "6")
    page.select_option("#id_exposure", "6")
    expect(preview).not_to_contain_text("540")
    page.select_option("#id_consequence", "15")
    expect(preview).to_contain_text("540")
    expect(preview.locator(".badge.risk-major")).to_be_visible()
    shot(page, "risk-grade-preview-lec")
    page.check('input[name="method"][value="matrix"]')
    page.select_option("#id_matrix_likelihood", "3")
    page.select_option("#id_severity", "4")
    expect(preview).to_contain_text("12")
    expect(preview.locator(".badge.risk-significant")).to_be_visible()
    assert RiskAssessment.objects.filter(risk_point=point).count() == before  # nothing saved
    page.click("#assess-form button.btn-sc")
    expect(page.locator("#risk-level .badge.risk-significant")).to_be_visible()
    saved = RiskAssessment.objects.filter(risk_point=point).latest("pk")
    assert saved.level == "significant" and saved.value == 12
