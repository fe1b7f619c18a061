"""The privacy core: who may see what, the audit log and field encryption.

Views and APIs read participant data only through `openlead.access.helpers`.
"""
