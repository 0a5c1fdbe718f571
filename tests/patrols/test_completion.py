"""Completion of a round from its planned checkpoints and scans: pure functions."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safecampus.patrols.completion import ScanFact, closing_status, compute, kept_in_order
from safecampus.patrols.models import RoundStatus

START = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 21:00 in Shanghai
END = START + timedelta(minutes=40)
A, B, C, D = 11, 12, 13, 14
PLAN = (A, B, C, D)


def at(minutes):
    return START + timedelta(minutes=minutes)


def run(scans, plan=PLAN, tolerance=10):
    return compute(
        plan, [ScanFact(cp, at(m)) for cp, m in scans], ends_at=END, tolerance_minutes=tolerance
    )


def test_every_checkpoint_in_order_in_time_is_clean():
    c = run([(A, 1), (B, 5), (C, 9), (D, 20)])
    assert c.complete and c.clean
    assert (c.missing, c.late, c.out_of_order, c.duplicates) == ((), (), (), 0)
    assert closing_status(c) == RoundStatus.DONE


def test_a_scan_after_the_end_within_the_tolerance_is_on_time():
    c = run([(A, 1), (B, 5), (C, 9), (D, 50)])
    assert c.late == ()


def test_a_scan_after_the_end_plus_tolerance_is_late():
    c = run([(A, 1), (B, 5), (C, 50), (D, 51)])
    assert c.late == (D,)
    assert c.complete and not c.clean
    assert closing_status(c) == RoundStatus.DONE


def test_exactly_at_the_end_plus_tolerance_is_not_late():
    assert run([(A, 50)]).late == ()
    assert compute(
        PLAN,
        [ScanFact(A, END + timedelta(minutes=10, seconds=1))],
        ends_at=END,
        tolerance_minutes=10,
    ).late == (A,)


def test_missing_checkpoints_in_route_order():
    c = run([(C, 3), (A, 1)])
    assert c.missing == (B, D)
    assert not c.complete
    assert closing_status(c) == RoundStatus.INCOMPLETE


def test_nothing_scanned_is_missed():
    c = run([])
    assert c.missing == PLAN and c.visited == ()
    assert closing_status(c) == RoundStatus.MISSED


def test_one_checkpoint_swapped_is_the_only_one_out_of_order():
    c = run([(A, 1), (C, 2), (B, 3), (D, 4)])
    # A, B, D (or A, C, D) keep the route's order; the earlier-scanned run is kept.
    assert c.out_of_order == (B,)
    assert c.complete and not c.clean


def test_a_route_walked_backwards_keeps_only_one_in_order():
    c = run([(D, 1), (C, 2), (B, 3), (A, 4)])
    assert c.out_of_order == (C, B, A)


def test_the_longest_ordered_run_is_kept_not_the_first_scan():
    # D first, then the rest in order: only D is out of order.
    c = run([(D, 1), (A, 2), (B, 3), (C, 4)])
    assert c.out_of_order == (D,)


def test_duplicates_count_once_and_the_first_scan_decides():
    c = run([(A, 1), (A, 2), (B, 3), (B, 55), (C, 4), (D, 5), (A, 60)])
    assert c.duplicates == 3
    assert c.late == ()
    assert c.out_of_order == ()
    assert c.visited == (A, B, C, D)


def test_a_late_duplicate_of_an_on_time_scan_is_not_late():
    assert run([(A, 1), (A, 70)]).late == ()


def test_a_duplicate_does_not_make_the_route_out_of_order():
    c = run([(A, 1), (B, 2), (A, 3), (C, 4), (D, 5)])
    assert c.out_of_order == () and c.duplicates == 1


def test_scans_of_checkpoints_not_planned_are_ignored():
    c = run([(A, 1), (99, 2), (B, 3), (C, 4), (D, 5)])
    assert c.clean and c.visited == PLAN


def test_scans_are_judged_in_time_order_whatever_order_they_arrive_in():
    c = run([(D, 20), (B, 5), (A, 1), (C, 9)])
    assert c.clean


def test_kept_in_order_prefers_earlier_items_between_equal_runs():
    assert kept_in_order([2, 1]) == [0]
    assert kept_in_order([1, 3, 2]) == [0, 1]
    assert kept_in_order([]) == []


@given(st.lists(st.sampled_from(PLAN), max_size=12), st.lists(st.integers(0, 90), max_size=12))
def test_properties(order, minutes):
    scans = list(zip(order, minutes, strict=False))
    c = run(scans)
    scanned = {cp for cp, _ in scans}
    assert set(c.visited) == scanned
    assert set(c.missing) == set(PLAN) - scanned
    assert c.duplicates == len(scans) - len(scanned)
    assert set(c.out_of_order) <= set(c.visited)
    assert set(c.late) <= set(c.visited)
    # What is kept in order really is in route order, in scan order.
    kept = [PLAN.index(cp) for cp in c.visited if cp not in c.out_of_order]
    assert kept == sorted(kept)
    assert c.clean == (not c.missing and not c.late and not c.out_of_order)
