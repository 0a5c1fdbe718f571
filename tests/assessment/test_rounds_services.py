"""Rounds through their services: a veto caps the grade whatever the points, computed
indicators read the figures of hand-built data, an appeal after the window is refused, a bad
input is refused with its message and saves nothing, a used scheme version is frozen."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from safecampus.assessment import grading
from safecampus.assessment.models import (
    Appeal,
    Entry,
    GradeBand,
    Indicator,
    RoundSchool,
    RoundStatus,
    Veto,
    VetoItem,
)
from safecampus.assessment.services import rounds as services
from safecampus.assessment.services import schemes as scheme_services
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.hazards.models import Hazard, Status
from tests.assessment.rounds_helpers import (
    admin,
    inspector,
    make_round,
    score_all,
    starter_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English source text."""
    with translation.override("en"):
        yield


def _sheet(round_, code):
    return RoundSchool.objects.get(round=round_, school__code=code)


def test_a_veto_caps_the_grade_whatever_the_points():
    round_ = make_round(RoundStatus.SCORING)
    sheet = _sheet(round_, "s01")
    score_all(round_)
    sheet.refresh_from_db()
    assert sheet.total == Decimal("100.0")
    assert sheet.grade == "优秀"
    item = VetoItem.objects.get(version=round_.version, position=6)
    services.apply_veto(actor=inspector(), sheet=sheet, item=item, reason="瞒报一起学生受伤事故")
    sheet.refresh_from_db()
    assert (sheet.total, sheet.vetoed, sheet.grade) == (Decimal("100.0"), True, "不合格")
    assert AuditEvent.objects.filter(action="assessment.veto").exists()
    # The other school keeps its grade; the vetoed one ranks last.
    assert _sheet(round_, "s02").grade == "优秀"


def test_a_veto_cap_band_in_the_middle_caps_there():
    bands = [
        GradeBand(label="5A", min_points=90),
        GradeBand(label="4A", min_points=80),
        GradeBand(label="3A", min_points=70, veto_cap=True),
        GradeBand(label="2A", min_points=0),
    ]
    assert grading.grade_for(Decimal(95), bands, vetoed=False) == "5A"
    assert grading.grade_for(Decimal(95), bands, vetoed=True) == "3A"
    assert grading.grade_for(Decimal(50), bands, vetoed=True) == "2A"
    assert grading.grade_for(Decimal(75), bands, vetoed=False) == "3A"


def test_computed_indicators_read_hand_built_figures(org):
    s01 = org("s01")
    # Four of s01's hazards found in March 2001, three of them closed: 75 % closed.
    hazards = list(Hazard.objects.filter(school=s01).exclude(status__in=["rejected", "merged"]))
    found_at = timezone.make_aware(datetime.combine(date(2001, 3, 5), time(10)))
    for n, hazard in enumerate(hazards[:4]):
        Hazard.objects.filter(pk=hazard.pk).update(
            reported_at=found_at,
            status=Status.CLOSED if n < 3 else Status.RECTIFYING,
        )
    round_ = make_round(RoundStatus.SELF_ASSESSMENT)
    rate = Entry.objects.get(sheet__round=round_, sheet__school=s01, indicator__name="隐患销号率")
    assert rate.figure["value"] == 75.0
    assert rate.figure["metric"] == "hazards.closure_rate"
    assert rate.computed_points == Decimal("4.0")  # 70 ≤ 75 < 85
    # s02 found nothing in 2001: no rate, no computed points; the inspectors score it.
    other = Entry.objects.get(
        sheet__round=round_, sheet__school__code="s02", indicator__name="隐患销号率"
    )
    assert other.figure["value"] is None and other.computed_points is None
    services.start_scoring(actor=admin(), round_=round_)
    rate.refresh_from_db()
    assert rate.points == Decimal("4.0")


