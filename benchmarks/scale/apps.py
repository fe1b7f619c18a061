from django.apps import AppConfig


class BenchScaleConfig(AppConfig):
    """The anchor's table and view; installed only by benchmarks/scale/settings.py."""

    name = "benchmarks.scale"
    label = "bench_scale"
    default_auto_field = "django.db.models.BigAutoField"
