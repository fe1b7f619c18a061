from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openlead.casework"
    label = "casework"

    def ready(self) -> None:
        from openlead.casework.receivers import seed_new_program
        from openlead.programs.signals import program_created

        program_created.connect(seed_new_program, dispatch_uid="casework.seed_new_program")
