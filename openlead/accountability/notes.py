"""What each section of the page says about itself: its title, what it shows, who is
included and what it cannot show (issue 18: every chart carries these three). Lazy, so
each visitor reads them in their language (locale/es)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Note:
    shows: Promise
    who: Promise
    cannot: Promise


DOORS_TITLE = _("Referrals by door")
DOORS = Note(
    _(
        "How people came to the program each quarter: diverted at an arrest, referred by an officer after a social contact, referred by a community organization, or asking for help themselves."
    ),
    _(
        "Every referral received in the quarter, counted once per referral, including referrals that did not lead to enrollment."
    ),
    _("It cannot show how many people officers met and did not refer, or why a referral was made."),
)
GROUPS_TITLE = _("Referrals by race and ethnicity")
GROUPS = Note(
    _("The race and ethnicity of the people referred, as they told the program."),
    _(
        "Every referral in the quarter. A person who gave more than one answer is counted once, under “More than one race or ethnicity”; “Not recorded” means no answer was given or taken."
    ),
    _(
        "It cannot show whether a group is referred more often than it comes into contact with police; for that, see the rates below and the program's evaluation."
    ),
)
RATES_TITLE = _("Referrals per 1,000 residents, by race and ethnicity")
RATES = Note(
    _(
        "For each group, the referrals in the quarter for every 1,000 residents of the area in that group, from the population table the program published."
    ),
    _(
        "The referrals above, against census counts of residents. People whose race or ethnicity was not recorded are not in any rate."
    ),
    _(
        "Residents are not the people police meet: a higher rate can reflect where police patrol as much as who needs help. Census counts are a few years old."
    ),
)
WIDENING_TITLE = _("Net-widening: referrals without a current charge")
WIDENING_CHART = _("Share of referrals with no current charge, by quarter")
WIDENING = Note(
    _(
        "The share of referrals through a social contact, and the share of referrals of people with no current charge: not diverted at an arrest and with no open court case on the day of the referral."
    ),
    _(
        "Every referral in the quarter. Open cases are those the program records in its legal coordination pages."
    ),
    _(
        "A case the program does not know about is not counted, so the share with no current charge may be too high. It cannot show whether the person would have been arrested without the program."
    ),
)
OFFICERS_TITLE = _("Officer concentration")
OFFICERS_CHART = _("Share of police referrals from the top 10% of officers, by quarter")
OFFICERS = Note(
    _(
        "How concentrated police referrals are: the share made by the 10% of officers who referred most (at least one officer), and the Gini coefficient (0 when every officer referred as many people, towards 1 when one officer made nearly all referrals)."
    ),
    _(
        "Arrest and social-contact referrals in the quarter, by the officer who made them. Shown when a quarter has at least 11 such referrals from at least 5 officers."
    ),
    _(
        "Officers who referred nobody are not counted, so both measures describe concentration among officers who referred anyone. No officer is named."
    ),
)
HOUSING_TITLE = _("Time from referral to housing")
HOUSING_CHART = _("Median days from referral to housing, by quarter")
HOUSING = Note(
    _(
        "For people who moved into permanent housing in the quarter, the median number of days from their referral to the first month their monthly status says permanent housing."
    ),
    _(
        "People whose first monthly status was not permanent housing and who later had one that was. The month counts from its first day."
    ),
    _(
        "People who were housed but whose status was not recorded are missing. It cannot show whether they stayed housed."
    ),
)
EXITS_TITLE = _("Exits by destination")
EXITS = Note(
    _(
        "Where people went when they left the program, grouped as in the HUD homeless data standards."
    ),
    _("Every exit recorded in the quarter, counted by its exit date."),
    _("It cannot show how long people stayed where they went, or why they left."),
)
