"""HUD HMIS code lists used by the FY2026 CSV files openlead writes.

From ../shared/docs/hmis.md (which cites HUD's FY2026 HMIS CSV Format Specifications),
checked against HUD's published CSV specifications of earlier years (the lists kept
their numbers). A list marked ASSUMED could not be confirmed for FY2026 and is listed
in docs/hmis-export.md.
"""

from __future__ import annotations

# 1.7 No/Yes/Missing and 1.8 No/Yes/Reasons for missing data.
NO_YES = frozenset({0, 1})
NO_YES_MISSING = frozenset({0, 1, 99})
NO_YES_REASONS = frozenset({0, 1, 8, 9, 99})
REASONS_MISSING = frozenset({8, 9, 99})
DATA_NOT_COLLECTED = 99

# Export.csv
SOURCE_TYPE = frozenset({1, 2, 3, 4})  # CoC HMIS, standalone/agency, warehouse, other
EXPORT_PERIOD_TYPE = frozenset({1, 2, 3, 4})  # ASSUMED: updated, effective, reporting, other
EXPORT_DIRECTIVE = frozenset({1, 2, 3})  # delta, full refresh, other (3: ASSUMED)
HASH_STATUS = frozenset({1, 2, 3, 4})  # unhashed, SHA-1 RHY, hashed other, SHA-256 RHY

# Project.csv 2.02.6 project type.
PROJECT_TYPE = frozenset({0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14})
STREET_OUTREACH, SERVICES_ONLY = 4, 6

# Funder.csv 2.06.1: HUD's funder list runs 1..55 (ASSUMED: no new FY2026 numbers).
FUNDER = frozenset(range(1, 56))
LOCAL_OR_OTHER_FUNDER = 46  # "Local or Other Funding Source (Please Specify)"

# ProjectCoC.csv 2.03.4 geography type.
GEOGRAPHY_TYPE = frozenset({1, 2, 3, 99})

# Client.csv: 3.01.5, 3.02.2, 3.03.2 data quality; 4.21 sex (new in FY2026).
NAME_DATA_QUALITY = frozenset({1, 2, 8, 9, 99})
SSN_DATA_QUALITY = frozenset({1, 2, 8, 9, 99})
DOB_DATA_QUALITY = frozenset({1, 2, 8, 9, 99})
SEX = frozenset({0, 1, 8, 9, 99})

# Enrollment.csv 3.15.1 relationship to head of household.
RELATIONSHIP_TO_HOH = frozenset({1, 2, 3, 4, 5, 99})
SELF_HOH = 1

# 3.917 prior living situation / 3.12 destination / 4.12 current living situation: one
# residence list; each element takes its own part (hmis.md, code lists).
_HOMELESS = {101, 116, 118}
_INSTITUTIONAL = {204, 205, 206, 207, 215, 225}
_TEMPORARY = {302, 312, 313, 314, 329, 332}
_PERMANENT = {410, 411, 421, 422, 423, 435}
LIVING_SITUATION = frozenset(
    _HOMELESS | _INSTITUTIONAL | _TEMPORARY | {335, 336} | _PERMANENT | REASONS_MISSING
)
CURRENT_LIVING_SITUATION = LIVING_SITUATION | {17, 37}
DESTINATION = frozenset(
    _HOMELESS | _INSTITUTIONAL | _TEMPORARY | _PERMANENT | {17, 24, 30} | REASONS_MISSING
)
# 3.12.A rental subsidy type, asked only after 435.
SUBSIDY_TYPE = frozenset({419, 420, 428, 431, 433, 434, 436, 437, 438, 439, 440})

# 3.917.2 length of stay.
LENGTH_OF_STAY = frozenset({2, 3, 4, 5, 8, 9, 10, 11, 99})

# 5.03.1 data collection stage: entry, update, exit, annual, post-exit.
DATA_COLLECTION_STAGE = frozenset({1, 2, 3, 5, 6})
STAGE_ENTRY, STAGE_UPDATE, STAGE_EXIT = 1, 2, 3

# R4.1 last grade completed and R5.1 school status (ASSUMED: FY2024 lists unchanged).
LAST_GRADE_COMPLETED = frozenset({1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 8, 9, 99})
SCHOOL_STATUS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 99})
