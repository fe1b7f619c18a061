"""The public accountability view (issue 18, part 6): the critics' lens, published.

A program admin may publish one page of quarterly aggregates (who comes through which
door, referral rates by race and ethnicity against the county's population, net-widening,
officer concentration, time to housing, exits), small-cell-suppressed across every table
the page and its CSV show together (joint.py).
"""
