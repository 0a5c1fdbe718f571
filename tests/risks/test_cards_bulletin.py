"""Post risk cards and the major-risk bulletin: scope, order and colours of the risks, which
risks the bulletin shows, the PDFs (CJK font embedded, looked at as PNGs) and the gate display."""

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from safecampus.core.models import PostAssignment, User, Zone
from safecampus.core.services import posts as post_services
from safecampus.risks import services
from safecampus.risks.levels import DEFAULT_COLOURS, Level
from safecampus.risks.models import RiskRuleSet

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


pytestmark = pytest.mark.django_db

# (level, name, zone, L, E, C): D = 540 major, 270 significant, 126 general, 42 low.
GRADED = [
    (Level.GENERAL, "楼梯间课间拥挤", "教学楼A", "3", "6", "7"),
    (Level.MAJOR, "校门口放学人车混行", "南大门", "6", "6", "15"),
    (Level.LOW, "门卫室用电", "门卫室", "1", "6", "7"),
    (Level.SIGNIFICANT, "食堂燃气灶具", "食堂", "3", "6", "15"),
]
ORDER = ["major", "significant", "general", "low", "none"]


@pytest.fixture
def s01(org):
    return org("s01")


@pytest.fixture
def officer(person):
    return person("s01.officer")


@pytest.fixture
def post(s01, officer, person):
    """A fresh post held by the s01 guard and a teacher, with no risk points yet."""
    post = post_services.create_post(
        actor=officer,
        school=s01,
        name="护学岗（测试）",
        kind="guard",
        duties="上下学时段校门护学。",
    )
    for username in ("s01.guard", "s01.teacher"):
        post_services.assign_person(actor=officer, post=post, person=person(username))
    return post


def _point(officer, school, post, name, zone_name, responsible, accidents=("crowd_crush",)):
    return services.create_risk_point(
        actor=officer,
        school=school,
        zone=Zone.objects.get(school=school, name=zone_name, parent=None),
        name=name,
        hazard_factors=f"{name}：人员密集，通道狭窄。",
        accident_types=list(accidents),
        existing_controls="错峰放学；教师分段值守；设置隔离护栏。",
        responsible=responsible,
        emergency_actions="立即疏散，拨打120并报告安全办。",
        posts=[post],
    )


@pytest.fixture
def risks(s01, officer, post, person):
    """Four graded points (one of each level) and one not yet assessed, all on the post."""
    points = {}
    for level, name, zone, likelihood, exposure, consequence in GRADED:
        point = _point(officer, s01, post, name, zone, officer, ("crowd_crush", "vehicle"))
        services.assess(
            actor=officer,
            point=point,
            method="lec",
            likelihood=Decimal(likelihood),
            exposure=Decimal(exposure),
            consequence=Decimal(consequence),
        )
        point.refresh_from_db()
        assert point.level == level
        points[str(level)] = point
    points["none"] = _point(officer, s01, post, "操场器材（未评估）", "操场", person("s01.teacher"))
    return points


def _routes(school, post):
    return [
        reverse("risks:cards", args=[school.pk]),
        reverse("risks:card", args=[school.pk, post.pk]),
        reverse("risks:card_pdf", args=[school.pk, post.pk]),
        reverse("risks:bulletin", args=[school.pk]),
        reverse("risks:bulletin_pdf", args=[school.pk]),
        reverse("risks:bulletin_display", args=[school.pk]),
    ]


