"""Workflows as tables: (state, action) → (next state, who may act).

Each app declares its tables in its own `workflow.py` (hazards, gate, emergencies, ...) and its
services ask the table, and only the table, whether a move is possible and where it leads. Any
move the table does not list is refused with a `DomainError` carrying the table's message, before
anything is written.

A next state is a state, or a function of the row for a move whose outcome depends on it (an
accepted major hazard stays under supervision). Who may act is a capability, a tuple of
capabilities (any of them), or a named rule the service checks (the responsible person); the
services check it, the table says it. A state is a stored status, or for workflows without a
status column a state computed from the rows (`state=`): a child picked up today, a letter
signed. Derived deadlines (overdue, late) are not states: queries compute them.
"""

from operator import attrgetter

from safecampus.core.errors import DomainError


class Workflow:
    def __init__(self, transitions, *, states, refused, state=attrgetter("status"), label=None):
        """`states`: every state (a TextChoices or an enum); `refused`: the message for a move
        the table does not list, one for all actions or {action: message}, each may name the
        current state as %(status)s, or be a function of the row for a message that names more
        of it; `state`: how to read a row's state; `label`: how to show it in a message."""
        self.transitions = dict(transitions)
        self.states = list(states)
        self.refused = refused
        self.state = state
        self.label = label or (lambda obj: self.state(obj))
        unknown = {s for s, _a in self.transitions} - set(self.states)
        if unknown:
            raise ValueError(f"states not declared: {sorted(unknown)}")
        if isinstance(refused, dict) and set(self.actions) - set(refused):
            raise ValueError(f"no refusal message for {sorted(set(self.actions) - set(refused))}")

    @property
    def actions(self):
        return sorted({action for _state, action in self.transitions})

    def allowed(self, state, action):
        return (state, action) in self.transitions

    def who(self, state, action):
        return self.transitions[(state, action)][1]

    def moves(self, action):
        """{state: next state} for `action`: for a job that moves every row due at once."""
        return {
            state: target
            for (state, act), (target, _who) in self.transitions.items()
            if act == action
        }

    def refusal(self, obj, action):
        message = self.refused[action] if isinstance(self.refused, dict) else self.refused
        if callable(message):
            return str(message(obj))
        return str(message) % {"status": self.label(obj)}

    def check(self, obj, action):
        """Refuse the move if the table does not list it from `obj`'s state."""
        if not self.allowed(self.state(obj), action):
            raise DomainError(self.refusal(obj, action))

    def next_state(self, obj, action):
        """The state `obj` goes to on `action`, or a DomainError if the table has no such move."""
        self.check(obj, action)
        target, _who = self.transitions[(self.state(obj), action)]
        return target(obj) if callable(target) else target
