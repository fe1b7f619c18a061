from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "openlead.portal"
    label = "portal"
    verbose_name = "Participant portal"

    def ready(self) -> None:
        # The casework page shows the portal's panel (codes, correction requests) through
        # casework's panel hook: casework sits below the portal and must not import it.
        from openlead.casework.panels import register_panel
        from openlead.portal.panel import casework_panel

        register_panel(casework_panel)
