"""The starter catalogue: well-formed entries, the school's kind decides what is offered,
adopting creates a point (and, if asked, its assessment), and refused input changes nothing."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Post, PostKind, SchoolKind, User, Zone, ZoneKind
from safecampus.risks import catalogue, services
from safecampus.risks.levels import LEC_C, LEC_E, LEC_L, Level, Method
from safecampus.risks.models import AccidentType, RiskAssessment, RiskPoint

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true"}

# The topics the issue names, and those a school safety officer expects besides.
REQUIRED_KEYS = {
    "canteen-gas-cooking",
    "lab-chemicals",
    "stairwell-dismissal",
    "nearby-water",
    "dormitory-electrics",
    "gate-intrusion",
    "sports-equipment",
    "school-bus-boarding",
    "building-works",
    "extreme-weather",
    "kg-naptime",
    "kg-pickup",
    "kg-small-objects",
    "kg-hot-water-food",
    "building-fire-evacuation",
    "power-distribution-room",
    "lightning-flood-season",
    "playground-equipment",
    "swimming-water-activities",
    "bullying-hotspots",
    "field-trips",
}
KINDERGARTEN_ONLY = {"kg-naptime", "kg-pickup", "kg-small-objects", "kg-hot-water-food"}
SCHOOLS_ONLY = {"lab-chemicals", "dormitory-electrics", "bullying-hotspots"}


@pytest.fixture(autouse=True)
def _no_demo_points(request):
    """These tests count adopted points: start each without the demo's (rolled back after)."""
    if request.node.get_closest_marker("django_db"):
        RiskPoint.objects.all().delete()


def text(response):
    return html.unescape(response.content.decode())


def shown_keys(response):
    return set(re.findall(r'id="entry-([a-z0-9-]+)"', text(response)))


# The entries themselves --------------------------------------------------------------------


def test_enough_entries_and_every_named_topic():
    assert len(catalogue.ENTRIES) >= 20
    assert set(catalogue.BY_KEY) >= REQUIRED_KEYS
    assert len(catalogue.BY_KEY) == len(catalogue.ENTRIES), "keys are unique"


@pytest.mark.parametrize("entry", catalogue.ENTRIES, ids=lambda e: e.key)
def test_entry_is_well_formed(entry):
    key_field = RiskPoint._meta.get_field("catalogue_key")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.key)
    assert len(entry.key) <= key_field.max_length
    assert entry.topic in dict(catalogue.TOPICS)
    assert 0 < len(entry.name) <= RiskPoint._meta.get_field("name").max_length
    for field in ("hazard_factors", "controls", "emergency_actions"):
        assert getattr(entry, field).strip(), field
    assert entry.zone_kinds and set(entry.zone_kinds) <= set(ZoneKind.values)
    assert entry.post_kinds and set(entry.post_kinds) <= set(PostKind.values)
    assert entry.accident_types and set(entry.accident_types) <= set(AccidentType.values)
    assert len(set(entry.accident_types)) == len(entry.accident_types)
    # Suggested values are strings from the standard LEC lists.
    for value, allowed in (
        (entry.likelihood, LEC_L),
        (entry.exposure, LEC_E),
        (entry.consequence, LEC_C),
    ):
        assert isinstance(value, str)
        assert Decimal(value) in [v for v, _label in allowed], value
    assert entry.for_kindergarten or entry.for_schools
    # A source: our own judgement, or a rule of rules.md with its certainty mark.
    assert entry.source.strip()
    cites_rule = "rules.md §" in entry.source and any(m in entry.source for m in "✅◐⚠")
    assert catalogue.PRACTICE in entry.source or cites_rule, entry.source


def test_kindergarten_and_school_entries():
    for key in KINDERGARTEN_ONLY:
        entry = catalogue.BY_KEY[key]
        assert entry.for_kindergarten and not entry.for_schools
    for key in SCHOOLS_ONLY:
        entry = catalogue.BY_KEY[key]
        assert entry.for_schools and not entry.for_kindergarten
    kindergarten_count = sum(e.for_kindergarten for e in catalogue.ENTRIES)
    school_count = sum(e.for_schools for e in catalogue.ENTRIES)
    assert kindergarten_count >= 15 and school_count >= 20


# The catalogue page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_kindergarten_sees_kindergarten_entries(org, login):
    s03 = org("s03")
    assert s03.school_kind == SchoolKind.KINDERGARTEN
    response = login("s03.officer").get(reverse("risks:catalogue", args=[s03.pk]), **EN)
    assert response.status_code == 200
    keys = shown_keys(response)
    assert keys == {e.key for e in catalogue.ENTRIES if e.for_kindergarten}
    assert keys >= KINDERGARTEN_ONLY
    assert not SCHOOLS_ONLY & keys
    assert "幼儿午睡" in text(response)


