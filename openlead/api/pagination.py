"""Pages of at most 25 rows (the pages' own limit), numbered like the pages'."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

MAX_PAGE = 25


class ApiPagination(PageNumberPagination):
    page_size = MAX_PAGE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE
