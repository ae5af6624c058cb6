"""plan.yaml as a file: reading it from disk, its schema, every edit as a proved splice, the merge of
three versions, conflicts, imports from Word, Excel and csv, new plans, and the caches of what was read."""
