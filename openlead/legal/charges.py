"""RCW-style charge codes with human labels and levels, for display.

These labels are for showing a charge in plain words on a page; they are not legal
advice and not the statute's text. Titles follow the Revised Code of Washington's
section captions, shortened; where a caption uses a word this program does not use about
people, the label says what the conduct is instead. Levels are the usual ones; some
sections carry several (theft and bail jumping depend on the facts), so the level
entered or imported on a charge wins over this table's.

An unknown code (from an import, say) is never dropped: it keeps its code and reads
"Charge <code>".
"""

from __future__ import annotations

from dataclasses import dataclass

from openlead.legal.models import ChargeLevel

L = ChargeLevel


@dataclass(frozen=True)
class ChargeCode:
    code: str
    label: str
    level: str


CHARGES: dict[str, ChargeCode] = {
    c.code: c
    for c in [
        ChargeCode("69.50.4013", "Possession of a controlled substance", L.GROSS_MISDEMEANOR),
        ChargeCode("69.50.401", "Manufacture or delivery of a controlled substance", L.FELONY),
        ChargeCode("69.50.412", "Use of drug paraphernalia", L.MISDEMEANOR),
        ChargeCode("9A.88.030", "Prostitution", L.MISDEMEANOR),
        # The caption of 9A.88.110 names the other party with a word we do not use.
        ChargeCode("9A.88.110", "Patronizing (paying for sexual conduct)", L.MISDEMEANOR),
        ChargeCode("9A.52.070", "Criminal trespass in the first degree", L.GROSS_MISDEMEANOR),
        ChargeCode("9A.52.080", "Criminal trespass in the second degree", L.MISDEMEANOR),
        ChargeCode("9A.56.040", "Theft in the second degree", L.FELONY),
        ChargeCode("9A.56.050", "Theft in the third degree", L.GROSS_MISDEMEANOR),
        ChargeCode(
            "9A.56.170", "Possessing stolen property in the third degree", L.GROSS_MISDEMEANOR
        ),
        ChargeCode("9A.48.090", "Malicious mischief in the third degree", L.GROSS_MISDEMEANOR),
        ChargeCode("9A.36.041", "Assault in the fourth degree", L.GROSS_MISDEMEANOR),
        ChargeCode("9A.76.020", "Obstructing a law enforcement officer", L.GROSS_MISDEMEANOR),
        ChargeCode("9A.76.170", "Bail jumping", L.FELONY),
        ChargeCode("9A.84.030", "Disorderly conduct", L.MISDEMEANOR),
        ChargeCode("46.61.502", "Driving under the influence", L.GROSS_MISDEMEANOR),
    ]
}


def normal_code(code: str) -> str:
    """The code as the table keys it: trimmed, "RCW " dropped, letters upper case."""
    text = code.strip()
    if text.upper().startswith("RCW"):
        text = text[3:].strip()
    return text.upper()


def charge_for(code: str) -> ChargeCode:
    """The table's row for a code; an unknown code keeps its code ("Charge <code>")."""
    key = normal_code(code)
    return CHARGES.get(key) or ChargeCode(key, f"Charge {key}", L.OTHER)


def choices() -> list[tuple[str, str]]:
    """The known codes for a form's select, labelled "label (RCW code)"."""
    return [(c.code, f"{c.label} (RCW {c.code})") for c in CHARGES.values()]