@pytest.mark.django_db
def test_school_sees_school_entries(org, login):
    s04 = org("s04")
    response = login("s04.officer").get(reverse("risks:catalogue", args=[s04.pk]), **EN)
    assert response.status_code == 200
    keys = shown_keys(response)
    assert keys == {e.key for e in catalogue.ENTRIES if e.for_schools}
    assert keys >= SCHOOLS_ONLY
    assert not KINDERGARTEN_ONLY & keys
    assert reverse("risks:adopt", args=[s04.pk, "lab-chemicals"]) in text(response)


@pytest.mark.django_db
def test_filter_by_topic_and_zone_kind(org, login):
    s01 = org("s01")
    client = login("s01.officer")
    url = reverse("risks:catalogue", args=[s01.pk])
    keys = shown_keys(client.get(url, {"topic": "water"}, **EN))
    assert keys == {"nearby-water", "swimming-water-activities"}
    keys = shown_keys(client.get(url, {"zone_kind": ZoneKind.CANTEEN}, **EN))
    assert "canteen-gas-cooking" in keys and "gate-intrusion" not in keys
    assert all(ZoneKind.CANTEEN in catalogue.BY_KEY[k].zone_kinds for k in keys)
    keys = shown_keys(client.get(url, {"topic": "canteen", "zone_kind": ZoneKind.DORMITORY}, **EN))
    assert keys == {"boiler-hot-water"}
    # htmx asks for the entries only; unknown filter values are ignored.
    response = client.get(url, {"topic": "water"}, **EN, **HX)
    assert "<html" not in text(response) and shown_keys(response) == {
        "nearby-water",
        "swimming-water-activities",
    }
    everything = shown_keys(client.get(url, {"topic": "nope", "zone_kind": "nope"}, **EN))
    assert everything == {e.key for e in catalogue.ENTRIES if e.for_schools}


@pytest.mark.django_db
def test_teacher_sees_the_catalogue_without_adopt_buttons(org, login):
    s01 = org("s01")
    response = login("s01.teacher").get(reverse("risks:catalogue", args=[s01.pk]), **EN)
    assert response.status_code == 200
    assert "canteen-gas-cooking" in shown_keys(response)
    assert "/catalogue/canteen-gas-cooking/adopt/" not in text(response)


@pytest.mark.django_db
def test_adopted_entries_are_marked(org, login, person):
    s01 = org("s01")
    officer = person("s01.officer")
    from safecampus.risks import services

    point = services.create_risk_point(
        actor=officer,
        school=s01,
        zone=Zone.objects.filter(school=s01, kind=ZoneKind.GATE).first(),
        name="南门",
        hazard_factors="x",
        accident_types=[AccidentType.VIOLENCE],
        existing_controls="y",
        responsible=officer,
        catalogue_key="gate-intrusion",
    )
    page = text(login("s01.officer").get(reverse("risks:catalogue", args=[s01.pk]), **EN))
    card = page.split('id="entry-gate-intrusion"')[1].split('id="entry-')[0]
    assert "Adopted" in card and reverse("risks:detail", args=[s01.pk, point.pk]) in card
    other = page.split('id="entry-lab-chemicals"')[1].split('id="entry-')[0]
    assert "Adopted" not in other


# Adopting ----------------------------------------------------------------------------------


