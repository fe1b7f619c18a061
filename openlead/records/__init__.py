"""Imported justice records (arrests, charges, bookings, jail stays), import batches and
the linkage review queue. See docs/records.md."""
