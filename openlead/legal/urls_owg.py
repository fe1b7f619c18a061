"""The operational work group's meetings, agendas and minutes (tests/legal/owg_matrix.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
