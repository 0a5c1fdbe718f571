"""The four-colour map in a real browser: upload a campus plan, draw a zone by clicking its
corners, drag a corner, save, reload, and see the zone coloured by its risk level."""

import re
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = (1000, 700)
# The sports ground drawn on the generated plan; the third corner is first put a bit off.
CORNERS = [(120, 110), (430, 110), (430, 330), (120, 330)]
MISPLACED = (400, 300)


@pytest.fixture
def plan_image(tmp_path):
    path = tmp_path / "campus-plan.png"
    image = Image.new("RGB", PLAN, (234, 240, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 110, 430, 330), fill=(200, 170, 140), outline=(80, 80, 80), width=3)
    draw.rectangle((520, 90, 900, 300), fill=(205, 205, 215), outline=(80, 80, 80), width=3)
    draw.rectangle((90, 420, 880, 640), fill=(170, 205, 160), outline=(80, 80, 80), width=3)
    image.save(path, "PNG")
    return path


def no_map_yet(school):
    """The demo may already have drawn a map: start as a school that has none."""
    from safecampus.risks.models import CampusPlan, ZoneShape

    ZoneShape.objects.filter(zone__school=school).delete()
    CampusPlan.objects.filter(school=school).delete()


def upload_plan(page, path):
    page.set_input_files("#plan-image", str(path))
    page.click("#plan-submit")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#zone-editor")).to_be_visible()
    # The editor listens for clicks once its script has run (on DOMContentLoaded): the plan is
    # on screen before that, and on a busy machine a click could land on it unheard.
    page.wait_for_load_state()


def on_plan(page, x, y):
    """Screen coordinates of a point given in plan pixels."""
    box = page.locator("#zone-editor").bounding_box()
    return box["x"] + x * box["width"] / PLAN[0], box["y"] + y * box["height"] / PLAN[1]


def test_draw_a_zone_and_see_it_coloured_by_its_risk(demo, desktop, plan_image):
    from safecampus.core.models import Org, User, Zone
    from safecampus.risks import services
    from safecampus.risks.models import CampusPlan, ZoneShape
    from safecampus.risks.queries import zone_levels
    from safecampus.risks.rules import rules_for

    school = Org.objects.get(code="s01")
    officer = User.objects.get(username="s01.officer")
    zone = Zone.objects.get(school=school, name="操场", parent=None)
    no_map_yet(school)
    point = services.create_risk_point(
        actor=officer,
        school=school,
        zone=zone,
        name="单双杠",
        hazard_factors="器械松动，下方无保护垫",
        accident_types=["sports_injury"],
        existing_controls="每周检查器械，上课教师保护",
        responsible=officer,
    )
    services.assess(
        actor=officer, point=point, method="matrix", likelihood=Decimal(5), severity=Decimal(4)
    )
    level = zone_levels(school)[zone.pk]
    colour = rules_for(school).colours[level]

    page = desktop()
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, demo.url, "s01.officer")

    # The map page says there is no plan yet; upload one.
    page.goto(f"{demo.url}/schools/{school.pk}/risks/map/")
    expect(page.locator("#no-plan")).to_be_visible()
    page.click("#no-plan a")
    upload_plan(page, plan_image)
    plan = CampusPlan.objects.get(school=school)
    assert (plan.width, plan.height) == PLAN

    # Pick the zone, click its four corners, undo one and click it again, save.
    page.select_option("#zone-select", str(zone.pk))
    for x, y in [*CORNERS[:2], MISPLACED, CORNERS[3]]:
        page.mouse.click(*on_plan(page, x, y))
    expect(page.locator("#point-count")).to_have_text("4")
    expect(page.locator("#edit-handles circle")).to_have_count(4)
    page.click("#undo-point")
    expect(page.locator("#point-count")).to_have_text("3")
    page.mouse.click(*on_plan(page, *CORNERS[3]))
    expect(page.locator("#point-count")).to_have_text("4")
    shot(page, "risk-map-draw")
    page.click("#save-shape")
    expect(page.locator("#editor-status")).to_have_class(re.compile("text-success"))
    saved = ZoneShape.objects.get(zone=zone).points
    assert len(saved) == 4
    for (sx, sy), (x, y) in zip(saved, [*CORNERS[:2], MISPLACED, CORNERS[3]], strict=True):
        assert abs(sx - x) <= 3 and abs(sy - y) <= 3

    # Reload: the outline is there; drag the misplaced corner into place and save again.
    page.reload()
    expect(page.locator(f'#zone-outlines polygon[data-zone="{zone.pk}"]')).to_have_count(1)
    page.select_option("#zone-select", str(zone.pk))
    expect(page.locator("#edit-handles circle")).to_have_count(4)
    page.mouse.move(*on_plan(page, *MISPLACED))
    page.mouse.down()
    page.mouse.move(*on_plan(page, *CORNERS[2]), steps=5)
    page.mouse.up()
    expect(page.locator("#point-count")).to_have_text("4")
    page.click("#save-shape")
    expect(page.locator("#editor-status")).to_have_class(re.compile("text-success"))
    for (sx, sy), (x, y) in zip(ZoneShape.objects.get(zone=zone).points, CORNERS, strict=True):
        assert abs(sx - x) <= 3 and abs(sy - y) <= 3

    # The map page shows the zone filled with its level's colour, and it is no longer missing.
    page.goto(f"{demo.url}/schools/{school.pk}/risks/map/")
    polygon = page.locator(f"#risk-map #zone-{zone.pk}")
    expect(polygon).to_be_visible()
    expect(polygon).to_have_attribute("fill", colour)
    expect(polygon).to_have_attribute("data-level", level)
    expect(page.locator(f'#missing-zones [data-zone="{zone.pk}"]')).to_have_count(0)
    shot(page, "risk-map")
    assert not csp_errors, csp_errors


def test_drawing_works_by_touch_on_a_phone(demo, phone, plan_image):
    from safecampus.core.models import Org, Zone
    from safecampus.risks.models import CampusPlan, ZoneShape

    school = Org.objects.get(code="s01")
    zone = Zone.objects.get(school=school, name="南大门", parent=None)
    no_map_yet(school)
    page = phone()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{school.pk}/risks/map/edit/")
    upload_plan(page, plan_image)
    page.goto(f"{demo.url}/schools/{school.pk}/risks/map/edit/?zone={zone.pk}")
    expect(page.locator("#zone-select")).to_have_value(str(zone.pk))
    plan = CampusPlan.objects.get(school=school)
    page.locator("#zone-editor").scroll_into_view_if_needed()
    box = page.locator("#zone-editor").bounding_box()
    for x, y in [(0.1, 0.1), (0.3, 0.1), (0.3, 0.3)]:
        page.touchscreen.tap(box["x"] + x * box["width"], box["y"] + y * box["height"])
    expect(page.locator("#point-count")).to_have_text("3")
    page.click("#save-shape")
    expect(page.locator("#editor-status")).to_have_class(re.compile("text-success"))
    expect(page.locator("#drawn-count")).to_have_text("1")
    points = ZoneShape.objects.get(zone=zone).points
    assert abs(points[1][0] - 0.3 * plan.width) <= 0.01 * plan.width
    shot(page, "risk-map-phone-draw")
