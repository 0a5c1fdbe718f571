"""Issue 16, point 4: a guardian on their phone logs in with the number on record and the
code the SMS brought, opens a notice and acknowledges it (two taps), gives consent for their
child's data, proposes a person to pick the child up; the principal sees the notice's
acknowledgement rate move and confirms the person, whom the guardian then sees confirmed."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import shot as take_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SAFECAMPUS_SHOTS") or tempfile.gettempdir()) / "guardian-shots"
PARENT = "13800000001"


def shot(page, name):
    take_shot(page, name, SHOTS)


def _code():
    from safecampus.core.models import Channel, Delivery

    text = Delivery.objects.filter(channel=Channel.SMS, address=PARENT).latest("pk").text
    return re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)


def test_a_guardian_acknowledges_a_notice_and_the_school_sees_the_rate(demo, phone, desktop):
    from safecampus.gate.models import PickupProposal
    from safecampus.students.models import GuardianLetter

    copy = (
        GuardianLetter.objects.filter(guardian__phone=PARENT, acknowledged_at__isnull=True)
        .select_related("letter")
        .order_by("-sent_at", "-pk")
        .first()
    )
    letter = copy.letter
    url = f"{demo.url}/orgs/{letter.school_id}/education/guardians/{letter.pk}/"
    principal = desktop()
    log_in(principal, demo.url, "s01.principal")
    principal.goto(url)
    before = principal.locator("#notice-rate").inner_text()

    parent = phone()
    parent.goto(f"{demo.url}/family/login/")
    parent.fill("#id_phone", PARENT)
    parent.click("#family-send-code")
    expect(parent).to_have_url(f"{demo.url}/family/login/code/")
    parent.fill("#id_code", _code())
    shot(parent, "1-code")
    parent.click("#family-verify")
    expect(parent.locator("#family-pending")).to_be_visible()
    shot(parent, "2-home")
    parent.click(f'#family-pending a[href="/family/notices/{copy.pk}/"]')
    shot(parent, "3-notice")
    parent.click("#family-acknowledge")
    expect(parent.locator(".alert-success")).to_be_visible()
    expect(parent.locator(f'#family-pending a[href="/family/notices/{copy.pk}/"]')).to_have_count(0)
    child = copy.guardian.student_id
    parent.click(f"#family-consent-{child}")
    expect(parent.locator("#family-children .text-success")).to_have_count(1)
    shot(parent, "4-acknowledged")

    principal.goto(url)
    after = principal.locator("#notice-rate").inner_text()
    sent = GuardianLetter.objects.filter(letter=letter).count()
    done = GuardianLetter.objects.filter(letter=letter, acknowledged_at__isnull=False).count()
    assert after != before
    assert after == f"{round(100 * done / sent, 1)}%"
    shot(principal, "5-principal-rate")

    parent.goto(f"{demo.url}/family/children/{child}/gate/")
    parent.click("#family-propose")
    parent.fill("#id_name", "周阿姨")
    parent.fill("#id_relation", "姨妈")
    parent.fill("#id_phone", "13900000071")
    parent.click("#family-propose-form button")
    expect(parent.locator("#family-proposals")).to_contain_text("周阿姨")
    shot(parent, "6-proposed")
    proposal = PickupProposal.objects.get(student_id=child, name="周阿姨")
    principal.goto(f"{demo.url}/schools/{proposal.school_id}/gate/pickups/proposals/{proposal.pk}/")
    principal.click("#proposal-confirm")
    expect(principal.locator(".alert-success")).to_be_visible()
    shot(principal, "7-principal-confirmed")
    parent.reload()
    expect(parent.locator("#family-persons")).to_contain_text("周阿姨")
