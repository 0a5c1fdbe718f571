"""The level of a score at every threshold of both methods and both default rule sets."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safecampus.risks import levels
from safecampus.risks.levels import Level, Method
from safecampus.risks.rules import DEFAULT, THREE_LEVELS

FOUR_LEC = DEFAULT.lec_bands
FOUR_MATRIX = DEFAULT.matrix_bands
THREE_LEC = THREE_LEVELS["lec_bands"]
THREE_MATRIX = THREE_LEVELS["matrix_bands"]


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("0.001", Level.LOW),
        ("69.99", Level.LOW),
        ("70", Level.GENERAL),
        ("159.99", Level.GENERAL),
        ("160", Level.SIGNIFICANT),
        ("319.99", Level.SIGNIFICANT),
        ("320", Level.MAJOR),
        ("10000", Level.MAJOR),
    ],
)
def test_lec_bands_are_half_open_at_every_boundary(value, level):
    assert levels.level_for(Decimal(value), FOUR_LEC) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, Level.LOW),
        (3, Level.LOW),
        (4, Level.GENERAL),
        (8, Level.GENERAL),
        (9, Level.SIGNIFICANT),
        (16, Level.SIGNIFICANT),
        (20, Level.MAJOR),
        (25, Level.MAJOR),
    ],
)
def test_matrix_bands_at_every_boundary(value, level):
    assert levels.level_for(value, FOUR_MATRIX) == level


@pytest.mark.parametrize(
    ("bands", "value", "level"),
    [
        (THREE_LEC, "69.99", Level.LOW),
        (THREE_LEC, "70", Level.GENERAL),
        (THREE_LEC, "159.99", Level.GENERAL),
        (THREE_LEC, "160", Level.MAJOR),
        (THREE_MATRIX, "5", Level.LOW),
        (THREE_MATRIX, "6", Level.GENERAL),
        (THREE_MATRIX, "14", Level.GENERAL),
        (THREE_MATRIX, "15", Level.MAJOR),
    ],
)
def test_the_three_level_scheme_at_every_boundary(bands, value, level):
    assert levels.level_for(Decimal(value), bands) == level


def test_typical_scores():
    # Canteen gas: likely (6), daily (6), one death possible (15): D = 540, major.
    d = levels.score(Method.LEC, likelihood=6, exposure=6, consequence=15)
    assert d == 540 and levels.level_for(d, FOUR_LEC) == Level.MAJOR
    # Stairwell at dismissal: possible (3), daily (6), serious injury (7): D = 126, general.
    d = levels.score(Method.LEC, likelihood=3, exposure=6, consequence=7)
    assert levels.level_for(d, FOUR_LEC) == Level.GENERAL
    r = levels.score(Method.MATRIX, likelihood=4, severity=4)
    assert r == 16 and levels.level_for(r, FOUR_MATRIX) == Level.SIGNIFICANT


def test_control_level_follows_the_grade():
    assert levels.control_level_for(Level.MAJOR) == levels.ControlLevel.SCHOOL
    assert levels.control_level_for(Level.LOW) == levels.ControlLevel.POST


L = st.sampled_from([v for v, _label in levels.LEC_L])
E = st.sampled_from([v for v, _label in levels.LEC_E])
C = st.sampled_from([v for v, _label in levels.LEC_C])
M = st.sampled_from([v for v, _label in levels.MATRIX_L])


@given(L, L, E, C, st.sampled_from([FOUR_LEC, THREE_LEC]))
def test_a_higher_likelihood_never_lowers_the_lec_level(l1, l2, e, c, bands):
    low, high = sorted([l1, l2])
    a = levels.level_for(levels.score(Method.LEC, likelihood=low, exposure=e, consequence=c), bands)
    b = levels.level_for(
        levels.score(Method.LEC, likelihood=high, exposure=e, consequence=c), bands
    )
    assert levels.rank(a) <= levels.rank(b)


@given(L, E, E, C)
def test_more_exposure_never_lowers_the_lec_level(lk, e1, e2, c):
    low, high = sorted([e1, e2])
    a = levels.level_for(
        levels.score(Method.LEC, likelihood=lk, exposure=low, consequence=c), FOUR_LEC
    )
    b = levels.level_for(
        levels.score(Method.LEC, likelihood=lk, exposure=high, consequence=c), FOUR_LEC
    )
    assert levels.rank(a) <= levels.rank(b)


@given(L, E, C, C)
def test_a_worse_consequence_never_lowers_the_lec_level(lk, e, c1, c2):
    low, high = sorted([c1, c2])
    a = levels.level_for(
        levels.score(Method.LEC, likelihood=lk, exposure=e, consequence=low), FOUR_LEC
    )
    b = levels.level_for(
        levels.score(Method.LEC, likelihood=lk, exposure=e, consequence=high), FOUR_LEC
    )
    assert levels.rank(a) <= levels.rank(b)


@given(M, M, M, st.sampled_from([FOUR_MATRIX, THREE_MATRIX]))
def test_the_matrix_level_is_monotonic_in_both_factors(a, b, s, bands):
    low, high = sorted([a, b])
    for lower, upper in [
        (
            levels.score(Method.MATRIX, likelihood=low, severity=s),
            levels.score(Method.MATRIX, likelihood=high, severity=s),
        ),
        (
            levels.score(Method.MATRIX, likelihood=s, severity=low),
            levels.score(Method.MATRIX, likelihood=s, severity=high),
        ),
    ]:
        assert levels.rank(levels.level_for(lower, bands)) <= levels.rank(
            levels.level_for(upper, bands)
        )


def test_the_default_rule_set_is_named_in_the_readers_language():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(DEFAULT.name) == "四级（LEC 320/160/70，矩阵 20/9/4）"
    with translation.override("en"):
        assert str(DEFAULT.name).startswith("Four levels")
