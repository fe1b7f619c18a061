"""The caseload benchmark at statewide scale (issue 16): its world builder, shared with
the suite (tests/casework/test_scale_world.py), and its serving harness
(benchmarks/caseload_scale.py runs both)."""
