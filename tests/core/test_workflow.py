"""The transition-table helper every app's workflow.py uses."""

from enum import StrEnum
from types import SimpleNamespace

import pytest

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.workflow import Workflow


class Door(StrEnum):
    SHUT = "shut"
    OPEN = "open"
    LOCKED = "locked"


DOOR = Workflow(
    {
        (Door.SHUT, "open"): (Door.OPEN, "anyone"),
        (Door.OPEN, "shut"): (Door.SHUT, "anyone"),
        (Door.SHUT, "lock"): (lambda door: Door.LOCKED if door.key else Door.SHUT, "keyholder"),
    },
    states=Door,
    refused="The door is %(status)s.",
)


def door(state, key=False):
    return SimpleNamespace(status=state, key=key)


def test_a_listed_move_gives_its_next_state():
    assert DOOR.next_state(door(Door.SHUT), "open") == Door.OPEN
    assert DOOR.next_state(door(Door.SHUT, key=True), "lock") == Door.LOCKED
    assert DOOR.next_state(door(Door.SHUT), "lock") == Door.SHUT
    assert DOOR.who(Door.SHUT, "lock") == "keyholder"


def test_any_other_move_is_a_domain_error_naming_the_state():
    with pytest.raises(DomainError) as refused:
        DOOR.next_state(door(Door.LOCKED), "open")
    assert refused.value.message == "The door is locked."
    assert not isinstance(refused.value, PermissionRefused)
    assert not DOOR.allowed(Door.OPEN, "lock")


def test_a_table_names_its_states_and_a_refusal_for_each_action():
    with pytest.raises(ValueError, match="states not declared"):
        Workflow({("ajar", "open"): (Door.OPEN, "anyone")}, states=Door, refused="no")
    with pytest.raises(ValueError, match="no refusal message"):
        Workflow({(Door.SHUT, "open"): (Door.OPEN, "anyone")}, states=Door, refused={"shut": "no"})
    assert DOOR.actions == ["lock", "open", "shut"]


def test_a_job_reads_every_move_of_its_action():
    assert DOOR.moves("open") == {Door.SHUT: Door.OPEN}
    assert DOOR.moves("unhinge") == {}


def test_a_refusal_may_be_written_from_the_row():
    bolted = Workflow(
        {(Door.SHUT, "open"): (Door.OPEN, "anyone")},
        states=Door,
        refused=lambda door: f"Locked by {door.by}.",
    )
    with pytest.raises(DomainError) as refused:
        bolted.check(SimpleNamespace(status=Door.LOCKED, by="the caretaker"), "open")
    assert refused.value.message == "Locked by the caretaker."
