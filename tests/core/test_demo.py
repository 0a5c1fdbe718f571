import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from safecampus.core.demo import LOADERS, SCHOOLS, DemoLoader, in_order, load_demo
from safecampus.core.models import AuditEvent, Membership, Org, Post, User, Zone

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Org, User, Membership, Zone, Post, AuditEvent)]


def test_loading_twice_creates_nothing_twice():
    before = counts()
    load_demo()
    assert counts() == before


def test_the_demo_has_what_the_brief_promises():
    district = Org.objects.get(code="demo-district")
    assert district.children.count() == 2
    schools = Org.objects.schools().under(district)
    assert schools.count() == len(SCHOOLS) == 8
    kinds = sorted(schools.values_list("school_kind", flat=True))
    assert kinds.count("kindergarten") == 2 and kinds.count("primary") == 3
    assert kinds.count("junior") == 2 and kinds.count("senior") == 1
    assert schools.get(school_kind="senior").boarding_students > 0
    for school in schools:
        assert 10 <= school.zones.count() <= 30
        assert not school.zones.filter(responsible__isnull=True).exists()
    for code in [s[0] for s in SCHOOLS]:
        for suffix in ("principal", "officer", "headteacher", "teacher", "guard"):
            assert User.objects.filter(username=f"{code}.{suffix}").exists()
    for username in ("bureau.admin", "bureau.inspector", "police.liaison"):
        assert Membership.objects.active().filter(user__username=username, org=district).exists()


def test_the_demo_is_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")


def test_every_app_adds_its_part_and_the_ledger_goes_first():
    names = [loader.name for loader in in_order(LOADERS)]
    assert names == [
        "hazards",
        "risks",
        "checks",
        "patrols",
        "students",
        "emergencies",  # after the roll: the demo alarm's roll marks the students
        "gate",
        "supervision_visits",
        "supervision_campaigns",
        "supervision_dispatch",
        "transport",
        "surroundings",
        "assessment",
        "casework",
        "education",
        "defences",
        "reports",
    ]


def test_a_part_waits_for_the_parts_it_names_and_otherwise_keeps_its_place():
    parts = [
        DemoLoader("gate", "x", after=("students",)),
        DemoLoader("hazards", "x"),
        DemoLoader("students", "x"),
        DemoLoader("risks", "x", after=("hazards", "not-installed")),
    ]
    assert [p.name for p in in_order(parts)] == ["hazards", "students", "gate", "risks"]


def test_parts_that_wait_for_each_other_are_refused():
    parts = [DemoLoader("a", "x", after=("b",)), DemoLoader("b", "x", after=("a",))]
    with pytest.raises(ImproperlyConfigured):
        in_order(parts)
