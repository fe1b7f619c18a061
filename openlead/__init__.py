"""openlead: the information system for LEAD-style pre-booking diversion programs."""

__version__ = "0.1.0"
