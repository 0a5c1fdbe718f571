"""The four-colour campus map: who may see and draw it, the campus plan upload, outline
validation, the colours in the SVG, the zones listed as missing, and the A3 PDF looked at as a
picture (PDF → PNG with pdftoppm, kept in tests/screenshots/)."""

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from safecampus.core.models import Attachment, AuditEvent, Zone
from safecampus.risks.levels import DEFAULT_COLOURS, Level
from safecampus.risks.models import CampusPlan, RiskPoint, RiskRuleSet, ZoneShape

pytestmark = pytest.mark.django_db

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SVG = "{http://www.w3.org/2000/svg}"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
W, H = 1200, 800


def plan_png(width=W, height=H, name="plan.png"):
    """A generated campus plan: grounds, buildings and a sports field."""
    image = Image.new("RGB", (width, height), (236, 240, 232))
    draw = ImageDraw.Draw(image)
    sx, sy = width / W, height / H
    for box, colour in [
        ((60, 60, 420, 300), (205, 205, 215)),
        ((480, 60, 760, 300), (205, 205, 215)),
        ((820, 80, 1140, 380), (170, 205, 160)),
        ((60, 380, 700, 740), (200, 170, 140)),
        ((760, 460, 1140, 740), (205, 205, 215)),
    ]:
        x0, y0, x1, y1 = box
        draw.rectangle((x0 * sx, y0 * sy, x1 * sx, y1 * sy), fill=colour, outline=(90, 90, 90))
    out = BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def url(name, school, *args):
    return reverse(f"risks:{name}", args=[school.pk, *args])


@pytest.fixture
def s01(org):
    """s01 with no plan, no outlines and no graded risk: each test makes what it needs."""
    school = org("s01")
    CampusPlan.objects.filter(school=school).delete()
    ZoneShape.objects.filter(zone__school=school).delete()
    RiskPoint.objects.filter(school=school).update(level="")
    return school


@pytest.fixture
def officer(login):
    return login("s01.officer")


@pytest.fixture
def planned(s01, officer):
    response = officer.post(url("plan_upload", s01), {"image": plan_png()})
    assert response.status_code == 302
    return CampusPlan.objects.get(school=s01)


def top_zones(school, n):
    return list(Zone.objects.filter(school=school, parent=None).order_by("name")[:n])


def graded(zone, level, person):
    return RiskPoint.objects.create(
        school=zone.school,
        zone=zone,
        name=f"{zone.name} {level}",
        hazard_factors="测试",
        accident_types=["other"],
        existing_controls="测试",
        responsible=person("s01.officer"),
        level=level,
    )


def save_shape(client, school, zone, points):
    return client.post(
        url("zone_shape", school, zone.pk),
        data=json.dumps({"points": points}),
        content_type="application/json",
        **EN,
    )


def square(i, size=150):
    x, y = 40 + (i % 5) * 230, 40 + (i // 5) * 230
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size]]


def polygons(svg_bytes):
    """The zones' shapes in the SVG, by id."""
    root = ET.fromstring(svg_bytes)
    return {p.get("id"): p for p in root.iter(f"{SVG}path") if p.get("id", "").startswith("zone-")}


# Who may see and draw --------------------------------------------------------------------------


ROUTES = [
    ("get", "map", ()),
    ("get", "map_edit", ()),
    ("post", "plan_upload", ()),
    ("post", "zone_shape", ("zone",)),
    ("get", "map_svg", ()),
    ("get", "map_pdf", ()),
]


@pytest.mark.parametrize(("method", "name", "args"), ROUTES)
def test_another_schools_officer_gets_404(s01, login, method, name, args):
    zone = top_zones(s01, 1)[0]
    target = url(name, s01, *[zone.pk for _ in args])
    response = getattr(login("s02.officer"), method)(target)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "args"), ROUTES)
