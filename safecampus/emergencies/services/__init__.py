"""Every change in emergencies: one function per action, split by concept; import from the
submodules (alarms, plans, incidents, drills, robots, devices, rules)."""
