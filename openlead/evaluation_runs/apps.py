from django.apps import AppConfig


class EvaluationRunsConfig(AppConfig):
    name = "openlead.evaluation_runs"
    label = "evaluation_runs"
    verbose_name = "Evaluation runs"
