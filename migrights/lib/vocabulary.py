"""The observatory's one vocabulary: dimensions, gaps, treaty statuses and regions, with their names.

Free of Django at import time, at the bottom of the import graph but for the index engine, whose own words
(dimensions, gaps, the framework table's columns) it takes from ``indexengine.words`` and names. Names are
English source text marked for the catalogues (``gettext_noop`` below:
xgettext extracts calls by that name; the translations live in ``migrights/lib/locale``, listed in
``settings.LOCALE_PATHS``). Pages, twins' labels, downloads and briefs translate them with ``label()`` (now, in
the active language) or ``lazy_label()`` (when the text is used).
"""

from __future__ import annotations

# the index's own words (the engine defines them), named below for the pages
from migrights.indexengine.words import DIMENSIONS as DIMENSIONS
from migrights.indexengine.words import FRAMEWORK_COLUMNS as FRAMEWORK_COLUMNS
from migrights.indexengine.words import GAPS as GAPS
from migrights.indexengine.words import OVERALL as OVERALL


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (the catalogues extract calls by this name)."""
    return message


# ---- treaty actions ---------------------------------------------------------------------------------------

# the acts a state performs on an instrument, as the depositaries record them
CONSENT_ACTIONS = ("ratification", "accession", "succession", "acceptance", "approval", "consent")
EXIT_ACTIONS = ("denunciation", "withdrawal")
ACTIONS = ("signature", *CONSENT_ACTIONS, *EXIT_ACTIONS, "procedure-acceptance")
ACTION_LABELS = {
    "signature": gettext_noop("signature"),
    "ratification": gettext_noop("ratification"),
    "accession": gettext_noop("accession"),
    "succession": gettext_noop("succession"),
    "acceptance": gettext_noop("acceptance"),
    "approval": gettext_noop("approval"),
    "consent": gettext_noop("consent to be bound"),
    "denunciation": gettext_noop("denunciation"),
    "withdrawal": gettext_noop("withdrawal"),
    "procedure-acceptance": gettext_noop("acceptance of a procedure"),
}
# the roles a state or an organisation holds in a governance body
ROLE_LABELS = {
    "member": gettext_noop("member"),
    "observer": gettext_noop("observer"),
    "associate": gettext_noop("associate member"),
    "partner": gettext_noop("partner"),
    "chair": gettext_noop("chair"),
}


# ---- the index -------------------------------------------------------------------------------------------

DIMENSION_LABELS = {
    "commitment": gettext_noop("Commitment"),
    "protection": gettext_noop("Protection"),
    "implementation": gettext_noop("Implementation"),
}
MEASURE_LABELS = {**DIMENSION_LABELS, OVERALL: gettext_noop("Overall")}
# editions of the scores not named after a release (``scores.editions.COMMITMENTS_LABEL``)
EDITION_LABELS = {"commitments": gettext_noop("commitments only")}
GAP_LABELS = {
    "commitment-protection": gettext_noop("Commitment minus protection"),
    "protection-implementation": gettext_noop("Protection minus implementation"),
}

# ---- a state and an instrument on a date -----------------------------------------------------------------

# party, signatory, denounced (or withdrawn), not party (complete data, no act); unknown (the data for the
# instrument is partial and holds no act for the state); not applicable (the state cannot be party)
TREATY_STATUSES = ("party", "signatory", "denounced", "none", "unknown", "not-applicable")
STATUS_LABELS = {
    "party": gettext_noop("Party"),
    "signatory": gettext_noop("Signatory"),
    "denounced": gettext_noop("Denounced or withdrawn"),
    "none": gettext_noop("Not party"),
    "unknown": gettext_noop("Unknown (data partial)"),
    "not-applicable": gettext_noop("Not applicable (cannot be party)"),
}

# ---- places ----------------------------------------------------------------------------------------------

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")  # UN M49 regions, as the Country table names them
REGION_LABELS = {
    "Africa": gettext_noop("Africa"),
    "Americas": gettext_noop("Americas"),
    "Asia": gettext_noop("Asia"),
    "Europe": gettext_noop("Europe"),
    "Oceania": gettext_noop("Oceania"),
}
# UN M49 sub-regions, as the Country table names them
SUBREGION_LABELS = {
    "Antarctica": gettext_noop("Antarctica"),
    "Australia and New Zealand": gettext_noop("Australia and New Zealand"),
    "Caribbean": gettext_noop("Caribbean"),
    "Central America": gettext_noop("Central America"),
    "Central Asia": gettext_noop("Central Asia"),
    "Eastern Africa": gettext_noop("Eastern Africa"),
    "Eastern Asia": gettext_noop("Eastern Asia"),
    "Eastern Europe": gettext_noop("Eastern Europe"),
    "Melanesia": gettext_noop("Melanesia"),
    "Micronesia": gettext_noop("Micronesia"),
    "Middle Africa": gettext_noop("Middle Africa"),
    "Northern Africa": gettext_noop("Northern Africa"),
    "Northern America": gettext_noop("Northern America"),
    "Northern Europe": gettext_noop("Northern Europe"),
    "Polynesia": gettext_noop("Polynesia"),
    "South America": gettext_noop("South America"),
    "South-eastern Asia": gettext_noop("South-eastern Asia"),
    "Southern Africa": gettext_noop("Southern Africa"),
    "Southern Asia": gettext_noop("Southern Asia"),
    "Southern Europe": gettext_noop("Southern Europe"),
    "Western Africa": gettext_noop("Western Africa"),
    "Western Asia": gettext_noop("Western Asia"),
    "Western Europe": gettext_noop("Western Europe"),
}
