"""Reports: evaluation runs started from the web app, and the de-identified extract.

Evaluators and program admins press "Run the evaluation now"; a detached
`openlead evaluate-program --run` process (evaluation_worker.py) writes a de-identified
extract (extract.py) into the run's directory, runs every design over it, deletes the
row-level extract, and leaves only the aggregate, small-cell-suppressed outputs that the
status page shows.
"""
