"""The FY2026 HMIS CSV files openlead writes: each file's columns in order, with type,
whether a value is required, and the code list a value must come from.

Types are the spec's: D date (YYYY-MM-DD), T date and time (YYYY-MM-DD HH:MM:SS), I
integer, M money (up to two decimals), S# text of at most # characters.

Sources: ../shared/docs/hmis.md (FY2026 v1.0), HUD's HMIS CSV Format Specifications of
earlier years (the stored FY2020 and FY2024 pages) and greenriver/hmis-warehouse's
importer structures. A column whose FY2026 name, place or type could not be confirmed
is listed in ASSUMED with the reason; docs/hmis-export.md repeats the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from openlead.hmis_spec import codes as c


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "D", "T", "I", "M" or "S<size>"
    required: bool = False
    codes: frozenset[int] | None = None

    @property
    def size(self) -> int | None:
        return int(self.kind[1:]) if self.kind.startswith("S") else None


def col(name: str, kind: str, *, codes: frozenset[int] | None = None) -> Column:
    return Column(name, kind, False, codes)


def _req(name: str, kind: str, codes: frozenset[int] | None = None) -> Column:
    return Column(name, kind, True, codes)


def _audit_tail(*, user: bool = True) -> tuple[Column, ...]:
    """DateCreated, DateUpdated, UserID, DateDeleted, ExportID: on every file but Export
    (User.csv has no UserID of its own)."""
    head = (_req("DateCreated", "T"), _req("DateUpdated", "T"))
    who = (_req("UserID", "S32"),) if user else ()
    return (*head, *who, col("DateDeleted", "T"), _req("ExportID", "S32"))


def _blank(*names: str, kind: str = "I") -> tuple[Column, ...]:
    """Columns of the file that this project type never fills (left empty)."""
    return tuple(col(name, kind) for name in names)


EXPORT = (
    _req("ExportID", "S32"),
    _req("SourceType", "I", c.SOURCE_TYPE),
    col("SourceID", "S32"),
    col("SourceName", "S50"),
    col("SourceContactFirst", "S50"),
    col("SourceContactLast", "S50"),
    col("SourceContactPhone", "S10"),
    col("SourceContactExtension", "S5"),
    col("SourceContactEmail", "S320"),
    _req("ExportDate", "T"),
    _req("ExportStartDate", "D"),
    _req("ExportEndDate", "D"),
    _req("SoftwareName", "S50"),
    col("SoftwareVersion", "S50"),
    _req("CSVVersion", "S50"),
    _req("ExportPeriodType", "I", c.EXPORT_PERIOD_TYPE),
    _req("ExportDirective", "I", c.EXPORT_DIRECTIVE),
    _req("HashStatus", "I", c.HASH_STATUS),
    col("ImplementationID", "S200"),
)

ORGANIZATION = (
    _req("OrganizationID", "S32"),
    _req("OrganizationName", "S200"),
    _req("VictimServiceProvider", "I", c.NO_YES),
    col("OrganizationCommonName", "S200"),
    *_audit_tail(),
)

USER = (
    _req("UserID", "S32"),
    col("UserFirstName", "S50"),
    col("UserLastName", "S50"),
    col("UserPhone", "S10"),
    col("UserExtension", "S5"),
    col("UserEmail", "S320"),
    *_audit_tail(user=False),
)

PROJECT = (
    _req("ProjectID", "S32"),
    _req("OrganizationID", "S32"),
    _req("ProjectName", "S200"),
    col("ProjectCommonName", "S200"),
    _req("OperatingStartDate", "D"),
    col("OperatingEndDate", "D"),
    _req("ContinuumProject", "I", c.NO_YES),
    _req("ProjectType", "I", c.PROJECT_TYPE),
    *_blank("HousingType", "RRHSubType", "ResidentialAffiliation", "TargetPopulation"),
    *_blank("HOPWAMedAssistedLivingFac", "PITCount"),
    *_audit_tail(),
)

FUNDER = (
    _req("FunderID", "S32"),
    _req("ProjectID", "S32"),
    _req("Funder", "I", c.FUNDER),
    col("OtherFunder", "S100"),
    _req("GrantID", "S100"),
    _req("StartDate", "D"),
    col("EndDate", "D"),
    *_audit_tail(),
)

PROJECT_COC = (
    _req("ProjectCoCID", "S32"),
    _req("ProjectID", "S32"),
    _req("CoCCode", "S6"),
    _req("Geocode", "S6"),
    col("Address1", "S100"),
    col("Address2", "S100"),
    col("City", "S50"),
    col("State", "S2"),
    col("ZIP", "S5"),
    _req("GeographyType", "I", c.GEOGRAPHY_TYPE),
    *_audit_tail(),
)

RACE_COLUMNS = (
    "AmIndAKNative",
    "Asian",
    "BlackAfAmerican",
    "HispanicLatinaeo",
    "MidEastNAfrican",
    "NativeHIPacific",
    "White",
)

CLIENT = (
    _req("PersonalID", "S32"),
    col("FirstName", "S50"),
    col("MiddleName", "S50"),
    col("LastName", "S50"),
    col("NameSuffix", "S50"),
    _req("NameDataQuality", "I", c.NAME_DATA_QUALITY),
    col("SSN", "S9"),
    _req("SSNDataQuality", "I", c.SSN_DATA_QUALITY),
    col("DOB", "D"),
    _req("DOBDataQuality", "I", c.DOB_DATA_QUALITY),
    *(_req(name, "I", c.NO_YES) for name in RACE_COLUMNS),
    col("RaceNone", "I", codes=c.REASONS_MISSING),
    col("AdditionalRaceEthnicity", "S100"),
    _req("Sex", "I", c.SEX),
    _req("VeteranStatus", "I", c.NO_YES_REASONS),
    *_blank("YearEnteredService", "YearSeparated", "WorldWarII", "KoreanWar", "VietnamWar"),
    *_blank("DesertStorm", "AfghanistanOEF", "IraqOIF", "IraqOND", "OtherTheater"),
    *_blank("MilitaryBranch", "DischargeStatus"),
    *_audit_tail(),
)

ENROLLMENT = (
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("ProjectID", "S32"),
    _req("EntryDate", "D"),
    _req("HouseholdID", "S32"),
    _req("RelationshipToHoH", "I", c.RELATIONSHIP_TO_HOH),
    _req("EnrollmentCoC", "S6"),
    _req("LivingSituation", "I", c.LIVING_SITUATION),
    col("RentalSubsidyType", "I", codes=c.SUBSIDY_TYPE),
    col("LengthOfStay", "I", codes=c.LENGTH_OF_STAY),
    col("LOSUnderThreshold", "I", codes=c.NO_YES_MISSING),
    col("PreviousStreetESSH", "I", codes=c.NO_YES_MISSING),
    col("DateToStreetESSH", "D"),
    *_blank("TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears"),
    _req("DisablingCondition", "I", c.NO_YES_REASONS),
    col("DateOfEngagement", "D"),
    col("MoveInDate", "D"),
    *_blank("DateOfPATHStatus", kind="D"),
    *_blank("ClientEnrolledInPATH", "ReasonNotEnrolled", "PercentAMI", "ReferralSource"),
    *_blank("CountOutreachReferralApproaches"),
    *_blank("DateOfBCPStatus", kind="D"),
    *_blank("EligibleForRHY", "ReasonNoServices", "RunawayYouth", "SexualOrientation"),
    *_blank("SexualOrientationOther", kind="S100"),
    *_blank("FormerWardChildWelfare", "ChildWelfareYears", "ChildWelfareMonths"),
    *_blank("FormerWardJuvenileJustice", "JuvenileJusticeYears", "JuvenileJusticeMonths"),
    *_blank("UnemploymentFam", "MentalHealthDisorderFam", "PhysicalDisabilityFam"),
    *_blank("AlcoholDrugUseDisorderFam", "InsufficientIncome", "IncarceratedParent"),
    *_blank("TargetScreenReqd", "TimeToHousingLoss", "AnnualPercentAMI"),
    *_blank("LiteralHomelessHistory", "ClientLeaseholder", "HOHLeaseholder", "SubsidyRisk"),
    *_blank("EvictionHistory", "CriminalRecord", "IncarceratedAdult", "PrisonDischarge"),
    *_blank("SexOffender", "DisabledHoH", "CurrentPregnant", "SingleParent"),
    *_blank("DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore"),
    *_blank("ThresholdScore"),
    *_blank("VAMCStation", kind="S5"),
    *_audit_tail(),
)

EXIT = (
    _req("ExitID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("ExitDate", "D"),
    _req("Destination", "I", c.DESTINATION),
    col("DestinationSubsidyType", "I", codes=c.SUBSIDY_TYPE),
    col("OtherDestination", "S50"),
    *_blank("HousingAssessment", "SubsidyInformation", "ProjectCompletionStatus"),
    *_blank("EarlyExitReason", "ExchangeForSex", "ExchangeForSexPastThreeMonths"),
    *_blank("CountOfExchangeForSex", "AskedOrForcedToExchangeForSex"),
    *_blank("AskedOrForcedToExchangeForSexPastThreeMonths", "WorkPlaceViolenceThreats"),
    *_blank("WorkplacePromiseDifference", "CoercedToContinueWork", "LaborExploitPastThreeMonths"),
    *_blank("CounselingReceived", "IndividualCounseling", "FamilyCounseling"),
    *_blank("GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan", "SessionsInPlan"),
    *_blank("DestinationSafeClient", "DestinationSafeWorker", "PosAdultConnections"),
    *_blank("PosPeerConnections", "PosCommunityConnections"),
    *_blank("AftercareDate", kind="D"),
    *_blank("AftercareProvided", "EmailSocialMedia", "Telephone", "InPersonIndividual"),
    *_blank("InPersonGroup", "CMExitReason"),
    *_audit_tail(),
)

# IncomeBenefits: a yes/no and an amount per income source; yes/no per benefit and
# insurance source (with a reason where the spec asks one).
INCOME_SOURCES = (
    "Earned",
    "Unemployment",
    "SSI",
    "SSDI",
    "VADisabilityService",
    "VADisabilityNonService",
    "PrivateDisability",
    "WorkersComp",
    "TANF",
    "GA",
    "SocSecRetirement",
    "Pension",
    "ChildSupport",
    "Alimony",
)
BENEFIT_SOURCES = ("SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF")
INSURANCE_SOURCES = (
    "Medicaid",
    "Medicare",
    "SCHIP",
    "VHAServices",
    "EmployerProvided",
    "COBRA",
    "PrivatePay",
    "StateHealthIns",
    "IndianHealthServices",
)


def _income_columns() -> tuple[Column, ...]:
    pairs: list[Column] = []
    for source in INCOME_SOURCES:
        pairs += [col(source, "I", codes=c.NO_YES), col(f"{source}Amount", "M")]
    return tuple(pairs)


def _insurance_columns() -> tuple[Column, ...]:
    pairs: list[Column] = []
    for source in INSURANCE_SOURCES:
        pairs += [col(source, "I", codes=c.NO_YES), col(f"No{source}Reason", "I")]
    return tuple(pairs)


INCOME_BENEFITS = (
    _req("IncomeBenefitsID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("InformationDate", "D"),
    _req("IncomeFromAnySource", "I", c.NO_YES_REASONS),
    col("TotalMonthlyIncome", "M"),
    *_income_columns(),
    col("OtherIncomeSource", "I", codes=c.NO_YES),
    col("OtherIncomeAmount", "M"),
    col("OtherIncomeSourceIdentify", "S50"),
    _req("BenefitsFromAnySource", "I", c.NO_YES_REASONS),
    *(col(name, "I", codes=c.NO_YES) for name in BENEFIT_SOURCES),
    col("OtherBenefitsSource", "I", codes=c.NO_YES),
    col("OtherBenefitsSourceIdentify", "S50"),
    _req("InsuranceFromAnySource", "I", c.NO_YES_REASONS),
    *_insurance_columns(),
    col("OtherInsurance", "I", codes=c.NO_YES),
    col("OtherInsuranceIdentify", "S50"),
    *_blank("ADAP", "NoADAPReason", "RyanWhiteMedDent", "NoRyanWhiteReason"),
    *_blank("ConnectionWithSOAR"),
    _req("DataCollectionStage", "I", c.DATA_COLLECTION_STAGE),
    *_audit_tail(),
)

HEALTH_AND_DV = (
    _req("HealthAndDVID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("InformationDate", "D"),
    _req("DomesticViolenceSurvivor", "I", c.NO_YES_REASONS),
    col("WhenOccurred", "I"),
    col("CurrentlyFleeing", "I", codes=c.NO_YES_REASONS),
    *_blank("GeneralHealthStatus", "DentalHealthStatus", "MentalHealthStatus"),
    *_blank("PregnancyStatus"),
    *_blank("DueDate", kind="D"),
    _req("DataCollectionStage", "I", c.DATA_COLLECTION_STAGE),
    *_audit_tail(),
)

EMPLOYMENT_EDUCATION = (
    _req("EmploymentEducationID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("InformationDate", "D"),
    col("LastGradeCompleted", "I", codes=c.LAST_GRADE_COMPLETED),
    col("SchoolStatus", "I", codes=c.SCHOOL_STATUS),
    _req("Employed", "I", c.NO_YES_REASONS),
    col("EmploymentType", "I"),
    col("NotEmployedReason", "I"),
    _req("DataCollectionStage", "I", c.DATA_COLLECTION_STAGE),
    *_audit_tail(),
)

CURRENT_LIVING_SITUATION = (
    _req("CurrentLivingSitID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("InformationDate", "D"),
    _req("CurrentLivingSituation", "I", c.CURRENT_LIVING_SITUATION),
    col("CLSSubsidyType", "I", codes=c.SUBSIDY_TYPE),
    col("VerifiedBy", "S100"),
    *_blank("LeaveSituation14Days", "SubsequentResidence", "ResourcesToObtain"),
    *_blank("LeaseOwn60Day", "MovedTwoOrMore"),
    col("LocationDetails", "S250"),
    *_audit_tail(),
)

SERVICES = (
    _req("ServicesID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("DateProvided", "D"),
    _req("RecordType", "I"),
    _req("TypeProvided", "I"),
    col("OtherTypeProvided", "S50"),
    col("MovingOnOtherType", "S50"),
    col("SubTypeProvided", "I"),
    col("FAAmount", "M"),
    col("FAStartDate", "D"),
    col("FAEndDate", "D"),
    col("ReferralOutcome", "I"),
    *_audit_tail(),
)

ASSESSMENT = (
    _req("AssessmentID", "S32"),
    _req("EnrollmentID", "S32"),
    _req("PersonalID", "S32"),
    _req("AssessmentDate", "D"),
    _req("AssessmentLocation", "S250"),
    _req("AssessmentType", "I", frozenset({1, 2, 3})),
    _req("AssessmentLevel", "I", frozenset({1, 2})),
    _req("PrioritizationStatus", "I", frozenset({1, 2})),
    *_audit_tail(),
)

# File name -> columns, in the order a CoC's importer loads them (parents first).
FILES: dict[str, tuple[Column, ...]] = {
    "Export.csv": EXPORT,
    "Organization.csv": ORGANIZATION,
    "User.csv": USER,
    "Project.csv": PROJECT,
    "Funder.csv": FUNDER,
    "ProjectCoC.csv": PROJECT_COC,
    "Client.csv": CLIENT,
    "Enrollment.csv": ENROLLMENT,
    "Exit.csv": EXIT,
    "IncomeBenefits.csv": INCOME_BENEFITS,
    "HealthAndDV.csv": HEALTH_AND_DV,
    "EmploymentEducation.csv": EMPLOYMENT_EDUCATION,
    "CurrentLivingSituation.csv": CURRENT_LIVING_SITUATION,
    "Services.csv": SERVICES,
    "Assessment.csv": ASSESSMENT,
}

# Columns whose FY2026 name, place or type could not be confirmed against a published
# FY2026 source; the FY2024 layout is carried over (docs/hmis-export.md lists them).
ASSUMED: dict[str, str] = {
    "Client.csv:Sex": "FY2026 4.21, named in hmis.md; its place (after "
    "AdditionalRaceEthnicity, where the FY2024 gender flags stood) is assumed",
    "Client.csv:HispanicLatinaeo": "hmis.md spells it HispanicLatinao; HUD's FY2024 spec and "
    "greenriver/hmis-warehouse spell it HispanicLatinaeo, which is kept",
    "Enrollment.csv:*": "FY2024 column list carried into FY2026 (hmis.md names only a few)",
    "Exit.csv:*": "FY2024 column list carried into FY2026",
    "IncomeBenefits.csv:VHAServices": "FY2024 name (VAMedicalServices before)",
    "IncomeBenefits.csv:*": "FY2024 column list carried into FY2026",
    "HealthAndDV.csv:*": "FY2024 column list carried into FY2026",
    "EmploymentEducation.csv:*": "FY2024 column list carried into FY2026",
    "CurrentLivingSituation.csv:*": "FY2024 column list carried into FY2026",
    "Services.csv:MovingOnOtherType": "FY2024 column, assumed kept",
    "Export.csv:ImplementationID": "FY2024 column, assumed kept",
    "Export.csv:CSVVersion": "value 'FY2026 v1.0' from hmis.md",
    "Project.csv:RRHSubType": "FY2024 column, assumed kept",
    "ProjectCoC.csv:*": "FY2024 column list carried into FY2026",
    "Assessment.csv:*": "FY2024 column list carried into FY2026",
}
CSV_VERSION = "FY2026 v1.0"
