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
