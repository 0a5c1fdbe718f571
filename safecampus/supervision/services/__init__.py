"""Every state change of supervision, one module per concept: one function per user action."""
