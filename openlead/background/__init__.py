"""Background runs a program starts from the web app (record linkage, evaluation).

`models` holds the abstract `BackgroundRun` that `records.LinkageRun` and
`reports.EvaluationRun` share, `actions` its writes (start, report, finish, stop, and the
stale-run sweep), and `process` the launcher of the detached `python -m openlead ...`
process that does the work, so no web worker waits on it.
"""
