"""The plan as values and what can be asked of it: the model, statuses, the timing grammar, queries,
parties, text folding and summaries. Pure: no files, no git, no terminal; today is passed in."""
