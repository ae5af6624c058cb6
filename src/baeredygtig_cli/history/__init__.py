"""The plan's history in git: versions of plan.yaml, the log, the plan as of a day, quiet activities,
and git's merge driver set-up. The layer that runs git."""
