"""The same-run anchor: a bare Django list view, 50 rows of a 100,000-row plain table.

It runs under the product's settings and middleware (benchmarks/scale/settings.py), but
with no login, no access policy, no audit event and no decryption: what Django and the
stack cost on this machine at this moment, to divide the product's pages by."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from benchmarks.scale.bulk import BulkTable
from benchmarks.scale.models import AnchorRow

ROWS = 100_000


def anchor(request: HttpRequest) -> HttpResponse:
    rows = AnchorRow._default_manager.order_by("-pk")[:50]
    return render(request, "bench_scale/anchor.html", {"rows": rows})


def ensure_table() -> int:
    """Create and fill the anchor's table once; returns its row count."""
    if AnchorRow._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(AnchorRow)
    have = AnchorRow._default_manager.count()
    if have < ROWS:
        table = BulkTable(AnchorRow, ["name", "kind", "amount", "created_at"])
        now = timezone.now()
        values = (
            (f"Row {i}", ("alpha", "beta", "gamma")[i % 3], i % 997, now - dt.timedelta(minutes=i))
            for i in range(have, ROWS)
        )
        with transaction.atomic():
            table.write(table.rows(values))
    return int(AnchorRow._default_manager.count())
