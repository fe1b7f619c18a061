from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "openlead.legal"
    label = "legal"
    verbose_name = "Legal coordination"

    def ready(self) -> None:
        # Accepted record links become pending cases (openlead.legal.cases.actions.linkage).
        from openlead.legal.cases.actions.linkage import on_links_accepted
        from openlead.records.signals import links_accepted

        links_accepted.connect(on_links_accepted, dispatch_uid="legal-cases-from-links")