def test_scope(s01, post, risks, login, client):
    routes = _routes(s01, post)
    outsider = login("s02.officer")
    for url in routes:
        assert outsider.get(url).status_code == 404, url
    teacher = login("s01.teacher")
    for url in routes:
        assert teacher.get(url).status_code == 200, url
    inspector = login("bureau.inspector")
    assert inspector.get(routes[3]).status_code == 200
    for url in routes:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_a_card_for_every_post(s01, post, risks, login):
    response = login("s01.guard").get(reverse("risks:cards", args=[s01.pk]), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    # The guard's own posts come first, marked.
    ids = [int(pk) for pk in re.findall(r'id="post-(\d+)"', page)]
    mine = set(
        PostAssignment.objects.active()
        .filter(user__username="s01.guard", post__school=s01)
        .values_list("post_id", flat=True)
    )
    assert post.pk in mine and set(ids[: len(mine)]) == mine
    assert page.count("Your post") == len(mine)
    row = page[page.index(f'id="post-{post.pk}"') :].split('class="list-group-item')[0]
    assert "5 risks" in row
    assert 'class="badge lvl-major"' in row
    assert reverse("risks:card_pdf", args=[s01.pk, post.pk]) in row


def test_card_lists_risks_highest_first_in_their_colours(s01, post, risks, login):
    response = login("s01.guard").get(reverse("risks:card", args=[s01.pk, post.pk]), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert "护学岗（测试）" in page
    assert re.findall(r'risk-card mb-3 border-2 lvl-edge-\w+" data-level="(\w+)"', page) == ORDER
    # Each level's class carries the rule set's colour, with readable text on it.
    style = re.search(r'<style nonce="[^"]+">(.*?)</style>', page, re.S).group(1)
    for level, colour in DEFAULT_COLOURS.items():
        assert f".lvl-{level}{{background-color:{colour};" in style
    assert ".lvl-major{background-color:#d7191c;color:#ffffff;}" in style
    assert ".lvl-general{background-color:#f6d32d;color:#000000;}" in style
    # What the card must carry (rules.md §2).
    for text in ("校门口放学人车混行", "错峰放学", "立即疏散", "Crowd crush / stampede"):
        assert text in page
    assert reverse("hazards:report", args=[s01.pk]) in page
    for number in ("tel:119", "tel:120", "tel:110"):
        assert number in page
    if s01.emergency_phone:
        assert f"tel:{s01.emergency_phone}" in page
    responsible = page[page.index('id="responsible"') :]
    for name in ("s01.guard", "s01.teacher", "s01.officer"):
        assert str(User.objects.get(username=name)) in responsible
    # No inline script on the page (CSP); a JSON data block is data, not code.
    assert not re.search(r'<script(?![^>]*\s(?:src=|type="application/json"))[^>]*>', page)


def test_card_uses_the_bureaus_colours(s01, post, risks, login):
    district = s01.ancestors().first()
    RiskRuleSet.objects.create(
        org=district,
        name="Local",
        lec_bands=[[320, "major"], [160, "significant"], [70, "general"], [0, "low"]],
        matrix_bands=[[20, "major"], [9, "significant"], [4, "general"], [0, "low"]],
        # A colour that is not plain hex must not reach the style sheet.
        colours={"major": "#8b0000", "significant": "red;}body{display:none", "general": "#ff0"},
    )
    page = login("s01.guard").get(reverse("risks:card", args=[s01.pk, post.pk])).content.decode()
    assert ".lvl-major{background-color:#8b0000;color:#ffffff;}" in page
    assert ".lvl-general{background-color:#ff0;color:#000000;}" in page
    assert f".lvl-significant{{background-color:{DEFAULT_COLOURS[Level.SIGNIFICANT]};" in page
    assert "display:none" not in page


def test_post_without_risks_still_has_a_card(s01, post, login):
    teacher = login("s01.teacher")
    page = teacher.get(reverse("risks:card", args=[s01.pk, post.pk]), **EN).content.decode()
    assert 'id="no-risks"' in page
    assert "No risks are recorded for this post yet" in page
    assert "tel:119" in page
    pdf = teacher.get(reverse("risks:card_pdf", args=[s01.pk, post.pk]), **EN).content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = _pdftotext(pdf)
        assert "No risks are recorded" in text and "119" in text and "护学岗" in text


def test_a_post_of_another_school_is_not_found(s01, login, org):
    other = org("s02").posts.first()
    response = login("s01.officer").get(reverse("risks:card", args=[s01.pk, other.pk]))
    assert response.status_code == 404


def test_bulletin_lists_major_and_significant_only(s01, post, risks, login):
    page = login("s01.teacher").get(reverse("risks:bulletin", args=[s01.pk]), **EN)
    text = page.content.decode()
    assert page.status_code == 200
    major, significant = risks["major"].name, risks["significant"].name
    assert major in text and significant in text
    assert text.index(major) < text.index(significant)
    for level in ("general", "low", "none"):
        assert risks[level].name not in text
    levels_shown = set(re.findall(r'bulletin-risk" data-level="(\w+)"', text))
    assert levels_shown <= {"major", "significant"}
    # The responsible person and the control level are on it.
    assert str(risks["major"].responsible) in text
    assert "School (principal)" in text and "Department" in text


def test_query_counts_do_not_grow_with_the_risks(s01, officer, post, risks, login):
    teacher = login("s01.teacher")
    urls = [
        reverse("risks:cards", args=[s01.pk]),
        reverse("risks:card", args=[s01.pk, post.pk]),
        reverse("risks:bulletin", args=[s01.pk]),
        reverse("risks:bulletin_display", args=[s01.pk]),
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert teacher.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    assert max(before) <= 15, before
    for i in range(3):
        point = _point(officer, s01, post, f"新增风险点{i}", "操场", officer)
        services.assess(
            actor=officer,
            point=point,
            method="lec",
            likelihood=Decimal("6"),
            exposure=Decimal("6"),
            consequence=Decimal("15"),
        )
    assert counts() == before


def test_display_has_no_navigation_and_refreshes(s01, risks, login):
    response = login("s01.guard").get(reverse("risks:bulletin_display", args=[s01.pk]), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert "navbar" not in page and "<nav" not in page and "<form" not in page
    assert 'data-refresh-seconds="300"' in page
    assert re.search(r'<script src="[^"]*js/bulletin-display\.js"></script>', page)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page)
    assert 'http-equiv="refresh"' not in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Content-Security-Policy" in response
    assert risks["major"].name in page and risks["general"].name not in page
    js = Path(__file__).resolve().parents[2] / "safecampus/static/js/bulletin-display.js"
    assert "setInterval(refresh" in js.read_text()


# --- The PDFs: a CJK font embedded, and the pictures looked at -----------------------------


def _pdftotext(pdf):
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _fonts(pdf, tmp_path):
    target = tmp_path / "f.pdf"
    target.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout
    # "TSPJMR+Noto-Sans-CJK-SC" or "NotoSansCJKsc-Regular", as the subset is named.
    return re.sub(r"[\s_-]", "", listing).lower()


def _png(pdf, name):
    """Every page as a PNG in tests/screenshots/ (<name>-1.png, ...), for looking at."""
    SHOTS.mkdir(exist_ok=True)
    for old in SHOTS.glob(f"{name}-[0-9]*.png"):
        old.unlink()
    source = SHOTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(source), str(SHOTS / name)], check=True)
    source.unlink()
    return sorted(SHOTS.glob(f"{name}-[0-9]*.png"))


def _has_colour(images, colour, at_least=200):
    """Whether the pages show a patch of `colour` (a band, a badge), not a stray pixel."""
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    count = 0
    for image in images:
        with Image.open(image) as picture:
            for n, rgb in picture.convert("RGB").getcolors(1 << 20):
                if all(abs(a - b) <= 6 for a, b in zip(rgb, want, strict=True)):
                    count += n
    return count >= at_least


needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftoppm")), reason="poppler-utils missing"
)


