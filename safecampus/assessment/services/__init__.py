"""Every state change of the assessment app, one function per user action, by concept: the
cockpit's ranking weights, the schemes, the rounds (opening, self-assessment, scoring, vetoes,
publication, appeals)."""

from safecampus.assessment.services.weights import MAX_WEIGHT, reset_weights, set_weights

__all__ = ["MAX_WEIGHT", "reset_weights", "set_weights"]
