"""Signals programs sends; apps above programs in the layers (casework) receive them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside do_create_program's transaction with `program` and `acting`; a receiver that
# fails rolls the new program back.
program_created = Signal()
