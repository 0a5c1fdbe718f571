"""The GB 11643 check digit: known numbers, and every single-digit error is caught."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from safecampus.core import idcard

TODAY = date(2026, 11, 22)


def test_known_valid_numbers_pass():
    # The standard's own example (check character X) and two more computed by hand.
    for number in ("11010519491231002X", "440524198001010013", "110101199003074477"):
        assert idcard.is_valid(number, today=TODAY), number


def test_a_lower_case_x_and_spaces_are_accepted():
    assert idcard.is_valid(" 11010519491231002x ", today=TODAY)


def test_known_invalid_numbers_fail():
    for number in (
        "110105194912310021",  # wrong check character
        "11010519491231002",  # 17 characters
        "1101051949123100211",  # 19 characters
        "010105194912310028",  # starts with 0
        "11010519491331002X",  # month 13
        "11010520991231002X",  # born in the future
        "1101051949123100X2",  # X not at the end
        "",
    ):
        assert not idcard.is_valid(number, today=TODAY), number


def test_check_char_of_the_standard_example():
    assert idcard.check_char("11010519491231002") == "X"


@st.composite
def valid_numbers(draw):
    region = draw(st.integers(min_value=110000, max_value=829999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + idcard.check_char(first17)


@given(valid_numbers())
def test_every_generated_valid_number_passes(number):
    assert idcard.is_valid(number, today=TODAY)


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.integers(1, 10))
def test_every_single_character_change_fails(number, position, shift):
    """Any one position changed to any other character of its alphabet is rejected."""
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    if replacement == number[position]:
        replacement = alphabet[(current + 1) % len(alphabet)]
    changed = number[:position] + replacement + number[position + 1 :]
    assert changed != number
    assert not idcard.is_valid(changed, today=TODAY)
