"""The round and appeal tables hold: every listed move lands where the table says; every other
is refused with the table's message and changes nothing (tests/workflows.py)."""

import pytest
from django.utils import timezone

from safecampus.assessment.models import (
    Appeal,
    AppealStatus,
    Entry,
    Indicator,
    Round,
    RoundSchool,
    RoundStatus,
    Veto,
    VetoItem,
)
from safecampus.assessment.services import rounds as services
from safecampus.assessment.workflow import APPEAL, ROUND
from safecampus.core.models import AuditEvent, Notification, Org, User
from tests.assessment.rounds_helpers import admin, inspector, make_round
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _officer():
    return User.objects.get(username="s01.officer")


def _trace(round_):
    return (
        list(Round.objects.filter(pk=round_.pk).values()),
        list(RoundSchool.objects.filter(round=round_).order_by("pk").values()),
        list(Entry.objects.filter(sheet__round=round_).order_by("pk").values()),
        list(Veto.objects.filter(sheet__round=round_).values()),
        list(Appeal.objects.filter(sheet__round=round_).order_by("pk").values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _sheet(round_):
    return RoundSchool.objects.get(round=round_, school__code="s01")


@every_move(ROUND)
def test_rounds_follow_their_table(state, action):
    def make(status):
        round_ = make_round(status)
        if status == RoundStatus.DRAFT and action != "open":
            # A draft has no sheets; one is made here so every other move has one to act on.
            sheet = RoundSchool.objects.create(round=round_, school=Org.objects.get(code="s01"))
            Entry.objects.create(
                sheet=sheet, indicator=Indicator.objects.filter(area__version=round_.version)[0]
            )
        Entry.objects.filter(sheet__round=round_).update(self_points=1)
        if status == RoundStatus.SCORING:
            Entry.objects.filter(sheet__round=round_).update(points=1)
        if action == "rescore":
            Appeal.objects.create(
                sheet=_sheet(round_), text="申诉", filed_by=_officer(), filed_at=timezone.now()
            )
        return round_

    def act(round_, action):
        sheet = RoundSchool.objects.filter(round=round_, school__code="s01").first()
        entry = Entry.objects.filter(sheet=sheet).first()
        moves = {
            "open": lambda: services.open_round(actor=admin(), round_=round_),
            "self_assess": lambda: services.self_assess(
                actor=_officer(), entry=entry, self_points="1", note="已落实"
            ),
            "submit": lambda: services.submit_sheet(actor=_officer(), sheet=sheet),
            "start_scoring": lambda: services.start_scoring(actor=admin(), round_=round_),
            "score": lambda: services.score_entry(actor=inspector(), entry=entry, points="1"),
            "veto": lambda: services.apply_veto(
                actor=inspector(),
                sheet=sheet,
                item=VetoItem.objects.filter(version=round_.version).first(),
                reason="瞒报",
            ),
            "publish": lambda: services.publish_round(actor=admin(), round_=round_),
            "appeal": lambda: services.file_appeal(actor=_officer(), sheet=sheet, text="申诉"),
            "rescore": lambda: services.answer_appeal(
                actor=admin(),
                appeal=Appeal.objects.get(sheet=sheet),
                answer="复核",
                rescores={entry.pk: "2"},
            ),
            "close": lambda: services.close_round(actor=admin(), round_=round_),
        }
        moves[action]()

    check_move(ROUND, state, action, make=make, act=act, trace=_trace)


@every_move(APPEAL)
def test_appeals_follow_their_table(state, action):
    def make(status):
        round_ = make_round(RoundStatus.PUBLISHED)
        appeal = services.file_appeal(actor=_officer(), sheet=_sheet(round_), text="申诉")
        if status == AppealStatus.ANSWERED:
            services.answer_appeal(actor=admin(), appeal=appeal, answer="维持原评分")
        return appeal

    def act(appeal, action):
        services.answer_appeal(actor=admin(), appeal=appeal, answer="再次答复")

    check_move(APPEAL, state, action, make=make, act=act, trace=lambda a: _trace(a.sheet.round))
