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

        from openlead.portal.actions import remove_portal_accounts
        from openlead.retention.signals import people_deleting

        people_deleting.connect(remove_portal_accounts, dispatch_uid="portal.accounts_removed")
