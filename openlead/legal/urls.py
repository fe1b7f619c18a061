"""Legal URLs (merged explicitly into openlead/urls.py, so the permission matrix sees every
name): the prosecutor's queue and decisions, cases and the defense, the work group, legal demands."""

from openlead.legal import urls_cases, urls_defense, urls_demands, urls_owg, urls_prosecutor

urlpatterns = [
    *urls_prosecutor.urlpatterns,
    *urls_cases.urlpatterns,
    *urls_defense.urlpatterns,
    *urls_owg.urlpatterns,
    *urls_demands.urlpatterns,
]
