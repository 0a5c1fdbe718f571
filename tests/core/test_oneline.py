"""Single-line fields refuse line breaks, on the page and in the API, and nothing is saved."""

import pytest

from safecampus.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def test_the_report_form_refuses_a_place_with_a_line_break(org, login):
    s01 = org("s01")
    before = Hazard.objects.count()
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/hazards/new/",
        {
            "place": "二楼\n走廊",
            "category": "other",
            "source": "report",
            "description": "地面湿滑。",
        },
    )
    assert response.status_code == 400
    assert "请写在一行内" in response.content.decode()
    assert Hazard.objects.count() == before


def test_the_api_refuses_a_place_with_a_line_break(org, login):
    s01 = org("s01")
    before = Hazard.objects.count()
    response = login("s01.teacher").post(
        f"/api/v1/schools/{s01.pk}/hazards",
        {"place": "二楼\r\n走廊", "category": "other", "description": "湿滑"},
    )
    assert response.status_code == 422
    assert "请写在一行内" in response.json()["detail"][0]["msg"]
    assert Hazard.objects.count() == before


def test_a_line_break_in_a_multi_line_field_is_kept(org, login):
    s01 = org("s01")
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/hazards/new/",
        {
            "place": "二楼走廊",
            "category": "other",
            "source": "report",
            "description": "地面湿滑。\n已放置警示牌。",
        },
    )
    assert response.status_code == 302
    assert Hazard.objects.filter(description="地面湿滑。\n已放置警示牌。").exists()
