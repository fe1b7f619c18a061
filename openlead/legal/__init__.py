"""Legal coordination: the prosecutor's work on arrests returned after a lapsed intake window.

Today this app holds the prosecutor's queue (referrals returned to them, including those
whose window has passed before the lapse job marked them) and the charging decision on
each: file, decline or extend the window. It sits beside openlead.referrals in the
layers and reads referrals' models and queries; referrals never imports it. The
legal-coordination issue grows it into the rest of the legal side of LEAD: other pending
legal cases, charges and court dates, prosecutor and defender work, and the operational
workgroup (OWG) meetings, agendas and minutes.
"""
