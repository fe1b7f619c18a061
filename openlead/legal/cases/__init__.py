"""Pending cases, their charges and court dates: entered by the prosecutor or the defender
(actions, views), or made from justice imports through accepted record links (linkage)."""
