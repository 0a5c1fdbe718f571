"""Every state change of safety education: one function per user action."""
