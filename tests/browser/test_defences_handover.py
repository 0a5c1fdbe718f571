"""A guard's shift handover on a phone: the post's equipment ticked (one item not in order, which
files a hazard), what happened and the open items passed on to the next guard."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_guard_hands_over_on_a_phone(demo, phone):
    from safecampus.core.models import Org, User
    from safecampus.defences.models import Equipment, EquipmentCheck, Handover

    school = Org.objects.get(code="s01")
    item = Equipment.objects.filter(school=school, retired_on__isnull=True).first()
    zone = item.zone
    page = phone()
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/orgs/{school.pk}/defences/handover/?zone={zone.pk}")
    card = page.locator(f"[data-item='{item.pk}']")
    expect(card).to_be_visible()
    card.locator("input[value='0']").check()
    card.locator("input[type=text]").fill("钢叉锈蚀")
    page.fill("#id_happened", "交班前巡查校门一次")
    page.fill("#id_open_items", "访客登记本已用完")
    page.select_option("#id_handed_to", str(User.objects.get(username="s01.guard2").pk))
    shot(page, "defences-handover-phone")
    page.click("#handover-form button")
    expect(page.locator("#handovers")).to_contain_text("访客登记本已用完")
    handover = Handover.objects.get(school=school, happened="交班前巡查校门一次")
    failed = EquipmentCheck.objects.get(handover_check__handover=handover)
    assert failed.ok is False and failed.hazard is not None
