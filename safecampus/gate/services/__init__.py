"""Every change at the gate, one function per action (see the modules by step)."""
