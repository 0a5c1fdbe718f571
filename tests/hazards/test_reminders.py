"""The daily hazard reminders: before the deadline to the responsible person, after it to the
officer, later to the principal, and for a supervised major hazard to the bureau; each once per
deadline, so a moved deadline starts them again."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from safecampus.core.models import Notification, Org
from safecampus.core.schedule import REGISTRY
from safecampus.hazards import services
from safecampus.hazards.models import (
    Category,
    Grade,
    Hazard,
    HazardRuleSet,
    Reminder,
    Source,
    Status,
)
from safecampus.hazards.services import send_reminders
from safecampus.hazards.tasks import hazard_reminders
from tests.helpers import user_named

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = timedelta(days=1)
DEADLINE = TODAY + 30 * DAY  # far from the demo's own deadlines and from today
FIXER = "s01.teacher3"


def fixing(deadline=DEADLINE, *, supervised=False, status=Status.RECTIFYING, code="s01"):
    """A hazard in rectification at the school, the FIXER responsible for it."""
    school = Org.objects.get(code=code)
    return Hazard.objects.create(
        school=school,
        place="提醒测试：锅炉房",
        category=Category.FIRE,
        description="灭火器过期",
        source=Source.PATROL,
        status=status,
        grade=Grade.MAJOR if supervised else Grade.GENERAL,
        supervised=supervised,
        found_on=TODAY,
        reported_at=timezone.now(),
        responsible_person=user_named(FIXER if code == "s01" else f"{code}.teacher3"),
        responsible_unit="总务处",
        measures="更换灭火器",
        deadline=deadline,
    )


def sent(hazard):
    """The reminders about this hazard so far: sorted (kind, username) pairs, one per inbox row."""
    url = f"/schools/{hazard.school_id}/hazards/{hazard.pk}/"
    rows = Notification.objects.filter(url=url, kind__regex=r"^hazard\.(before_\d+|overdue)")
    return sorted(rows.values_list("kind", "user__username"))


def run(on):
    """One daily run; returns how many reminders it sent in all (the demo's hazards too)."""
    return send_reminders(on=on)


def test_the_responsible_person_is_reminded_three_days_and_one_day_before_once():
    hazard = fixing()
    for day in range(5, 0, -1):  # every day of the last five before the deadline
        run(DEADLINE - day * DAY)
    assert sent(hazard) == [("hazard.before_1", FIXER), ("hazard.before_3", FIXER)]
    # The same days again: nothing more, for this hazard or any other.
    assert run(DEADLINE - 3 * DAY) == 0
    assert run(DEADLINE - DAY) == 0
    run(DEADLINE)  # due today: no reminder, not overdue yet
    assert sent(hazard) == [("hazard.before_1", FIXER), ("hazard.before_3", FIXER)]
    assert set(Reminder.objects.filter(hazard=hazard).values_list("kind", "deadline")) == {
        ("before_3", DEADLINE),
        ("before_1", DEADLINE),
    }


def test_reminders_are_in_order_three_days_then_one():
    hazard = fixing()
    run(DEADLINE - 3 * DAY)
    assert sent(hazard) == [("hazard.before_3", FIXER)]
    run(DEADLINE - 2 * DAY)
    assert sent(hazard) == [("hazard.before_3", FIXER)]
    run(DEADLINE - DAY)
    assert sent(hazard) == [("hazard.before_1", FIXER), ("hazard.before_3", FIXER)]
    note = Notification.objects.get(
        user__username=FIXER, kind="hazard.before_1", url__endswith=f"/{hazard.pk}/"
    )
    assert f"#{hazard.pk}" in note.title and hazard.place in note.title


def test_an_overdue_hazard_goes_to_the_officer_and_later_to_the_principal():
    hazard = fixing()
    run(DEADLINE + DAY)
    overdue = [who for kind, who in sent(hazard) if kind == "hazard.overdue"]
    assert FIXER in overdue and "s01.officer" in overdue
    assert "s01.officer" not in {who for kind, who in sent(hazard) if kind != "hazard.overdue"}
    assert not [k for k, _who in sent(hazard) if k == "hazard.overdue_principal"]
    run(DEADLINE + DAY)
    run(DEADLINE + 2 * DAY)
    assert len(sent(hazard)) == len(overdue)  # overdue is told once per deadline
    run(DEADLINE + 3 * DAY)  # the default rules: the principal after 3 days overdue
    principal = [who for kind, who in sent(hazard) if kind == "hazard.overdue_principal"]
    assert principal == ["s01.principal"]
    run(DEADLINE + 4 * DAY)
    run(DEADLINE + 10 * DAY)
    assert len(sent(hazard)) == len(overdue) + 1
    # Not supervised: the bureau is not told.
    assert not [k for k, _who in sent(hazard) if k == "hazard.overdue_bureau"]


def test_the_principal_hears_of_an_overdue_hazard_only_after_principal_after_days():
    hazard = fixing()
    run(DEADLINE + DAY)
    assert "s01.principal" not in {who for _kind, who in sent(hazard)}


def test_a_supervised_major_hazard_overdue_goes_to_the_bureau():
    hazard = fixing(supervised=True)
    run(DEADLINE + DAY)
    bureau = sorted(who for kind, who in sent(hazard) if kind == "hazard.overdue_bureau")
    assert bureau == ["bureau.admin", "bureau.inspector"]  # not police.liaison
    url = f"/schools/{hazard.school_id}/hazards/{hazard.pk}/"
    for username in bureau:
        note = Notification.objects.get(
            user__username=username, kind="hazard.overdue_bureau", url=url
        )
        assert note.org_id == hazard.school_id
        assert f"#{hazard.pk}" in note.title
    run(DEADLINE + 2 * DAY)
    assert sorted(w for k, w in sent(hazard) if k == "hazard.overdue_bureau") == bureau


def test_the_districts_rule_set_sets_the_days():
    district = Org.objects.get(code="demo-district")
    HazardRuleSet.objects.create(
        org=district,
        name="城南区",
        general_days=5,
        major_days=20,
        remind_days="5,2",
        principal_after_days=1,
    )
    hazard = fixing()
    for day in (-5, -3, -2, -1):  # 3 and 1 days before are the default's days, not these
        run(DEADLINE + day * DAY)
    assert sent(hazard) == [("hazard.before_2", FIXER), ("hazard.before_5", FIXER)]
    run(DEADLINE + DAY)  # the principal already after one day overdue
    assert {kind for kind, _who in sent(hazard)} == {
        "hazard.before_5",
        "hazard.before_2",
        "hazard.overdue",
        "hazard.overdue_principal",
    }
    principal_on = Reminder.objects.get(hazard=hazard, kind="overdue_principal").sent_at
    overdue_on = Reminder.objects.get(hazard=hazard, kind="overdue").sent_at
    assert principal_on >= overdue_on


def test_a_hazard_no_longer_in_rectification_gets_no_reminders():
    waiting = fixing(status=Status.RECTIFIED)
    closed = fixing(status=Status.CLOSED)
    for day in (-3, -1, 1, 5):
        run(DEADLINE + day * DAY)
    assert sent(waiting) == sent(closed) == []


def test_an_extension_that_moves_the_deadline_starts_the_reminders_again():
    hazard = fixing(supervised=True)
    for day in (-3, -1, 1, 3):
        run(DEADLINE + day * DAY)
    first_round = sent(hazard)
    kinds = {kind for kind, _who in first_round}
    assert kinds == {
        "hazard.before_3",
        "hazard.before_1",
        "hazard.overdue",
        "hazard.overdue_principal",
        "hazard.overdue_bureau",
    }
    new_deadline = DEADLINE + 20 * DAY
    request = services.request_extension(
        actor=user_named(FIXER), hazard=hazard, new_deadline=new_deadline, reason="配件缺货"
    )
    services.decide_extension(actor=user_named("s01.officer"), extension=request, grant=True)
    hazard.refresh_from_db()
    assert hazard.deadline == new_deadline
    run(DEADLINE + 4 * DAY)  # no longer overdue: nothing
    assert sent(hazard) == first_round
    for day in (-3, -1, 1, 3):
        run(new_deadline + day * DAY)
    second_round = sent(hazard)
    assert len(second_round) == 2 * len(first_round)
    assert sorted(second_round) == sorted(first_round + first_round)
    # Once per deadline: both deadlines are on record.
    assert set(Reminder.objects.filter(hazard=hazard).values_list("deadline", flat=True)) == {
        DEADLINE,
        new_deadline,
    }


def test_a_refused_extension_does_not_restart_the_reminders():
    hazard = fixing()
    run(DEADLINE - 3 * DAY)
    request = services.request_extension(
        actor=user_named(FIXER), hazard=hazard, new_deadline=DEADLINE + 9 * DAY, reason="配件缺货"
    )
    services.decide_extension(
        actor=user_named("s01.officer"), extension=request, grant=False, note="库存有货"
    )
    run(DEADLINE - 3 * DAY)
    assert sent(hazard) == [("hazard.before_3", FIXER)]


def test_the_task_runs_the_reminders_of_today():
    hazard = fixing(deadline=TODAY + 3 * DAY)
    hazard_reminders.call()
    assert sent(hazard) == [("hazard.before_3", FIXER)]
    hazard_reminders.call()
    assert sent(hazard) == [("hazard.before_3", FIXER)]


def test_the_scheduler_registry_has_the_daily_hazard_reminders():
    (entry,) = [e for e in REGISTRY if e.name == "hazard_reminders"]
    assert entry.task_path == "safecampus.hazards.tasks.hazard_reminders"
    assert entry.at == time(8, 0) and entry.every is None
    assert import_string(entry.task_path) is hazard_reminders
