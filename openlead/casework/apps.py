from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openlead.casework"
    label = "casework"

    def ready(self) -> None:
        # Imported here: Django calls ready() once the models are loaded.
        from django.db.models.signals import post_delete, post_save

        from openlead.casework.models import InactiveReason, Provider
        from openlead.casework.owg_agenda import register_sections
        from openlead.casework.receivers import (
            enroll_after_intake,
            new_program_choices,
            seed_new_program,
        )
        from openlead.programs.signals import program_created
        from openlead.referrals.signals import intake_completed

        program_created.connect(seed_new_program, dispatch_uid="casework.seed_new_program")
        intake_completed.connect(enroll_after_intake, dispatch_uid="casework.enroll_after_intake")
        for model in (Provider, InactiveReason):
            for signal in (post_save, post_delete):
                signal.connect(
                    new_program_choices,
                    sender=model,
                    dispatch_uid=f"casework.choices.{model.__name__}",
                )
        register_sections()  # the work group's no-contact agenda section
