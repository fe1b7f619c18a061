"""Legal demands for a participant's record (issue 14, item 5): subpoenas, court orders,
immigration and law-enforcement requests. Logged by the care team, decided by counsel
(a program admin who did not log it), disclosed only under a 42 CFR 2.64-2.67 order."""