def _form(school, key, **changes):
    entry = catalogue.BY_KEY[key]
    zone = Zone.objects.filter(school=school, kind__in=entry.zone_kinds).order_by("pk").first()
    responsible = Post.objects.get(school=school, kind=PostKind.SAFETY_OFFICER).assignments.first()
    data = {
        "zone": zone.pk,
        "responsible": responsible.user_id,
        "posts": [p.pk for p in Post.objects.filter(school=school, kind__in=entry.post_kinds)],
        "name": entry.name,
        "hazard_factors": entry.hazard_factors,
        "accident_types": list(entry.accident_types),
        "existing_controls": entry.controls,
        "emergency_actions": entry.emergency_actions,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_adopt_form_is_prefilled(org, login):
    s01 = org("s01")
    response = login("s01.officer").get(
        reverse("risks:adopt", args=[s01.pk, "canteen-gas-cooking"]), **EN
    )
    assert response.status_code == 200
    form = response.context["form"]
    entry = catalogue.BY_KEY["canteen-gas-cooking"]
    assert form["name"].value() == entry.name
    assert form["existing_controls"].value() == entry.controls
    assert set(form["accident_types"].value()) == set(entry.accident_types)
    canteen_posts = Post.objects.filter(school=s01, kind=PostKind.CANTEEN_MANAGER)
    assert canteen_posts and set(form["posts"].value()) == {p.pk for p in canteen_posts}
    # The zones of the suggested kinds come first, in their own group.
    zone_choices = form.fields["zone"].choices
    group_label, suggested = zone_choices[1]
    assert str(group_label) == "Suggested for this risk"
    suggested_ids = {pk for pk, _label in suggested}
    assert suggested_ids == set(
        Zone.objects.filter(school=s01, kind__in=entry.zone_kinds).values_list("pk", flat=True)
    )
    # The holder of the canteen post is proposed as responsible.
    holder = canteen_posts.first().assignments.first().user
    assert form["responsible"].value() == holder.pk
    assert "L 3 × E 6 × C 15 = D 270" in text(response)


@pytest.mark.django_db
def test_adopting_creates_a_point_with_the_catalogue_key(org, login):
    s01 = org("s01")
    url = reverse("risks:adopt", args=[s01.pk, "canteen-gas-cooking"])
    data = _form(s01, "canteen-gas-cooking", name="一号食堂燃气与烹饪")
    response = login("s01.officer").post(url, data, **EN)
    point = RiskPoint.objects.get(school=s01, catalogue_key="canteen-gas-cooking")
    assert response.status_code == 302
    assert response.url == reverse("risks:detail", args=[s01.pk, point.pk])
    assert point.name == "一号食堂燃气与烹饪"
    assert point.zone_id == data["zone"]
    assert set(point.accident_types) == {"fire", "scalding", "poisoning"}
    assert {p.pk for p in point.posts.all()} == set(data["posts"])
    assert not point.assessments.exists() and point.level == ""


@pytest.mark.django_db
def test_adopting_with_the_suggested_values_assesses_the_point(org, login, person):
    s01 = org("s01")
    entry = catalogue.BY_KEY["stairwell-dismissal"]
    url = reverse("risks:adopt", args=[s01.pk, entry.key])
    response = login("s01.officer").post(url, _form(s01, entry.key, assess="on"), **EN)
    assert response.status_code == 302
    point = RiskPoint.objects.get(school=s01, catalogue_key=entry.key)
    assessment = point.assessments.get()
    assert assessment.method == Method.LEC
    assert (assessment.likelihood, assessment.exposure, assessment.consequence) == (
        Decimal("1"),
        Decimal("6"),
        Decimal("40"),
    )
    assert assessment.value == Decimal("240")
    assert assessment.level == Level.SIGNIFICANT == point.level
    assert assessment.assessor == person("s01.officer")
    # Adopting again is allowed (a second building) and both are marked on the catalogue.
    login("s01.officer").post(url, _form(s01, entry.key), **EN)
    assert RiskPoint.objects.filter(school=s01, catalogue_key=entry.key).count() == 2
    response = login("s01.officer").get(url, **EN)
    assert "already-adopted" in text(response)


@pytest.mark.django_db
def test_teacher_cannot_adopt(org, login):
    s01 = org("s01")
    client = login("s01.teacher")
    url = reverse("risks:adopt", args=[s01.pk, "gate-intrusion"])
    assert client.get(url, **EN).status_code == 403
    assert client.post(url, _form(s01, "gate-intrusion"), **EN).status_code == 403
    assert not RiskPoint.objects.filter(school=s01, catalogue_key="gate-intrusion").exists()


@pytest.mark.django_db
def test_another_schools_officer_gets_404(org, login):
    s01 = org("s01")
    client = login("s02.officer")
    assert client.get(reverse("risks:catalogue", args=[s01.pk]), **EN).status_code == 404
    url = reverse("risks:adopt", args=[s01.pk, "gate-intrusion"])
    assert client.get(url, **EN).status_code == 404
    assert client.post(url, _form(s01, "gate-intrusion"), **EN).status_code == 404
    assert not RiskPoint.objects.filter(school=s01, catalogue_key="gate-intrusion").exists()


@pytest.mark.django_db
def test_unknown_or_unsuited_key_is_404(org, login):
    s01, s03 = org("s01"), org("s03")
    officer = login("s01.officer")
    assert officer.get(reverse("risks:adopt", args=[s01.pk, "no-such-entry"])).status_code == 404
    # A kindergarten entry is not offered to a primary school, and the other way round.
    assert officer.get(reverse("risks:adopt", args=[s01.pk, "kg-naptime"])).status_code == 404
    kg_officer = login("s03.officer")
    assert kg_officer.get(reverse("risks:adopt", args=[s03.pk, "lab-chemicals"])).status_code == 404
    assert kg_officer.get(reverse("risks:adopt", args=[s03.pk, "kg-naptime"])).status_code == 200


@pytest.mark.django_db
def test_zone_of_another_school_is_refused(org, login):
    s01, s02 = org("s01"), org("s02")
    foreign = Zone.objects.filter(school=s02, kind=ZoneKind.GATE).first()
    before = RiskPoint.objects.count(), RiskAssessment.objects.count()
    response = login("s01.officer").post(
        reverse("risks:adopt", args=[s01.pk, "gate-intrusion"]),
        _form(s01, "gate-intrusion", zone=foreign.pk, assess="on"),
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors["zone"]
    assert "Nothing was added" in text(response)
    assert (RiskPoint.objects.count(), RiskAssessment.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"accident_types": None},
        {"accident_types": ["no_such_accident"]},
        {"existing_controls": "   "},
        {"responsible": 999999},
        {"posts": [999999]},
        {"zone": None},
    ],
    ids=[
        "no-name",
        "no-accidents",
        "bad-accident",
        "blank-controls",
        "bad-person",
        "bad-post",
        "no-zone",
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(org, login, changes):
    s01 = org("s01")
    before = RiskPoint.objects.count()
    response = login("s01.officer").post(
        reverse("risks:adopt", args=[s01.pk, "sports-equipment"]),
        _form(s01, "sports-equipment", assess="on", **changes),
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert RiskPoint.objects.count() == before


@pytest.mark.django_db
def test_a_person_of_another_school_cannot_be_responsible(org, login, person):
    s01 = org("s01")
    outsider = person("s02.officer")
    response = login("s01.officer").post(
        reverse("risks:adopt", args=[s01.pk, "sports-equipment"]),
        _form(s01, "sports-equipment", responsible=outsider.pk),
        **EN,
    )
    assert response.status_code == 400
    assert not RiskPoint.objects.filter(school=s01, catalogue_key="sports-equipment").exists()


# The adoption service ----------------------------------------------------------------------


def _adoption(school, key):
    """The service's arguments for adopting `key` at `school` as the form would send them."""
    data = _form(school, key)
    return {
        "zone": Zone.objects.get(pk=data["zone"]),
        "responsible": User.objects.get(pk=data["responsible"]),
        "posts": list(Post.objects.filter(pk__in=data["posts"])),
        **{k: data[k] for k in ("name", "hazard_factors", "accident_types", "existing_controls")},
        "emergency_actions": data["emergency_actions"],
    }


@pytest.mark.django_db
def test_adopting_records_the_creation_and_the_assessment(org, person):
    s01 = org("s01")
    entry = catalogue.BY_KEY["stairwell-dismissal"]
    point = services.adopt_from_catalogue(
        actor=person("s01.officer"),
        school=s01,
        entry=entry,
        assess_suggested=True,
        **_adoption(s01, entry.key),
    )
    assert point.catalogue_key == entry.key and point.assessments.count() == 1
    events = AuditEvent.objects.filter(
        org=s01, object_type="risks.riskpoint", object_id=str(point.pk)
    )
    assert set(events.values_list("action", flat=True)) == {"risk.create", "risk.assess"}


@pytest.mark.django_db
def test_adopting_is_refused_without_the_capability_and_changes_nothing(org, person):
    s01 = org("s01")
    before = AuditEvent.objects.filter(org=s01).count()
    with pytest.raises(PermissionRefused):
        services.adopt_from_catalogue(
            actor=person("s01.teacher"),
            school=s01,
            entry=catalogue.BY_KEY["gate-intrusion"],
            assess_suggested=True,
            **_adoption(s01, "gate-intrusion"),
        )
    assert not RiskPoint.objects.filter(school=s01).exists()
    assert AuditEvent.objects.filter(org=s01).count() == before


@pytest.mark.django_db
def test_an_entry_that_does_not_suit_the_school_is_refused(org, person):
    s01 = org("s01")
    with pytest.raises(DomainError):
        services.adopt_from_catalogue(
            actor=person("s01.officer"),
            school=s01,
            entry=catalogue.BY_KEY["kg-naptime"],
            **_adoption(s01, "gate-intrusion"),
        )
    assert not RiskPoint.objects.filter(school=s01).exists()