def test_an_appeal_after_the_window_is_refused(person):
    round_ = make_round(RoundStatus.PUBLISHED)
    sheet = _sheet(round_, "s01")
    officer = person("s01.officer")
    round_.refresh_from_db()
    assert round_.appeal_until == timezone.localdate() + timedelta(days=10)
    type(round_).objects.filter(pk=round_.pk).update(
        appeal_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(DomainError, match="appeal window closed"):
        services.file_appeal(actor=officer, sheet=sheet, text="请复核")
    assert not Appeal.objects.filter(sheet=sheet).exists()


def test_an_appeal_in_the_window_is_answered_with_a_rescore(person):
    round_ = make_round(RoundStatus.SCORING)
    score_all(round_, points=Decimal("5"))
    services.publish_round(actor=admin(), round_=round_)
    sheet = _sheet(round_, "s01")
    before = sheet.total
    appeal = services.file_appeal(actor=person("s01.officer"), sheet=sheet, text="演练记录漏算")
    with pytest.raises(DomainError):
        services.file_appeal(actor=person("s01.officer"), sheet=sheet, text="再次申诉")
    with pytest.raises(DomainError, match="open appeals"):
        services.close_round(actor=admin(), round_=round_)
    entry = Entry.objects.get(sheet=sheet, indicator__name="应急疏散演练")
    services.answer_appeal(
        actor=admin(), appeal=appeal, answer="核实属实", rescores={entry.pk: Decimal("10")}
    )
    sheet.refresh_from_db()
    appeal.refresh_from_db()
    assert sheet.total == before + 5
    assert appeal.before["total"] == str(before) and appeal.after["total"] == str(sheet.total)
    services.close_round(actor=admin(), round_=round_)


def test_a_school_cannot_self_assess_another_school(person):
    round_ = make_round(RoundStatus.SELF_ASSESSMENT)
    entry = Entry.objects.filter(sheet__round=round_, sheet__school__code="s02").first()
    with pytest.raises(PermissionRefused):
        services.self_assess(actor=person("s01.officer"), entry=entry, self_points="3")


def test_bad_input_is_refused_and_saves_nothing(person):
    round_ = make_round(RoundStatus.SELF_ASSESSMENT)
    entry = (
        Entry.objects.filter(sheet__round=round_, sheet__school__code="s01")
        .select_related("indicator")
        .first()
    )
    officer = person("s01.officer")
    with pytest.raises(InvalidFields) as refused:
        services.self_assess(
            actor=officer,
            entry=entry,
            self_points=entry.indicator.max_points + 1,
            note="多给了分",
            links=[{"url": "https://example.com/x", "label": "外链"}],
        )
    assert set(refused.value.fields) == {"self_points", "links"}
    entry.refresh_from_db()
    assert (entry.self_points, entry.note, entry.links) == (None, "", [])
    with pytest.raises(DomainError, match="every indicator"):
        services.submit_sheet(actor=officer, sheet=entry.sheet)
    services.start_scoring(actor=admin(), round_=round_)
    with pytest.raises(InvalidFields):
        services.score_entry(actor=inspector(), entry=entry, points="abc")
    with pytest.raises(InvalidFields):
        services.apply_veto(
            actor=inspector(),
            sheet=entry.sheet,
            item=VetoItem.objects.filter(version=round_.version).first(),
            reason="  ",
        )
    assert not Veto.objects.filter(sheet=entry.sheet).exists()
    with pytest.raises(DomainError, match="not scored yet"):
        services.publish_round(actor=admin(), round_=round_)


def test_a_used_version_is_frozen_and_an_edit_makes_the_next(org):
    version = starter_version()
    own = scheme_services.copy_scheme(
        actor=admin(), bureau=org("demo-district"), scheme=version.scheme, name="本区方案"
    )
    mine = own.versions.get()
    indicator = Indicator.objects.filter(area__version=mine).order_by("area__position").first()
    # Unused: edited in place.
    same = scheme_services.edit_indicator(
        actor=admin(), indicator=indicator, name="领导小组", max_points="6", rule="manual"
    )
    assert same.pk == indicator.pk and own.versions.count() == 1
    make_round_on = services.create_round(
        actor=admin(),
        bureau=org("demo-district"),
        version=mine,
        title="本区考核",
        starts_on=date(2002, 1, 1),
        ends_on=date(2002, 12, 31),
        self_due=date(2002, 12, 1),
        appeal_days=5,
    )
    assert make_round_on.version == mine
    changed = scheme_services.edit_indicator(
        actor=admin(), indicator=same, name="领导小组和责任体系", max_points="7", rule="manual"
    )
    assert changed.pk != same.pk and changed.area.version.number == 2
    same.refresh_from_db()
    assert (same.name, same.max_points) == ("领导小组", Decimal("6.0"))
    with pytest.raises(DomainError, match="starter"):
        scheme_services.set_vetoes(actor=admin(), version=version, items=[("x", "")])


def test_a_school_cannot_manage_schemes_or_rounds(person, org):
    with pytest.raises(PermissionRefused):
        scheme_services.copy_scheme(
            actor=person("s01.principal"),
            bureau=org("demo-district"),
            scheme=starter_version().scheme,
            name="x",
        )
    round_ = make_round()
    with pytest.raises(PermissionRefused):
        services.open_round(actor=inspector(), round_=round_)
