"""School home pages in a real browser (issue 22, points 9 and 10): the counts that need action
open their filtered lists, and a kindergarten's pick-up takes two taps with photos. What each
role's home shows, and that no link on it answers 403, are tested without a browser
(tests/core/test_home_summary.py, tests/core/test_links_allowed.py)."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import shot as take_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SAFECAMPUS_SHOTS") or tempfile.gettempdir()) / "school-home-shots"


def shot(page, name):
    take_shot(page, name, SHOTS)


def test_a_principal_sees_what_waits_and_opens_the_filtered_list(demo, desktop):
    from safecampus.core.models import Org
    from safecampus.hazards.models import Hazard, Status

    school = Org.objects.get(code="s01")
    waiting = Hazard.objects.filter(school=school, status=Status.REPORTED).count()
    page = desktop()
    log_in(page, demo.url, "s01.principal")
    summary = page.locator("#home-summary")
    expect(summary.locator("#count-hazards-reported .stat")).to_have_text(str(waiting))
    for key in ("hazards-rectified", "hazards-overdue", "checks-today", "rounds-missed"):
        expect(summary.locator(f"#count-{key}")).to_be_visible()
    for key in ("alarms-active", "drills-owed", "visitors-on-site"):
        expect(summary.locator(f"#count-{key}")).to_be_visible()
    shot(page, "9-principal-home-desktop")
    page.click("#count-hazards-reported")
    expect(page).to_have_url(f"{demo.url}/schools/{school.pk}/hazards/?status=reported")
    expect(page.locator("#id_status")).to_have_value("reported")
    shot(page, "9-principal-reports-to-confirm")


def page_school(demo, code="s01"):
    from safecampus.core.models import Org

    return Org.objects.get(code=code).pk


def test_a_kindergarten_guard_hands_a_child_over_in_two_taps(demo, phone, photo):
    from django.utils import timezone

    from safecampus.gate.models import PickupRecord
    from safecampus.students.models import Student

    school_pk = page_school(demo, "s03")
    handed = PickupRecord.objects.filter(day=timezone.localdate(), outcome="handed_over")
    child = (
        Student.objects.filter(school_id=school_pk)
        .exclude(pk__in=handed.values("student"))
        .order_by("pk")
        .first()
    )
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()

    # The head teacher adds the person's photo on the child's page.
    teacher = phone(viewport=PHONE_390)
    log_in(teacher, demo.url, "s03.headteacher")
    teacher.goto(f"{demo.url}/schools/{school_pk}/gate/pickups/children/{child.pk}/")
    form = teacher.locator(".pickup-photo-form").first
    form.locator("input[type=file]").set_input_files(str(photo))
    form.locator("button").click()
    expect(teacher.locator(".alert-success")).to_contain_text(grandma.name)
    expect(teacher.locator("img.pickup-photo").first).to_be_visible()
    shot(teacher, "10-headteacher-photo-added")

    # The guard's home leads with pick-up; a name, one tap to search, one tap to hand over.
    page = phone(viewport=PHONE_390)
    log_in(page, demo.url, "s03.guard")
    expect(page.locator("#pickup-search")).to_be_visible()
    expect(page.locator("#gate-quick")).not_to_contain_text("学生离校")
    shot(page, "10-kindergarten-guard-home")
    page.fill("#pickup-q", grandma.name)
    page.click("#pickup-search button")  # tap 1
    found = page.locator(f'.pickup-found-child[data-student="{child.pk}"]')
    expect(found.locator("img.pickup-photo").first).to_be_visible()
    shot(page, "10-kindergarten-search-result")
    found.locator("button.hand-over").first.click()  # tap 2
    expect(page.locator(".alert-success")).to_contain_text(child.name)
    shot(page, "10-kindergarten-handed-over")
    record = PickupRecord.objects.get(student=child, day=timezone.localdate())
    assert record.person_id == grandma.pk
