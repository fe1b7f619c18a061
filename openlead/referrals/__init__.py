"""Referrals: the three doors into a LEAD program, screening, and the intake clock.

A referral records how someone came to the program (arrest, social contact, community,
self), screens it against the program's eligibility protocol (`openlead.eligibility`),
and runs the intake window until intake, a decision by the person, or the prosecutor's
decision on a lapsed arrest. See docs/referrals.md.
"""