def test_anonymous_is_sent_to_log_in(s01, client, method, name, args):
    zone = top_zones(s01, 1)[0]
    response = getattr(client, method)(url(name, s01, *[zone.pk for _ in args]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_teacher_sees_the_map_but_may_not_draw(s01, planned, login):
    zone = top_zones(s01, 1)[0]
    teacher = login("s01.teacher")
    assert teacher.get(url("map", s01)).status_code == 200
    assert teacher.get(url("map_svg", s01)).status_code == 200
    assert teacher.get(url("map_edit", s01)).status_code == 403
    assert teacher.post(url("plan_upload", s01), {"image": plan_png()}).status_code == 403
    assert save_shape(teacher, s01, zone, square(0)).status_code == 403
    assert not ZoneShape.objects.filter(zone=zone).exists()
    # The teacher's map page offers no drawing link.
    assert b'id="edit-map"' not in teacher.get(url("map", s01)).content


def test_the_bureau_sees_a_schools_map(s01, planned, login):
    assert login("bureau.inspector").get(url("map", s01)).status_code == 200


def test_a_zone_of_another_school_is_404(s01, org, planned, officer):
    other = top_zones(org("s02"), 1)[0]
    before = list(ZoneShape.objects.filter(zone=other).values_list("points", flat=True))
    assert save_shape(officer, s01, other, square(0)).status_code == 404
    assert list(ZoneShape.objects.filter(zone=other).values_list("points", flat=True)) == before


def test_the_post_routes_refuse_get(s01, officer):
    zone = top_zones(s01, 1)[0]
    assert officer.get(url("plan_upload", s01)).status_code == 405
    assert officer.get(url("zone_shape", s01, zone.pk)).status_code == 405


# The campus plan -------------------------------------------------------------------------------


def test_uploading_the_plan_records_its_size_and_the_audit_event(s01, officer):
    response = officer.post(url("plan_upload", s01), {"image": plan_png()}, follow=True, **EN)
    assert response.redirect_chain[-1][0] == url("map_edit", s01)
    plan = CampusPlan.objects.get(school=s01)
    assert (plan.width, plan.height) == (W, H)
    assert plan.image.content_type == "image/png"
    assert plan.image.org == s01
    event = AuditEvent.objects.filter(org=s01, action="risk.plan").latest("seq")
    assert event.changes["size"] == [W, H]
    assert "The campus plan was saved" in response.content.decode()
    # The drawing page shows the plan (embedded: no attachment route needed) and the editor.
    page = response.content.decode()
    assert 'id="zone-editor"' in page
    assert "data:image/png;base64," in page
    assert "js/zone-map.js" in page


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("plan.png", b"not an image at all", content_type="image/png"),
        SimpleUploadedFile("plan.pdf", b"%PDF-1.4 a document", content_type="application/pdf"),
        SimpleUploadedFile("plan.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    ],
)
def test_a_bad_file_stores_nothing(s01, officer, upload, settings):
    attachments = Attachment.objects.count()
    events = AuditEvent.objects.filter(org=s01).count()
    response = officer.post(url("plan_upload", s01), {"image": upload}, follow=True, **EN)
    assert response.status_code == 200
    assert not CampusPlan.objects.filter(school=s01).exists()
    assert Attachment.objects.count() == attachments
    assert AuditEvent.objects.filter(org=s01).count() == events
    assert "alert-danger" in response.content.decode()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_no_file_is_a_message(s01, officer):
    response = officer.post(url("plan_upload", s01), {}, follow=True, **EN)
    assert "Choose an image of the campus plan." in response.content.decode()
    assert not CampusPlan.objects.filter(school=s01).exists()


def test_replacing_the_plan_scales_the_outlines(s01, planned, officer):
    zone = top_zones(s01, 1)[0]
    assert save_shape(officer, s01, zone, [[100, 100], [300, 100], [300, 200]]).status_code == 200
    response = officer.post(url("plan_upload", s01), {"image": plan_png(2400, 1600)}, **EN)
    assert response.status_code == 302
    plan = CampusPlan.objects.get(school=s01)
    assert (plan.width, plan.height) == (2400, 1600)
    assert ZoneShape.objects.get(zone=zone).points == [
        [200, 200],
        [600, 200],
        [600, 400],
    ]
    event = AuditEvent.objects.filter(org=s01, action="risk.plan").latest("seq")
    assert event.changes["before"] == [W, H]
    assert event.changes["scaled_outlines"] == 1


# Saving outlines -------------------------------------------------------------------------------


def test_saving_an_outline(s01, planned, officer):
    zone = top_zones(s01, 1)[0]
    response = save_shape(officer, s01, zone, [[10, 10], [200.25, 10], [200, 150.5], [10.04, 150]])
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "points": [[10, 10], [200.2, 10], [200, 150.5], [10, 150]],
    }
    assert ZoneShape.objects.get(zone=zone).points == response.json()["points"]
    event = AuditEvent.objects.filter(org=s01, action="risk.shape").latest("seq")
    assert event.object_id == str(zone.pk)
    assert event.changes == {"points": [0, 4]}
    # Points on the plan's very edge are on the plan.
    assert save_shape(officer, s01, zone, [[0, 0], [W, 0], [W, H], [0, H]]).status_code == 200


def test_an_empty_list_removes_the_outline(s01, planned, officer):
    zone = top_zones(s01, 1)[0]
    save_shape(officer, s01, zone, square(0))
    response = save_shape(officer, s01, zone, [])
    assert response.status_code == 200
    assert response.json() == {"ok": True, "points": []}
    assert not ZoneShape.objects.filter(zone=zone).exists()
    event = AuditEvent.objects.filter(org=s01, action="risk.shape").latest("seq")
    assert event.changes == {"points": [4, 0]}


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([[1, 1], [2, 2]], "An outline has 3 to 200 points."),
        ([[i % 100, i % 50] for i in range(201)], "An outline has 3 to 200 points."),
        ([[1, 1], [2, 2], [W + 1, 3]], "Every point must lie on the campus plan."),
        ([[1, 1], [2, 2], [3, H + 0.5]], "Every point must lie on the campus plan."),
        ([[1, 1], [2, 2], [-1, 3]], "Every point must lie on the campus plan."),
        ([[1, 1], [2, 2], ["3", 3]], "Each point is a pair of numbers: [x, y]."),
        ([[1, 1], [2, 2], [True, 3]], "Each point is a pair of numbers: [x, y]."),
        ([[1, 1], [2, 2], [3, None]], "Each point is a pair of numbers: [x, y]."),
        ([[1, 1], [2, 2], [3, 3, 3]], "Each point is a pair of numbers: [x, y]."),
        ([[1, 1], [2, 2], {"x": 3, "y": 3}], "Each point is a pair of numbers: [x, y]."),
        ([1, 2, 3], "Each point is a pair of numbers: [x, y]."),
        ("1,1 2,2 3,3", 'Send the outline as {"points": [[x, y], ...]}.'),
    ],
)
def test_a_bad_outline_is_refused(s01, planned, officer, points, message):
    zone = top_zones(s01, 1)[0]
    events = AuditEvent.objects.filter(org=s01).count()
    response = save_shape(officer, s01, zone, points)
    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert not ZoneShape.objects.filter(zone=zone).exists()
    assert AuditEvent.objects.filter(org=s01).count() == events


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"shape": []}', b'"points"', b"\xff"])
def test_a_body_that_is_not_the_outline_is_refused(s01, planned, officer, body):
    zone = top_zones(s01, 1)[0]
    response = officer.post(
        url("zone_shape", s01, zone.pk), data=body, content_type="application/json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {"detail": 'Send the outline as {"points": [[x, y], ...]}.'}


@pytest.mark.parametrize("value", [b"Infinity", b"-Infinity", b"NaN", b"1" + b"0" * 400])
def test_numbers_that_are_not_finite_are_refused(s01, planned, officer, value):
    zone = top_zones(s01, 1)[0]
    body = b'{"points": [[1, 1], [2, 2], [%s, 3]]}' % value
    response = officer.post(
        url("zone_shape", s01, zone.pk), data=body, content_type="application/json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Each point is a pair of numbers: [x, y]."}


def test_outlines_need_a_plan(s01, officer):
    zone = top_zones(s01, 1)[0]
    response = save_shape(officer, s01, zone, square(0))
    assert response.status_code == 400
    assert response.json() == {"detail": "Upload the campus plan first."}


def test_the_refusal_is_translated(s01, planned, officer):
    zone = top_zones(s01, 1)[0]
    response = officer.post(
        url("zone_shape", s01, zone.pk),
        data=json.dumps({"points": [[1, 1]]}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert response.json()["detail"]  # the lead's catalogue decides the words


# What the map shows ----------------------------------------------------------------------------


def test_each_drawn_zone_is_filled_with_its_highest_level(s01, planned, officer, person):
    zones = top_zones(s01, 5)
    expected = {}
    for i, (zone, level) in enumerate(zip(zones, [*Level.values, ""], strict=True)):
        assert save_shape(officer, s01, zone, square(i)).status_code == 200
        if level:
            graded(zone, level, person)
            graded(zone, Level.LOW, person)  # a lower one in the same zone changes nothing
        expected[zone.pk] = DEFAULT_COLOURS[level] if level else "#dddddd"
    # A zone inside a drawn zone passes its level up: the low zone turns major.
    low_zone = zones[3]
    child = Zone.objects.create(school=s01, parent=low_zone, name="器材室", kind=low_zone.kind)
    graded(child, Level.MAJOR, person)
    expected[low_zone.pk] = DEFAULT_COLOURS[Level.MAJOR]

    response = officer.get(url("map_svg", s01))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    found = polygons(response.content)
    for zone in zones:
        polygon = found[f"zone-{zone.pk}"]
        assert polygon.get("fill") == expected[zone.pk], zone.name
        assert polygon.get("stroke") == expected[zone.pk]
        assert float(polygon.get("fill-opacity")) < 1  # the plan shows through
    assert found[f"zone-{zones[0].pk}"].get("data-level") == Level.MAJOR
    assert found[f"zone-{zones[4].pk}"].get("data-level") == "none"
    assert len(found) == len(zones)
    # The standalone SVG carries the plan, the school's name, the date and the legend.
    text = response.content.decode()
    assert "data:image/png;base64," in text
    assert s01.name in text
    for colour in DEFAULT_COLOURS.values():
        assert f'fill="{colour}"' in text
    # The page shows the same SVG inline, with the legend beside it.
    page = officer.get(url("map", s01), **EN).content.decode()
    for zone in zones:
        assert f'id="zone-{zone.pk}"' in page
        assert f'fill="{expected[zone.pk]}"' in page
    assert 'id="map-legend"' in page


def test_a_zone_drawn_inside_another_is_cut_out_of_it(s01, planned, officer, person):
    """A low-risk room inside a major-risk building keeps its own blue: the building's red
    fill leaves a hole where the room is drawn, so no spot of the map mixes two colours."""
    building = Zone.objects.filter(school=s01, parent=None, children__isnull=False).first()
    rooms = list(building.children.order_by("name")[:2])
    save_shape(officer, s01, building, [[100, 100], [700, 100], [700, 500], [100, 500]])
    save_shape(officer, s01, rooms[0], [[150, 150], [350, 150], [350, 300]])
    graded(rooms[0], Level.LOW, person)
    graded(rooms[1], Level.MAJOR, person)  # not drawn: shown inside the building, as red
    found = polygons(officer.get(url("map_svg", s01)).content)
    outer = found[f"zone-{building.pk}"]
    inner = found[f"zone-{rooms[0].pk}"]
    assert outer.get("fill") == DEFAULT_COLOURS[Level.MAJOR]
    assert outer.get("fill-rule") == "evenodd"
    assert outer.get("d") == "M100,100 L700,100 L700,500 L100,500 Z M150,150 L350,150 L350,300 Z"
    assert inner.get("fill") == DEFAULT_COLOURS[Level.LOW]
    assert inner.get("d") == "M150,150 L350,150 L350,300 Z"
    # The room is drawn after (on top of) the building.
    order = list(found)
    assert order.index(f"zone-{building.pk}") < order.index(f"zone-{rooms[0].pk}")


def test_the_colours_and_levels_come_from_the_schools_rule_set(s01, org, planned, officer, person):
    RiskRuleSet.objects.create(
        org=org("demo-district"),
        name="三级",
        lec_bands=[[160, "major"], [70, "general"], [0, "low"]],
        matrix_bands=[[15, "major"], [6, "general"], [0, "low"]],
        colours={"major": "#aa0000", "general": "#eeee00", "low": "#0000aa"},
    )
    zone = top_zones(s01, 1)[0]
    save_shape(officer, s01, zone, square(0))
    graded(zone, Level.GENERAL, person)
    found = polygons(officer.get(url("map_svg", s01)).content)
    assert found[f"zone-{zone.pk}"].get("fill") == "#eeee00"
    page = officer.get(url("map", s01), **EN).content.decode()
    legend = page[page.index('id="map-legend"') : page.index('id="missing-zones"')]
    assert legend.count("<li") == 4  # three levels and "no assessed risk"
    assert "#aa0000" in legend and "Significant" not in legend


def test_zones_without_outline_are_listed(s01, planned, officer, person):
    zones = top_zones(s01, 3)
    save_shape(officer, s01, zones[0], square(0))
    graded(zones[1], Level.MAJOR, person)
    inner = Zone.objects.filter(school=s01, parent=zones[0]).first() or Zone.objects.create(
        school=s01, parent=zones[0], name="内部", kind=zones[0].kind
    )
    page = officer.get(url("map", s01), **EN).content.decode()
    undrawn = Zone.objects.filter(school=s01).exclude(pk__in=[zones[0].pk, inner.pk])
    head = page[page.index('id="missing-zones"') :].split("</ul>")[0]
    for zone in undrawn:
        assert f'data-zone="{zone.pk}"' in head, zone.name
        assert f"?zone={zone.pk}" in head  # a link to draw it
    assert f"{undrawn.count()} zones not on the map" in page
    # Floors repeat in every building: a zone is named with its parents.
    floor = Zone.objects.filter(school=s01, parent__isnull=False).exclude(parent=zones[0]).first()
    assert f"{floor.parent.name} › {floor.name}" in head
    # A zone inside a drawn one is listed too, as shown inside it.
    inside = page[page.index('id="inside-zones"') :].split("</details>")[0]
    assert f'data-zone="{inner.pk}"' in inside
    assert f"{zones[0].name} › {inner.name}" in inside
    # A major risk in a zone that is not on the map is said, with its colour.
    row = head[head.index(f'data-zone="{zones[1].pk}"') :].split("</li>")[0]
    assert "Major" in row and DEFAULT_COLOURS[Level.MAJOR] in row
    # Every zone of the school appears somewhere: drawn, inside, or missing.
    every = Zone.objects.filter(school=s01).values_list("pk", flat=True)
    for pk in every:
        assert f'data-zone="{pk}"' in page


def test_without_a_plan_the_map_says_so(s01, officer, login):
    page = officer.get(url("map", s01), **EN).content.decode()
    assert 'id="no-plan"' in page
    assert url("map_edit", s01) in page
    edit = officer.get(url("map_edit", s01), **EN).content.decode()
    assert 'id="plan-form"' in edit and 'id="zone-editor"' not in edit


def test_the_drawing_page_lists_every_zone_with_its_outline(s01, planned, officer):
    zone = top_zones(s01, 1)[0]
    save_shape(officer, s01, zone, square(0))
    response = officer.get(url("map_edit", s01), **EN)
    page = response.content.decode()
    start = page.index('id="zone-map-data" type="application/json">')
    start = page.index(">", start) + 1
    data = json.loads(page[start : page.index("</script>", start)])
    assert (data["width"], data["height"]) == (W, H)
    assert len(data["zones"]) == Zone.objects.filter(school=s01).count()
    row = next(z for z in data["zones"] if z["id"] == zone.pk)
    assert row["points"] == square(0)
    assert row["url"] == url("zone_shape", s01, zone.pk)
    assert "<script>" not in page  # CSP: no inline script, the data is application/json


def test_the_map_page_queries_are_bounded(
    s01, planned, officer, person, django_assert_max_num_queries
):
    for i, zone in enumerate(top_zones(s01, 8)):
        save_shape(officer, s01, zone, square(i))
        graded(zone, Level.values[i % 4], person)
    with django_assert_max_num_queries(20):
        assert officer.get(url("map", s01)).status_code == 200


# The A3 PDF, looked at as a picture ------------------------------------------------------------


def test_the_pdf_is_a3_landscape_with_a_cjk_font(s01, planned, officer, person):
    zones = top_zones(s01, 5)
    for i, (zone, level) in enumerate(zip(zones, Level.values, strict=False)):
        save_shape(officer, s01, zone, square(i, 200))
        graded(zone, level, person)
    response = officer.get(url("map_pdf", s01), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / "risk-map.pdf"
    path.write_bytes(pdf)
    if not shutil.which("pdffonts") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdffonts, pdftoppm) is not installed")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "NotoSansCJK" in fonts.stdout.replace(" ", "").replace("-", "")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    if info.returncode == 0:
        size = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
        width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
        assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(SHOTS / "risk-map-pdf")],
        check=True,
    )
    png = Image.open(SHOTS / "risk-map-pdf.png").convert("RGB")
    # The fills show: each level's colour, blended with the plan, is somewhere on the page.
    colours = png.getcolors(maxcolors=png.width * png.height)
    for level in Level.values:
        r, g, b = (int(DEFAULT_COLOURS[level][i : i + 2], 16) for i in (1, 3, 5))
        assert any(
            abs(cr - r) < 70 and abs(cg - g) < 70 and abs(cb - b) < 70 and n > 200
            for n, (cr, cg, cb) in colours
        ), level
