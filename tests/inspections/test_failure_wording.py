"""A failed checklist item reaches the hazard ledger as a problem a reader understands: "不合格：…"
or the number with what it should have been, in its unit, at the full path of the checked zone."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from safecampus.core.models import User, Zone
from safecampus.core.services.zones import create_zone
from safecampus.inspections import services
from safecampus.inspections.failures import failure_text, plain_number, quantity
from safecampus.inspections.models import ChecklistItem, ItemKind
from safecampus.inspections.services.templates import current_version
from tests.helpers import png

pytestmark = pytest.mark.django_db

ITEMS = [
    {"text": "访客登记本/系统可用", "kind": ItemKind.PASS_FAIL, "photo_on_fail": False},
    {"text": "今日值班保安人数", "kind": ItemKind.NUMBER, "min_value": 2, "max_value": 20},
    {"text": "留样柜温度", "kind": ItemKind.NUMBER, "min_value": 0, "max_value": 8},
]


def _item(**fields):
    return ChecklistItem(**{"kind": ItemKind.NUMBER, "unit": "", **fields})


@pytest.mark.parametrize(
    ("number", "unit", "shown"),
    [
        ("21.00", "人", "21"),
        ("1.00", "具", "1"),
        ("8.50", "℃", "8.5"),
        ("125.00", "克", "125"),
        ("100", "克", "100"),
        ("0.00", "℃", "0"),
    ],
)
def test_numbers_are_written_as_people_write_them(number, unit, shown):
    assert plain_number(Decimal(number), unit) == shown
    assert quantity(Decimal(number), unit) == f"{shown} {unit}"


def test_the_wording_says_what_failed_and_what_was_expected():
    guards = _item(text="今日值班保安人数", min_value=Decimal(2), max_value=Decimal(20), unit="人")
    fridge = _item(text="留样柜温度", min_value=Decimal(0), max_value=Decimal(8), unit="℃")
    book = _item(text="访客登记本/系统可用", kind=ItemKind.PASS_FAIL)
    with translation.override("zh-hans"):
        assert failure_text(guards, Decimal("1.00")) == "今日值班保安人数 1 人，应不少于 2 人"
        assert failure_text(fridge, Decimal("9.50")) == "留样柜温度 9.5 ℃，应不超过 8 ℃"
        assert failure_text(book) == "不合格：访客登记本/系统可用"
    with translation.override("zh-hant"):
        assert failure_text(book) == "不合格：访客登记本/系统可用"
        assert failure_text(guards, Decimal(1)) == "今日值班保安人数 1 人，應不少於 2 人"
    with translation.override("en"):
        assert failure_text(book) == "Failed: 访客登记本/系统可用"
        assert failure_text(guards, Decimal(1)) == "今日值班保安人数 1 人, should be at least 2 人"


@pytest.fixture
def checklist(org, person):
    items = [{**ITEMS[0]}, {**ITEMS[1], "unit": "人"}, {**ITEMS[2], "unit": "℃"}]
    return services.create_template(
        actor=person("s01.officer"), school=org("s01"), name="门卫测试", area="gate", items=items
    )


def _answers(checklist, *, book="pass", guards="3", fridge="4"):
    items = list(current_version(checklist).items.all())
    return {
        items[0].pk: {"outcome": book},
        items[1].pk: {"number": guards},
        items[2].pk: {"number": fridge, "text": "门没关严"},
    }


def _submit(checklist, zone=None, **answers):
    school = checklist.school
    items = list(current_version(checklist).items.all())
    with translation.override("zh-hans"):
        return services.submit_inspection(
            actor=User.objects.get(username="s01.officer"),
            school=school,
            template=checklist,
            zone=zone,
            client_uuid=uuid.uuid4(),
            answers=_answers(checklist, **answers),
            photos={items[1].pk: [png()], items[2].pk: [png()]},
        )


def test_each_failure_files_a_hazard_written_as_the_problem_at_the_zone_path(
    checklist, org, person
):
    school = org("s01")
    building = create_zone(actor=person("s01.officer"), school=school, name="东门", kind="gate")
    booth = create_zone(
        actor=person("s01.officer"), school=school, name="门卫室", kind="room", parent=building
    )
    inspection = _submit(checklist, zone=booth, book="fail", guards="1", fridge="9.5")
    hazards = [r.hazard for r in inspection.results.order_by("item__position")]
    assert [h.description for h in hazards] == [
        "不合格：访客登记本/系统可用",
        "今日值班保安人数 1 人，应不少于 2 人",
        "留样柜温度 9.5 ℃，应不超过 8 ℃\n门没关严",
    ]
    assert {h.place for h in hazards} == {"东门 › 门卫室"}
    assert {h.zone_id for h in hazards} == {booth.pk}
    assert all(checklist.name not in h.place for h in hazards)
    assert all(h.origin_label.startswith(checklist.name) for h in hazards)


def test_a_check_at_no_particular_zone_files_its_hazard_for_the_whole_school(checklist):
    inspection = _submit(checklist, guards="0")
    hazard = inspection.results.get(hazard__isnull=False).hazard
    assert hazard.zone is None
    assert hazard.place == "全校"
    assert hazard.description == "今日值班保安人数 0 人，应不少于 2 人"


def test_a_head_count_with_a_fraction_is_refused(checklist):
    with pytest.raises(services.AnswersInvalid) as refused:
        _submit(checklist, guards="1.5")
    [message] = refused.value.problems.values()
    assert "整数" in str(message)


def test_the_inspection_page_shows_counts_as_whole_numbers(checklist, login):
    inspection = _submit(checklist, guards="21")
    html = login("s01.officer").get(inspection.get_absolute_url()).content.decode()
    assert "21 人" in html
    assert "21.00" not in html


def test_the_run_page_files_the_failure_in_the_same_words(checklist, org, login):
    """Through the phone's form: the hazard page the officer opens reads as the problem."""
    items = list(current_version(checklist).items.all())
    zone = Zone.objects.filter(school=org("s01"), parent__isnull=False).first()
    client = login("s01.officer")
    url = f"/schools/{checklist.school_id}/checks/checklists/{checklist.pk}/run/?zone={zone.pk}"
    response = client.post(
        url,
        {
            "client_uuid": str(uuid.uuid4()),
            "zone": zone.pk,
            "device_time": (timezone.now() - timedelta(minutes=1)).isoformat(),
            f"outcome_{items[0].pk}": "fail",
            f"number_{items[1].pk}": "2",
            f"number_{items[2].pk}": "4",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    hazard_url = page.split('class="hazard-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    hazard = client.get(hazard_url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "不合格：访客登记本/系统可用" in hazard
    assert zone.path_name in hazard
