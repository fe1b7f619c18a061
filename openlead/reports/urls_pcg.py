"""The policy coordinating group's quarterly report (tests/reports/pcg_matrix.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
