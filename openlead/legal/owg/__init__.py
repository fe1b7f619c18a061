"""The operational work group (issue 13, item 5): meetings, their generated agendas and
their minutes. `registry` lets other apps add agenda sections without legal importing
them (casework's no-contact section: the golden-rule contract forbids legal -> casework)."""
