"""The words of corridor coverage: its three states, its kinds and groupings (no computation, light to import:
the open-data package's schema reads them)."""

from __future__ import annotations

COVERED, NOT_COVERED, UNKNOWN = 1, 0, -1
STATE_NAMES = {COVERED: "covered", NOT_COVERED: "not-covered", UNKNOWN: "unknown"}
BODY_KINDS = {"rcp": ("rcp", "irf"), "mobility": ("mobility-regime",)}
INSTRUMENTS = ("ICRMW", "ILO-C097", "ILO-C143", "ILO-C189", "ILO-C181", "CSR51", "UNTOC-TIP", "UNTOC-SOM")
KINDS = (*BODY_KINDS, "bla", *INSTRUMENTS)
KIND_TITLES = {
    "rcp": "a shared regional consultative process or inter-regional forum",
    "mobility": "a regional mobility regime covering both",
    "bla": "a bilateral labour agreement signed by then",
    "ICRMW": "both parties to the Migrant Workers Convention (1990)",
    "ILO-C097": "both parties to ILO C097 (Migration for Employment)",
    "ILO-C143": "both parties to ILO C143 (Migrant Workers, Supplementary Provisions)",
    "ILO-C189": "both parties to ILO C189 (Domestic Workers)",
    "ILO-C181": "both parties to ILO C181 (Private Employment Agencies)",
    "CSR51": "both parties to the 1951 Refugee Convention",
    "UNTOC-TIP": "both parties to the Trafficking in Persons Protocol",
    "UNTOC-SOM": "both parties to the Smuggling of Migrants Protocol",
}
GROUPINGS = ("world", "development-group", "region")
