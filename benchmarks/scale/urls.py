"""The product's URLs plus the anchor (benchmarks/scale/anchor.py), for the benchmark only."""

from django.urls import path

from benchmarks.scale.anchor import anchor
from openlead.urls import urlpatterns as product

urlpatterns = [path("bench/anchor/", anchor, name="bench_anchor"), *product]
