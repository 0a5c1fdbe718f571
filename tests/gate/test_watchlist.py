"""A watchlist match stops the registration, tells the safety officer and the police liaison at
once with one audit event; the guard refuses entry, or admits only with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Notification
from safecampus.gate.models import Visit, VisitStatus, WatchlistAction
from safecampus.gate.services import visits, watchlist

pytestmark = pytest.mark.django_db

LISTED_ID = "110101199003074477"


@pytest.fixture
def bureau_entry(org, person):
    return watchlist.add_entry(
        actor=person("police.liaison"),
        org=org("demo-district"),
        name="测试某",
        id_number=LISTED_ID,
        phone="19711112222",
        action=WatchlistAction.DENY,
        reason="公安通报",
    )


def _register(org, person, code="s01", **overrides):
    data = {
        "name": "另一个名字",
        "id_number": LISTED_ID,
        "phone": "13800000000",
        "purpose": "找人",
        "host": person(f"{code}.teacher"),
    }
    data.update(overrides)
    return visits.register_visit(actor=person(f"{code}.guard"), school=org(code), **data)


def test_a_match_by_id_number_holds_the_visitor_and_tells_officer_and_police(
    org, person, bureau_entry
):
    events = AuditEvent.objects.count()
    notes = Notification.objects.count()
    visit = _register(org, person)
    assert visit.status == VisitStatus.HELD
    assert visit.checked_in_at is None
    assert visit.watchlist_entry == bureau_entry
    told = set(
        Notification.objects.filter(kind="gate.watchlist").values_list("user__username", flat=True)
    )
    assert told == {"s01.officer", "police.liaison"}
    assert Notification.objects.count() == notes + 2  # the host is not told of a held visitor
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").action == "gate.watchlist_hit"


def test_the_bureau_list_applies_to_every_school_under_it(org, person, bureau_entry):
    visit = _register(org, person, code="s06")
    assert visit.status == VisitStatus.HELD
    assert Notification.objects.filter(kind="gate.watchlist", user__username="s06.officer").exists()
    assert not Notification.objects.filter(
        kind="gate.watchlist", user__username="s01.officer"
    ).exists()


def test_a_match_by_name_and_phone(org, person, bureau_entry):
    visit = _register(org, person, name="测试某", id_number="", phone="19711112222")
    assert visit.status == VisitStatus.HELD


def test_name_alone_or_an_expired_entry_does_not_match(org, person, bureau_entry):
    assert _register(org, person, name="测试某", id_number="").status == VisitStatus.ON_CAMPUS
    bureau_entry.valid_until = timezone.localdate() - timedelta(days=1)
    bureau_entry.save()
    assert _register(org, person).status == VisitStatus.ON_CAMPUS


def test_a_schools_own_entry_applies_only_there(org, person):
    watchlist.add_entry(
        actor=person("s01.officer"),
        org=org("s01"),
        name="本校名单",
        phone="19722223333",
        reason="纠纷",
    )
    assert _register(org, person, name="本校名单", phone="19722223333").status == "held"
    assert _register(org, person, "s02", name="本校名单", phone="19722223333").status == (
        "on_campus"
    )


def test_override_needs_a_reason_and_changes_nothing_without_one(org, person, bureau_entry):
    visit = _register(org, person)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        visits.override(actor=person("s01.guard"), visit=visit, reason="  ")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD
    assert AuditEvent.objects.count() == events


def test_override_with_a_reason_admits_and_records_it(org, person, bureau_entry):
    visit = _register(org, person)
    visits.override(actor=person("s01.guard"), visit=visit, reason="安全主任到场陪同")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS
    assert visit.override_reason == "安全主任到场陪同"
    event = AuditEvent.objects.filter(action="visit.override").latest("pk")
    assert event.changes == {"reason": "安全主任到场陪同"}


def test_refused_entry_is_recorded(org, person, bureau_entry):
    visit = _register(org, person)
    visits.refuse_entry(actor=person("s01.guard"), visit=visit, note="劝离")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REFUSED
    assert visit.checked_in_at is None
    with pytest.raises(DomainError):
        visits.override(actor=person("s01.guard"), visit=visit, reason="晚了")


def test_the_guard_sees_the_warning_and_the_override_form_rejects_a_blank_reason(
    org, person, login, bureau_entry
):
    client = login("s01.guard")
    school = org("s01")
    response = client.post(
        f"/schools/{school.pk}/gate/visits/new/",
        {
            "name": "某人",
            "id_type": "resident",
            "id_number": LISTED_ID,
            "purpose": "送东西",
            "walk_in": "on",
            "companions": 0,
        },
    )
    visit = Visit.objects.filter(school=school).latest("pk")
    assert response.status_code == 302
    page = client.get(response.url)
    assert 'id="watchlist-warning"' in page.content.decode()
    assert "公安通报" in page.content.decode()
    blank = client.post(f"/schools/{school.pk}/gate/visits/{visit.pk}/override/", {"reason": ""})
    assert blank.status_code == 400
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD


def test_the_watchlist_page_masks_ids_and_phones(org, login, bureau_entry):
    page = login("s01.officer").get(f"/orgs/{org('s01').pk}/watchlist/").content.decode()
    assert "测试某" in page
    assert LISTED_ID not in page and "19711112222" not in page
    assert "110101********4477" in page


def test_only_watchlist_managers_add_entries(org, person):
    with pytest.raises(DomainError):
        watchlist.add_entry(
            actor=person("s01.guard"), org=org("s01"), name="x", phone="1", reason="y"
        )
