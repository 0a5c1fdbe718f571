"""The major-risk bulletin on the screen at the gate, when the school's network goes down."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_gate_screen_says_in_one_sentence_since_when_its_board_is_old(
    demo, desktop, monkeypatch
):
    from safecampus.core.models import Org

    # The live server runs in this process: the screen asks again every second, not every 5 min.
    monkeypatch.setattr("safecampus.risks.views.bulletin.DISPLAY_REFRESH", 1)
    school = Org.objects.get(code="s01")
    page = desktop()
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{school.pk}/risks/bulletin/display/")
    updated = page.locator("#updated").text_content()
    page.route("**/risks/bulletin/display/", lambda route: route.abort())
    # The time stands where Chinese puts it, inside the sentence, not glued on at its end.
    expect(page.locator("#stale")).to_have_text(
        f"网络连接中断，目前显示的是 {updated} 更新的内容。"
    )
    expect(page.locator("#board")).to_be_visible()
