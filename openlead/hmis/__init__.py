"""HMIS CSV FY2026 export (issue 15): a program's HMIS project settings, who is covered
by a release to the continuum of care, and the files written from the program's records.
The file layouts and the validator are in the pure package `openlead.hmis_spec`."""
