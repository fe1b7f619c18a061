"""What referrals announce to the apps above or beside it.

`intake_completed` is sent inside the intake transaction once a case manager is chosen;
casework answers it by enrolling the person (casework.receivers), so referrals never
imports casework and the legal pages, which use referrals' actions, never reach casework
(the import-linter contract "Casework never reaches the legal pages").
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with person=, case_manager= and acting=; a receiver that enrolls returns True.
intake_completed = Signal()
