"""The client-level files: Client, Enrollment, Exit, and the records collected during a
stay (IncomeBenefits, HealthAndDV, EmploymentEducation, CurrentLivingSituation).

Only what the person's release to the CoC covers is written (coverage.py); everything
else is HMIS "data not collected" (99) or blank.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openlead.access.roles import FieldGroup
from openlead.hmis.project_rows import SYSTEM_USER, Clock, Ids, Row, stamp
from openlead.hmis_spec import codes
from openlead.hmis_spec.columns import RACE_COLUMNS
from openlead.people.models import RACE_FLAGS

G = FieldGroup
NOT_COLLECTED = str(codes.DATA_NOT_COLLECTED)
# openlead's income and insurance sources -> HMIS IncomeBenefits columns.
INCOME = {
    "earned": "Earned",
    "ssi": "SSI",
    "ssdi": "SSDI",
    "tanf": "TANF",
    "ga": "GA",
    "unemployment": "Unemployment",
    "other": "OtherIncomeSource",
}
INSURANCE = {
    "medicaid": "Medicaid",
    "medicare": "Medicare",
    "va": "VHAServices",
    "private": "PrivatePay",  # ASSUMED: "private or employer" -> private pay
    "other": "OtherInsurance",
}
EMPLOYED = {"part_time": "1", "full_time": "1", "informal": "1"}
NOT_EMPLOYED = {"none": "0", "training": "0", "seeking": "0"}
EMPLOYMENT_TYPE = {"full_time": "1", "part_time": "2", "informal": "3"}


def client_row(
    person: Any, identity: dict[str, str], groups: frozenset[str], ids: Ids, clock: Clock
) -> Row:
    """Names and date of birth only with identity released; race and sex only with
    demographics; SSN is never kept in openlead, so it is always "data not collected"."""
    row: Row = {"PersonalID": person.public_id, "SSNDataQuality": NOT_COLLECTED}
    row |= _names(identity) if G.IDENTITY in groups else {"NameDataQuality": NOT_COLLECTED}
    row |= _birth(person, identity) if G.IDENTITY in groups else {"DOBDataQuality": NOT_COLLECTED}
    row |= _demographics(person) if G.DEMOGRAPHICS in groups else _no_demographics()
    row["VeteranStatus"] = NOT_COLLECTED  # openlead does not ask 3.07
    return row | stamp(clock(person.created_at), clock(person.updated_at), ids)


def _names(identity: dict[str, str]) -> Row:
    parts = identity.get("legal_name", "").split()
    if not parts:
        return {"NameDataQuality": NOT_COLLECTED}
    first, last = parts[0], " ".join(parts[1:])
    quality = "1" if last else "2"  # one word: a partial or street name
    return {
        "FirstName": clean(first)[:50],
        "LastName": clean(last)[:50],
        "NameDataQuality": quality,
    }


def _birth(person: Any, identity: dict[str, str]) -> Row:
    """A stored date is a full ISO date: "full" unless the record says approximate."""
    dob, quality = _iso_date(identity.get("date_of_birth", "")), person.dob_data_quality
    if dob:
        return {"DOB": dob, "DOBDataQuality": str(quality if quality in (1, 2) else 1)}
    return {"DOBDataQuality": str(quality if quality in (8, 9, 99) else 99)}


def _iso_date(text: str) -> str:
    """The stored date of birth if it is a date (an old import may hold other text)."""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return ""


def _demographics(person: Any) -> Row:
    flags = {
        hmis: "1" if getattr(person, ours) else "0"
        for (ours, _), hmis in zip(RACE_FLAGS, RACE_COLUMNS, strict=True)
    }
    any_flag = "1" in flags.values()
    race_none = "" if any_flag else str(person.race_none or codes.DATA_NOT_COLLECTED)
    return {**flags, "RaceNone": race_none, "Sex": str(person.sex)}


def _no_demographics() -> Row:
    return {**dict.fromkeys(RACE_COLUMNS, "0"), "RaceNone": NOT_COLLECTED, "Sex": NOT_COLLECTED}


def clean(text: str) -> str:
    """The spec strips < > [ ] { } from text."""
    return text.translate(str.maketrans("", "", "<>[]{}")).strip()


def user_of(user: Any, users: dict[str, Any]) -> str:
    if user is None:
        return SYSTEM_USER
    key = f"U{user.pk}"
    users[key] = user
    return key


def enrollment_row(
    enrollment: Any, hmis: Any, entry_situation: str, ids: Ids, clock: Clock, users: dict[str, Any]
) -> Row:
    created = clock(enrollment.created_at)
    return {
        "EnrollmentID": enrollment.public_id,
        "PersonalID": enrollment.person.public_id,
        "ProjectID": ids.project,
        "EntryDate": enrollment.started_on.isoformat(),
        "HouseholdID": f"H{enrollment.public_id}",  # each participant is their own household
        "RelationshipToHoH": str(codes.SELF_HOH),
        "EnrollmentCoC": hmis.coc_code,
        "LivingSituation": entry_situation,
        "LengthOfStay": NOT_COLLECTED if entry_situation != NOT_COLLECTED else "",
        "DisablingCondition": NOT_COLLECTED,  # 3.08 is health: openlead does not export it
    } | stamp(created, created, ids, user_of(enrollment.case_manager, users))


def exit_row(enrollment: Any, ids: Ids, clock: Clock, users: dict[str, Any]) -> Row:
    created = clock(enrollment.created_at)
    destination = enrollment.exit_destination
    return {
        "ExitID": f"X{enrollment.public_id}",
        "EnrollmentID": enrollment.public_id,
        "PersonalID": enrollment.person.public_id,
        "ExitDate": enrollment.exited_on.isoformat(),
        "Destination": str(destination if destination in codes.DESTINATION else 99),
    } | stamp(created, created, ids, user_of(enrollment.case_manager, users))


def stay_rows(
    enrollment: Any,
    snapshots: list[Any],
    groups: frozenset[str],
    ids: Ids,
    clock: Clock,
    users: dict[str, Any],
) -> dict[str, list[Row]]:
    """HealthAndDV at entry (not collected: openlead does not ask 4.11), and one
    IncomeBenefits, EmploymentEducation and CurrentLivingSituation record per monthly
    status in the stay, when casework notes are released."""
    base = {"EnrollmentID": enrollment.public_id, "PersonalID": enrollment.person.public_id}
    entry = enrollment.started_on.isoformat()
    created = clock(enrollment.created_at)
    out: dict[str, list[Row]] = {
        "HealthAndDV.csv": [
            base
            | {
                "HealthAndDVID": f"D{enrollment.public_id}",
                "InformationDate": entry,
                "DomesticViolenceSurvivor": NOT_COLLECTED,
                "DataCollectionStage": str(codes.STAGE_ENTRY),
            }
            | stamp(created, created, ids, user_of(enrollment.case_manager, users))
        ]
    }
    if G.CASEWORK_NOTES not in groups:
        return out
    for name in ("IncomeBenefits.csv", "EmploymentEducation.csv", "CurrentLivingSituation.csv"):
        out[name] = []
    for number, snap in enumerate(snapshots):
        when = max(snap.month, enrollment.started_on).isoformat()
        stage = str(codes.STAGE_ENTRY if number == 0 else codes.STAGE_UPDATE)
        tail = base | {"InformationDate": when}
        tail |= stamp(
            clock(snap.recorded_at), clock(snap.recorded_at), ids, user_of(snap.recorded_by, users)
        )
        key = f"{snap.pk}E{enrollment.pk}"  # a month can fall in two stays (re-enrollment)
        out["IncomeBenefits.csv"].append(
            tail | _income(snap) | {"IncomeBenefitsID": f"I{key}", "DataCollectionStage": stage}
        )
        out["EmploymentEducation.csv"].append(
            tail
            | _employment(snap)
            | {"EmploymentEducationID": f"E{key}", "DataCollectionStage": stage}
        )
        out["CurrentLivingSituation.csv"].append(
            tail
            | {
                "CurrentLivingSitID": f"L{key}",
                "CurrentLivingSituation": situation(
                    snap.living_situation, codes.CURRENT_LIVING_SITUATION
                ),
            }
        )
    return out


def situation(code: int | None, allowed: frozenset[int]) -> str:
    return str(code) if code in allowed else NOT_COLLECTED


def _income(snap: Any) -> Row:
    row: Row = {
        "IncomeFromAnySource": str(snap.income_any),
        "InsuranceFromAnySource": str(snap.insurance_any),
    }
    if snap.income_any == 1:
        row |= {
            column: "1" if ours in snap.income_sources else "0" for ours, column in INCOME.items()
        }
        if "other" in snap.income_sources:
            row["OtherIncomeSourceIdentify"] = "Other income"
    # SNAP is the one benefit openlead asks about; without it, benefits were not asked.
    row["BenefitsFromAnySource"] = "1" if "snap" in snap.income_sources else NOT_COLLECTED
    if "snap" in snap.income_sources:
        row["SNAP"] = "1"
    if snap.insurance_any == 1:
        row |= {
            column: "1" if ours in snap.insurance_sources else "0"
            for ours, column in INSURANCE.items()
        }
        if "other" in snap.insurance_sources:
            row["OtherInsuranceIdentify"] = "Other insurance"
    return row


def _employment(snap: Any) -> Row:
    stage = snap.employment_stage
    employed = EMPLOYED.get(stage) or NOT_EMPLOYED.get(stage) or NOT_COLLECTED
    row: Row = {"Employed": employed}
    if employed == "1":
        row["EmploymentType"] = EMPLOYMENT_TYPE[stage]
    if stage == "seeking":
        row["NotEmployedReason"] = "1"  # looking for work
    return row
