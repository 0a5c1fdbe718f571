"""A bureau's target filter picks the schools a campaign, task or published checklist reaches."""

import pytest

from safecampus.core.models import Org
from safecampus.core.targets import TargetForm, clean_target, describe, matching_schools

pytestmark = pytest.mark.django_db


def _codes(bureau, target):
    return sorted(matching_schools(bureau, target).values_list("code", flat=True))


def test_an_empty_target_is_every_school_under_the_bureau(org):
    district = org("demo-district")
    assert _codes(district, {}) == [f"s0{n}" for n in range(1, 9)]


def test_kinds_street_and_boarding_narrow_the_schools(org):
    district = org("demo-district")
    west = Org.objects.get(name="西湖镇")
    assert _codes(district, {"school_kinds": ["kindergarten"]}) == ["s03", "s06"]
    assert _codes(district, {"under": [west.pk]}) == ["s05", "s06", "s07", "s08"]
    assert _codes(district, {"boarding": True}) == ["s07", "s08"]
    assert _codes(district, {"under": [west.pk], "school_kinds": ["primary"]}) == ["s05"]


def test_a_node_outside_the_bureau_picks_nothing(org):
    street = Org.objects.get(name="东城街道")
    west = Org.objects.get(name="西湖镇")
    assert _codes(street, {"under": [west.pk]}) == []


def test_unknown_keys_and_values_are_dropped():
    assert clean_target(
        {"school_kinds": ["castle", "primary"], "under": ["x", 3], "boarding": 1}
    ) == {
        "school_kinds": ["primary"],
        "under": [3],
        "boarding": None,
    }


def test_the_form_gives_the_stored_target_and_its_words(org):
    district = org("demo-district")
    west = Org.objects.get(name="西湖镇")
    form = TargetForm(
        {"school_kinds": ["primary"], "under": [str(west.pk)], "boarding": "no"}, bureau=district
    )
    assert form.is_valid(), form.errors
    target = form.target()
    assert target == {"school_kinds": ["primary"], "under": [west.pk], "boarding": False}
    assert _codes(district, target) == ["s05"]
    assert "西湖镇" in describe(district, target)


def test_the_form_refuses_a_node_outside_the_bureau(org):
    street = Org.objects.get(name="东城街道")
    west = Org.objects.get(name="西湖镇")
    form = TargetForm({"under": [str(west.pk)]}, bureau=street)
    assert not form.is_valid()
    assert "under" in form.errors
