"""The property every workflow table holds, for the hypothesis tests of each app.

For a (state, action) pair: put a row in that state, try the action through its service with
someone allowed to act, and check the answer against the table. A move the table lists succeeds
and lands in the table's next state; any other is refused with the table's message (a
DomainError, not a refused permission) and changes nothing: not the row, not its audit trail.
A periodic job refuses nothing: it passes over the rows its table does not let it move, and
those it passes over stay as they were (`check_sweep`).
Hypothesis draws the pairs; every pair is also an explicit example, so each run tries them all.
"""

from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from safecampus.core.errors import DomainError, PermissionRefused


def reload(row):
    """The same row, read again from the database."""
    return type(row).objects.get(pk=row.pk)


def every_move(workflow, **arguments):
    """Run the test for every (state, action) of `workflow`, then for drawn ones. `arguments`:
    name=(strategy, the value the explicit examples use) for the test's other arguments."""
    plain = {name: value for name, (_strategy, value) in arguments.items()}
    drawn = {name: strategy for name, (strategy, _value) in arguments.items()}

    def decorate(test):
        for state in workflow.states:
            for action in workflow.actions:
                test = example(state=state, action=action, **plain)(test)
        test = given(
            state=st.sampled_from(workflow.states),
            action=st.sampled_from(workflow.actions),
            **drawn,
        )(test)
        return settings(
            max_examples=10,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )(test)

    return decorate


def check_move(workflow, state, action, *, make, act, trace, again=reload):
    """`make(state)` a row in `state`; `act(row, action)` runs the service; `trace(row)` is
    everything the move may write (the row, its related rows, the audit events); `again(row)`
    reads the row back."""
    savepoint = transaction.savepoint_create()
    try:
        row = make(state)
        assert workflow.state(again(row)) == state, f"the test made a {workflow.state(row)} row"
        before = trace(row)
        if workflow.allowed(state, action):
            act(row, action)
            after = again(row)
            target, _who = workflow.transitions[(state, action)]
            expected = target(after) if callable(target) else target
            assert workflow.state(after) == expected, f"{state} --{action}--> {after}"
            return
        try:
            act(row, action)
        except PermissionRefused as exc:
            raise AssertionError(f"{state} --{action}: refused as a permission: {exc}") from exc
        except DomainError as exc:
            assert str(exc.message) == workflow.refusal(again(row), action)
        else:
            raise AssertionError(f"{state} --{action}--> accepted, but the table has no such move")
        assert trace(row) == before, f"a refused {action} on a {state} row changed it"
    finally:
        transaction.savepoint_rollback(savepoint)


def check_sweep(workflow, state, action, *, make, sweep, trace, again=reload):
    """The same property for a job's `action`: `sweep(row)` runs the job once the row's time is
    over; it moves the row where the table says, or leaves it exactly as it was."""
    savepoint = transaction.savepoint_create()
    try:
        row = make(state)
        assert workflow.state(again(row)) == state, f"the test made a {workflow.state(row)} row"
        before = trace(row)
        sweep(row)
        after = again(row)
        if workflow.allowed(state, action):
            target, _who = workflow.transitions[(state, action)]
            expected = target(after) if callable(target) else target
            assert workflow.state(after) == expected, f"{state} --{action}--> {after}"
            return
        assert trace(row) == before, f"the job's {action} moved a {state} row"
    finally:
        transaction.savepoint_rollback(savepoint)
