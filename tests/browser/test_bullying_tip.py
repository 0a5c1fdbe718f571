"""The bullying tip line on a phone: a pupil reports anonymously and keeps the tracking code;
the safety officer writes back and accepts the case; with the code the pupil reads the case's
state and the school's question, and answers it. No account is used by the reporter."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT = "课间总有人把我的书包扔进垃圾桶，还叫我难听的外号。"


def test_anonymous_tip_reply_and_follow_up(demo, phone):
    from safecampus.casework.models import BullyingCase, BullyingMessage

    # The pupil, with no account, sends the report from the school's tip line page.
    page = phone()
    page.goto(f"{demo.url}/tip/s01/")
    page.select_option("#id_act", "verbal")
    page.fill("#id_summary", ACCOUNT)
    page.fill("#id_happened", "初一（2）班教室，课间")
    shot(page, "bullying-1-tip")
    page.click("#tip-form button[type=submit]")
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 19
    shot(page, "bullying-2-code")
    page.context.close()
    case = BullyingCase.objects.get(summary=ACCOUNT)
    assert case.created_by is None and case.channel == "tip"

    # The safety officer asks a question and accepts the case.
    page = phone()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/casework/bullying/{case.pk}/")
    page.fill("#id_reply-body", "谢谢你告诉我们。这种情况持续多久了？")
    page.click("#step-reply button")
    expect(page.locator("#bullying-thread")).to_contain_text("持续多久")
    page.click("#step-accept button")
    expect(page.locator("#bullying-status")).to_contain_text("调查中")
    shot(page, "bullying-3-accepted")
    page.context.close()

    # With the code, the pupil reads the state and the question, and answers.
    page = phone()
    page.goto(f"{demo.url}/tip-follow/")
    page.fill("#follow-code", code.lower())
    page.click("#follow-form button")
    expect(page.locator("#followed-status")).to_contain_text("调查中")
    expect(page.locator("#thread")).to_contain_text("持续多久")
    page.fill("#id_body", "差不多两个星期了。")
    page.click("#reporter-message button")
    expect(page.locator("#message-sent")).to_be_visible()
    expect(page.locator("#thread")).to_contain_text("两个星期")
    shot(page, "bullying-4-follow")
    reply = BullyingMessage.objects.get(case=case, from_reporter=True)
    assert reply.author is None
