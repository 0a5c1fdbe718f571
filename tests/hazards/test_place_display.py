"""How a hazard's place, school and reporter read on its page and in the ledger."""

import re

import pytest

from safecampus.core.models import Zone
from safecampus.hazards import services
from safecampus.hazards.models import place_name

pytestmark = pytest.mark.django_db


def test_a_place_that_repeats_its_zone_is_said_once():
    assert place_name("食堂 › 留样间", "食堂 › 留样间") == "食堂 › 留样间"
    assert place_name("食堂 › 留样间", "冰柜旁") == "食堂 › 留样间 · 冰柜旁"
    assert place_name("", "操场东侧") == "操场东侧"


def _report(org, person, place, zone=None, username="s01.teacher"):
    return services.report_hazard(
        actor=person(username),
        school=org("s01"),
        place=place,
        zone=zone,
        category="other",
        description="门卫值班人数不足。",
    )


def test_the_page_and_the_ledger_name_a_check_failure_s_place_once(org, person, login):
    zone = Zone.objects.filter(school=org("s01"), parent__isnull=False).first()
    hazard = _report(org, person, zone.path_name, zone)
    client = login("s01.officer")
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert f"#{hazard.pk} {zone.path_name}</h1>" in page
    ledger = client.get(f"/schools/{hazard.school_id}/hazards/").content.decode()
    assert f"{zone.path_name} · {zone.path_name}" not in ledger
    assert f"#{hazard.pk} {zone.path_name}</strong>" in ledger


def test_the_page_names_the_school_and_ends_no_line_with_a_dot(org, person, login):
    hazard = _report(org, person, "二楼东侧楼梯")
    page = login("bureau.inspector").get(hazard.get_absolute_url()).content.decode()
    meta = re.search(r'id="hazard-meta">(.*?)</p>', page, re.S).group(1)
    assert meta.startswith(org("s01").name)
    assert not re.search(r"·\s*$", meta.split("<")[0].strip())


def test_the_reporter_sees_their_own_name_in_the_timeline(org, person, login):
    hazard = _report(org, person, "二楼东侧楼梯")
    page = login("s01.teacher").get(hazard.get_absolute_url()).content.decode()
    assert str(person("s01.teacher")) in page
