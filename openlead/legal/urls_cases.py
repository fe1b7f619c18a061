"""Cases, charges and court dates, and the defender's pages (tests/legal/cases_matrix.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
