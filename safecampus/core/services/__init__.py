"""State changes of the shared kernel: one function per user action, each in a transaction."""
