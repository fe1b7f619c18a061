"""Evaluation runs started from the web app: the evaluation engine on a program's own data.

Evaluators and program admins press "Run the evaluation now"; a detached
`openlead evaluate-program --run` process writes a de-identified extract into the run's
directory, runs every design over it, deletes the row-level extract, and leaves only the
aggregate, small-cell-suppressed outputs that the status page shows.
"""
