"""The anchor's plain table: no encryption, no audit, no scope (benchmarks/scale/anchor.py).

No migrations: the benchmark creates the table itself (anchor.ensure_table), so the
product's migrations never know it."""

from django.db import models


class AnchorRow(models.Model):
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=16)
    amount = models.IntegerField()
    created_at = models.DateTimeField()

    class Meta:
        app_label = "bench_scale"

    def __str__(self) -> str:
        return self.name
