"""The safety plan's screens: the wizard, the plan as she reads it, and printing it."""