@needs_poppler
def test_card_pdf(s01, post, risks, login, tmp_path):
    response = login("s01.guard").get(reverse("risks:card_pdf", args=[s01.pk, post.pk]))
    pdf = response.content
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    assert "notosanscjk" in _fonts(pdf, tmp_path)
    text = _pdftotext(pdf)
    for name in ("护学岗（测试）", "校门口放学人车混行", "食堂燃气灶具", "119", "120", "110"):
        assert name in text
    assert text.index("校门口放学人车混行") < text.index("食堂燃气灶具") < text.index("门卫室用电")
    pages = _png(pdf, "risk-card")
    assert pages
    for level in (Level.MAJOR, Level.SIGNIFICANT, Level.GENERAL, Level.LOW):
        assert _has_colour(pages, DEFAULT_COLOURS[level]), level


@needs_poppler
def test_empty_card_pdf_picture(s01, post, login):
    pdf = login("s01.guard").get(reverse("risks:card_pdf", args=[s01.pk, post.pk])).content
    assert pdf.startswith(b"%PDF")
    pages = _png(pdf, "risk-card-empty")
    assert len(pages) == 1
    assert not _has_colour(pages, DEFAULT_COLOURS[Level.MAJOR])


@needs_poppler
def test_bulletin_pdf(s01, risks, login, tmp_path):
    response = login("s01.teacher").get(reverse("risks:bulletin_pdf", args=[s01.pk]))
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert "notosanscjk" in _fonts(pdf, tmp_path)
    text = _pdftotext(pdf)
    assert risks["major"].name in text and risks["significant"].name in text
    assert risks["general"].name not in text and risks["low"].name not in text
    pages = _png(pdf, "risk-bulletin")
    with Image.open(pages[0]) as first:
        assert first.width > first.height  # landscape
    assert _has_colour(pages, DEFAULT_COLOURS[Level.MAJOR])
    assert _has_colour(pages, DEFAULT_COLOURS[Level.SIGNIFICANT])
    assert not _has_colour(pages, DEFAULT_COLOURS[Level.GENERAL], at_least=20)
