"""Casework: enrollment, contacts, assessments, plans, service links, flexible funds, monthly status."""
