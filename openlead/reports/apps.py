from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports: evaluation-run pages and the de-identified evaluation extract.

    The app was `openlead.evaluation_runs`. Renamed apps keep their tables: the label stays
    "evaluation_runs", so the table names (evaluation_runs_evaluationrun), the content
    types and the migration history (migrations/, moved here unchanged) are the same.
    """

    name = "openlead.reports"
    label = "evaluation_runs"
    verbose_name = "Reports"

    def ready(self) -> None:
        # A deletion keeps the policy group's past quarters as counts (issue 14).
        from openlead.reports.actions import keep_pcg_counts_on_deletion
        from openlead.retention.signals import people_deleting

        people_deleting.connect(keep_pcg_counts_on_deletion, dispatch_uid="reports.pcg_kept")
