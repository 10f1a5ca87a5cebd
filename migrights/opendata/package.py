"""The observatory's Frictionless Data Package: table schemas, writing and reading. Free of Django.

A package is a folder: one CSV per table next to ``datapackage.json``, which describes each table with a
full Table Schema (types, descriptions, constraints, keys). The site, the CLI and the Python API all
write or read packages through this module, so a downloaded package and the local database give the
same columns with the same types.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import re
import shutil
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from migrights.corridors.kinds import GROUPINGS as CORRIDOR_GROUPINGS
from migrights.corridors.kinds import KIND_TITLES, STATE_NAMES
from migrights.corridors.kinds import KINDS as CORRIDOR_KINDS
from migrights.law.gaps import STATES as LAW_GAP_STATES
from migrights.lib.files import atomic_write
from migrights.lib.tables import restore, write_csv, write_frame_csv
from migrights.lib.vocabulary import DIMENSIONS
from migrights.opendata.codebook import (
    AUTHOR,
    TABLE_SOURCES,
    codebook_blocks,
    readme,
    suggested_citation,
    to_markdown,
)
from migrights.opendata.wide import (
    MISSING_RULE,
    WIDE_DESCRIPTION,
    WIDE_NAME,
    WIDE_PATH,
    WIDE_TITLE,
    Variable,
    wide_schema,
    write_wide_csv,
)

PROFILE = "tabular-data-package"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_IGO = {
    "name": "CC-BY-3.0-IGO",
    "title": "Creative Commons Attribution 3.0 IGO",
    "path": "https://creativecommons.org/licenses/by/3.0/igo/",
}
LICENCE_NOTE = "CC BY 4.0 for the observatory's own compilation; each source's licence applies to its facts."
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a date known to the year, month or day: 2007, 2007-06, 2007-06-13
ACTIONS = (
    "signature",
    "ratification",
    "accession",
    "succession",
    "acceptance",
    "approval",
    "consent",
    "denunciation",
    "withdrawal",
    "procedure-acceptance",
)
LEVELS = ("indicator", "right", "category", "dimension", "overall")
ANSWER_STATUSES = ("value", "not-applicable", "unknown")
COVERAGE_STATES = tuple(STATE_NAMES.values())  # covered, not-covered, unknown: three states, never merged
BODY_KINDS = ("rcp", "irf", "global-process", "mobility-regime", "un-entity", "bilateral-agreement")


def gettext_noop(text: str) -> str:
    """Marks table titles and descriptions for the site's translations (the package itself stays in English)."""
    return text


def column(
    name: str, type_: str, description: str, required: bool = False, format: str | None = None, **constraints: Any
) -> dict[str, Any]:
    """A Table Schema field; ``constraints`` such as ``enum``, ``pattern``, ``minimum``."""
    described: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if format:
        described["format"] = format
    if type_ == "boolean":
        described |= {"trueValues": ["true"], "falseValues": ["false"]}
    wanted = {"required": True} if required else {}
    wanted |= {key: value for key, value in constraints.items() if value is not None}
    if "enum" in wanted:
        wanted["enum"] = list(wanted["enum"])
    if wanted:
        described["constraints"] = wanted
    return described


def partial_date(name: str, description: str, required: bool = False) -> dict[str, Any]:
    return column(
        name,
        "string",
        description + " (YYYY, YYYY-MM or YYYY-MM-DD: as precise as known)",
        required,
        pattern=PARTIAL_DATE,
    )


def country_column(
    required: bool = True,
    description: str = "ISO 3166-1 alpha-3 code (or the documented code of "
    "a former state or other participant): see the countries table",
) -> dict[str, Any]:
    return column("country", "string", description, required)


def foreign(fields: str | list[str], resource: str, target: str | list[str]) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": target}}


@dataclass(frozen=True)
class TableSpec:
    """One table of the package: its CSV file, schema and keys."""

    name: str
    title: str
    description: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # columns naming the sources whose licence and citation the table's resource carries (published datasets)
    cited: tuple[str, ...] = ()
    licences: tuple[dict[str, str], ...] = ()  # the sources' licences where they are not the observatory's own
    # hundreds of thousands of rows: also offered as Parquet and gzip CSV, never as one JSON file or a sheet
    long: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.fields)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def parquet_path(self) -> str:
        return f"{self.name}.parquet"

    @property
    def gzip_path(self) -> str:
        return f"{self.name}.csv.gz"

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [dict(f) for f in self.fields], "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [dict(k) for k in self.foreign_keys]
        return schema

    def types(self) -> dict[str, str]:
        return {f["name"]: f["type"] for f in self.fields}


SOURCE_COLUMN = column("source", "string", "Key of the source of the fact: see the sources table", True)
SOURCE_URL = column("source_url", "string", "Address of the source", format="uri")
VERIFIED = column("verified", "boolean", "false when the fact comes from a secondary source and awaits checking", True)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "countries",
        gettext_noop("Countries and other participants"),
        gettext_noop("States, territories, former states and non-state treaty participants with their UN membership."),
        (
            column("code", "string", "ISO 3166-1 alpha-3, ISO 3166-3 or a documented code", True),
            column("iso2", "string", "ISO 3166-1 alpha-2 code"),
            column("m49", "string", "UN M49 numeric code, zero-padded", pattern=r"^\d{3}$"),
            column("name", "string", "Short English name", True),
            column("official_name", "string", "Official English name"),
            column(
                "kind",
                "string",
                "What the participant is",
                True,
                enum=("state", "territory", "predecessor", "organisation"),
            ),
            column("region", "string", "UN M49 region"),
            column("subregion", "string", "UN M49 subregion"),
            column("un_member_since", "integer", "Year of admission to the United Nations"),
            column("un_observer", "boolean", "true for a UN non-member observer state", True),
            column("existed_until", "integer", "Last year of a former state"),
        ),
        primary_key=("code",),
    ),
    TableSpec(
        "instruments",
        gettext_noop("Instruments"),
        gettext_noop("Treaties, protocols, ILO conventions and recommendations, charters, declarations and compacts."),
        (
            column("code", "string", "The observatory's code of the instrument", True),
            column("title", "string", "Full title", True),
            column("short_title", "string", "Short title", True),
            column(
                "kind",
                "string",
                "Kind of instrument",
                True,
                enum=(
                    "treaty",
                    "protocol",
                    "convention",
                    "charter",
                    "agreement",
                    "recommendation",
                    "declaration",
                    "compact",
                ),
            ),
            column("binding", "boolean", "true for a legally binding instrument", True),
            column("ratifiable", "boolean", "true when states can become parties", True),
            column("scope", "string", "Global or regional", True, enum=("global", "regional")),
            column("region", "string", "Region of a regional instrument"),
            column("organisation", "string", "Organisation under which it was adopted", True),
            partial_date("adopted", "Adoption date"),
            partial_date("entry_into_force", "Entry into force"),
            column("parent", "string", "Code of the instrument a protocol belongs to"),
            column("reference", "string", "Depositary's reference, e.g. IV-13, C189, ETS 093"),
            column("depositary_url", "string", "Depositary's status page", format="uri"),
            column("note", "string", "Note"),
        ),
        primary_key=("code",),
        foreign_keys=(foreign("parent", "instruments", "code"),),
    ),
    TableSpec(
        "treaty_actions",
        gettext_noop("Treaty actions"),
        gettext_noop(
            "Every signature, ratification, accession, succession, denunciation... of every participant on every "
            "instrument. Status on a date is derived from these acts."
        ),
        (
            country_column(),
            column("instrument", "string", "Instrument code: see the instruments table", True),
            column("action", "string", "The act", True, enum=ACTIONS),
            partial_date("date", "Date of the act", True),
            column("precision", "string", "How precisely the date is known", True, enum=("year", "month", "day")),
            partial_date("effective", "Date the act took effect, where the source gives it"),
            column("reservation", "boolean", "true when the act came with a reservation", True),
            column("declaration", "boolean", "true when the act came with a declaration", True),
            column("articles", "string", "Articles or provisions concerned, separated by ;"),
            VERIFIED,
            column("note", "string", "Note"),
            SOURCE_COLUMN,
            SOURCE_URL,
        ),
        foreign_keys=(
            foreign("country", "countries", "code"),
            foreign("instrument", "instruments", "code"),
            foreign("source", "sources", "key"),
        ),
    ),
    TableSpec(
        "governance_bodies",
        gettext_noop("Governance bodies"),
        gettext_noop("Regional consultative processes, inter-regional forums, global processes and mobility regimes."),
        (
            column("slug", "string", "Identifier of the body", True),
            column("name", "string", "Name", True),
            column("acronym", "string", "Acronym"),
            column(
                "kind",
                "string",
                "Kind of body",
                True,
                enum=BODY_KINDS,
            ),
            column("region", "string", "Region"),
            partial_date("initiated", "When the body began"),
            partial_date("formalised", "When it was formalised"),
            partial_date("ended", "When it ended"),
            column(
                "stage",
                "integer",
                "Stage of cooperation: 1 dialogue, 2 common understanding, 3 plan of action, 4 operational cooperation",
                minimum=1,
                maximum=4,
            ),
            VERIFIED,
            column("secretariat", "string", "Secretariat"),
            column("focus", "string", "Themes, separated by ;"),
            column("binding", "boolean", "true when its decisions bind members", True),
            column(
                "civil_society",
                "string",
                "Whether civil society takes part",
                True,
                enum=("yes", "limited", "no", "unknown"),
            ),
            column("civil_society_note", "string", "How civil society takes part"),
            column("stage_label", "string", "The stage in words"),
            column("stage_basis", "string", "What the stage rests on"),
            column("stage_note", "string", "Note on the stage"),
            column("url", "string", "Web site", format="uri"),
            column("note", "string", "Note"),
        ),
        primary_key=("slug",),
    ),
    TableSpec(
        "memberships",
        gettext_noop("Memberships"),
        gettext_noop("Who belongs to each governance body, in which role, since and until when."),
        (
            column("body", "string", "Slug of the body: see the governance_bodies table", True),
            column("body_name", "string", "Acronym or name of the body", True),
            column(
                "kind",
                "string",
                "Kind of body",
                True,
                enum=BODY_KINDS,
            ),
            column("member", "string", "Name of the member", True),
            country_column(False, "Code of a member country (empty for an organisation): see the countries table"),
            column("organisation", "string", "Name of a member organisation (empty for a country)"),
            column("role", "string", "Role", True, enum=("member", "observer", "chair", "partner", "associate")),
            partial_date("start", "When the membership began"),
            partial_date("end", "When it ended"),
            VERIFIED,
            column("note", "string", "Note"),
            SOURCE_COLUMN,
            SOURCE_URL,
        ),
        foreign_keys=(
            foreign("body", "governance_bodies", "slug"),
            foreign("country", "countries", "code"),
            foreign("source", "sources", "key"),
        ),
    ),
    TableSpec(
        "indicators",
        gettext_noop("Indicators"),
        gettext_noop("The indicator framework: each indicator with its category, right, dimension, scale and weight."),
        (
            column("framework", "string", "Framework code and version, e.g. MRF 1.0", True),
            column("code", "string", "Indicator code", True),
            column("category", "string", "Category code", True),
            column("right", "string", "Right code", True),
            column("dimension", "string", "Dimension", True, enum=DIMENSIONS),
            column("type", "string", "Indicator type", True, enum=("structural", "process", "outcome")),
            column("wording", "string", "The question", True),
            column("guidance", "string", "Guidance for coders"),
            column("scale", "string", "Scale kind: binary, ordinal, percentage or numeric", True),
            column("levels", "string", "Answer levels as value=label, separated by ;"),
            column("unit", "string", "Unit of a numeric answer"),
            column("min", "number", "Lowest allowed answer"),
            column("max", "number", "Highest allowed answer"),
            column(
                "direction", "string", "+ when a higher value means more protection, - when less", True, enum=("+", "-")
            ),
            column("weight", "number", "Weight within its right", True, minimum=0),
            column("provisions", "string", "Provisions the indicator rests on (instrument article), separated by ;"),
            column("evidence_required", "boolean", "true when an answer must cite evidence", True),
            column("evidence_kinds", "string", "Kinds of evidence accepted, separated by ;"),
            column("derived", "boolean", "true when computed from treaty actions and memberships, not coded", True),
            column(
                "maps_from",
                "string",
                "How it relates to the previous framework version",
                True,
                enum=("same", "reworded", "split", "merged", "new"),
            ),
            column("predecessors", "string", "Codes of the previous version it maps from, separated by ;"),
        ),
        primary_key=("framework", "code"),
    ),
    TableSpec(
        "answers",
        gettext_noop("Released answers"),
        gettext_noop(
            "Released indicator values (never drafts) with their evidence, one row per country, year and indicator. "
            "Empty before the first release."
        ),
        (
            column("release", "string", "Release that froze the value", True),
            country_column(),
            column("year", "integer", "Year assessed", True),
            column("framework", "string", "Framework code and version", True),
            column("indicator", "string", "Indicator code: see the indicators table", True),
            column("category", "string", "Category code"),
            column("right", "string", "Right code"),
            column("dimension", "string", "Dimension", enum=DIMENSIONS),
            column("status", "string", "value, not-applicable or unknown", True, enum=ANSWER_STATUSES),
            column("value", "number", "The value (empty when not applicable or unknown)"),
            column("value_label", "string", "The value in words"),
            column("coders", "integer", "How many experts answered", True, minimum=0),
            column("adjudicated", "boolean", "true when a reviewer decided between coders", True),
            column("evidence", "string", "Evidence: citations, addresses or excerpts separated by ; "),
        ),
        primary_key=("release", "country", "year", "indicator"),
        foreign_keys=(
            foreign("country", "countries", "code"),
            foreign(["framework", "indicator"], "indicators", ["framework", "code"]),
        ),
    ),
    TableSpec(
        "commitments",
        gettext_noop("Commitments"),
        gettext_noop(
            "Commitment indicators derived from treaty actions and memberships for every country and year from 1990 "
            "(1 = committed, 0 = not)."
        ),
        (
            country_column(),
            column("year", "integer", "Year (status at the year's end)", True),
            column("indicator", "string", "Commitment indicator code: see the indicators table", True),
            column("value", "number", "1 committed, 0 not; empty when not applicable", minimum=0, maximum=1),
            column("not_applicable", "boolean", "true when the indicator does not apply to the country", True),
        ),
        primary_key=("country", "year", "indicator"),
        foreign_keys=(foreign("country", "countries", "code"),),
        long=True,
    ),
    TableSpec(
        "scores",
        gettext_noop("Scores"),
        gettext_noop(
            "Index scores (0-100) per country, year, level and code, with coverage, ranks, changes and intervals. "
            "Flagged scores rest on too little evidence and are withheld (no score, no rank); where too few countries "
            "are ranked in a year and code, none is."
        ),
        (
            country_column(),
            column("year", "integer", "Year", True),
            column("level", "string", "Level of aggregation", True, enum=LEVELS),
            column("code", "string", "Indicator, right or category code, dimension name or overall", True),
            column(
                "score", "number", "Score from 0 to 100 (empty when withheld or not computed)", minimum=0, maximum=100
            ),
            column(
                "coverage",
                "number",
                "Share of applicable indicators beneath the score that were observed",
                minimum=0,
                maximum=1,
            ),
            column(
                "rank",
                "integer",
                "Rank among countries that year (1 = highest; empty: withheld, or too few ranked)",
                minimum=1,
            ),
            column("change_year", "number", "Change since the previous year, in points"),
            column("change_release", "number", "Change since the previous release, in points"),
            column(
                "flagged",
                "boolean",
                "true: too little evidence, score withheld",
                True,
            ),
            column(
                "score_low",
                "number",
                "5th percentile of the score over the uncertainty analysis",
            ),
            column("score_median", "number", "Median of the score over the uncertainty analysis"),
            column(
                "score_high",
                "number",
                "95th percentile of the score over the uncertainty analysis",
            ),
            column("rank_low", "integer", "Best rank over the uncertainty analysis", minimum=1),
            column("rank_high", "integer", "Worst rank over the uncertainty analysis", minimum=1),
        ),
        primary_key=("country", "year", "level", "code"),
        foreign_keys=(foreign("country", "countries", "code"),),
        long=True,
    ),
    TableSpec(
        "gaps",
        gettext_noop("Gaps"),
        gettext_noop(
            "Gaps between dimensions per country and year, in points: commitment minus protection, protection minus "
            "implementation."
        ),
        (
            country_column(),
            column("year", "integer", "Year", True),
            column("gap", "string", "Which gap", True),
            column("value", "number", "Points (empty when either dimension has no score)"),
        ),
        primary_key=("country", "year", "gap"),
        foreign_keys=(foreign("country", "countries", "code"),),
    ),
    TableSpec(
        "law_values",
        gettext_noop("Citizenship law (published dataset)"),
        gettext_noop(
            "Citizenship law of each country as the GLOBALCIT Citizenship Law Dataset codes it: one row per country, "
            "variable and run of years with one value (the law in force on 1 January of each year). Years the dataset "
            "repeats without observing them are carried forward, never observations. Not assessed by the "
            "observatory's experts."
        ),
        (
            country_column(),
            column("variable", "string", "The dataset's variable (see the codebook's list of law variables)", True),
            column("title", "string", "What the variable records"),
            column("value", "string", "The dataset's code as written (only codes whose meaning was confirmed)", True),
            column("meaning", "string", "What the code means, or the number of years"),
            column("year_from", "integer", "First year observed with this value", True),
            column("year_to", "integer", "Last year observed with this value", True),
            column("carried_to", "integer", "Last year the dataset repeats the value without observing it"),
            column("dataset", "string", "The dataset that loaded the row", True),
            SOURCE_COLUMN,
        ),
        primary_key=("dataset", "country", "variable", "year_from"),
        foreign_keys=(foreign("country", "countries", "code"), foreign("source", "sources", "key")),
        cited=("source",),
    ),
    TableSpec(
        "agreements",
        gettext_noop("Bilateral labour agreements"),
        gettext_noop(
            "Bilateral labour agreements as the Chilton and Woda dataset lists them, with the protections its coders "
            "found in the texts they read (coded). The order of the parties means nothing. Where a text was not "
            "coded its protections are unknown, not absent."
        ),
        (
            column("key", "string", "The dataset's identifier of the agreement (treatyID)", True),
            column("party_a", "string", "A party: see the countries table", True),
            column("party_b", "string", "The other party: see the countries table", True),
            column("name_a", "string", "The first party's name in the dataset", True),
            column("name_b", "string", "The second party's name in the dataset", True),
            partial_date("signed", "Date signed (empty: the dataset does not know it)"),
            partial_date("ratified", "Date ratified (empty: not known)"),
            column("listed_in", "string", "The list the dataset took the agreement from"),
            column("title", "string", "Title of the agreement"),
            column("coded", "boolean", "true when the dataset's coders read the text", True),
            column(
                "provisions",
                "string",
                "Coded text: the protections it gives, separated by ; (every other provision of the codebook it "
                "lacks). Empty and coded false: unknown",
            ),
            column("note", "string", "Note"),
            column("dataset", "string", "The dataset that loaded the row", True),
            SOURCE_COLUMN,
        ),
        primary_key=("dataset", "key"),
        foreign_keys=(
            foreign("party_a", "countries", "code"),
            foreign("party_b", "countries", "code"),
            foreign("source", "sources", "key"),
        ),
        cited=("source",),
    ),
    TableSpec(
        "law_gaps",
        gettext_noop("Obligation-law gaps"),
        gettext_noop(
            "For each treaty article whose safeguard the citizenship-law dataset codes: whether a party's law lacks "
            "it (gap), provides it (no-gap), the state is not bound or cannot be, or it is unknown (treaty data "
            "partial, or no law value). Unknown is never a gap. Each row names the article, the law variable and "
            "both sources."
        ),
        (
            country_column(),
            column("year", "integer", "Year (party and law on 1 January)", True),
            column("instrument", "string", "Instrument code: see the instruments table", True),
            column("article", "string", "Article of the instrument", True),
            column("variable", "string", "Law variable compared (see the law_values table)", True),
            column("state", "string", "What is known", True, enum=LAW_GAP_STATES),
            column("reason", "string", "Why, in words", True),
            column("law_value", "string", "The law variable's code that year (empty: no value)"),
            column("law_carried_forward", "boolean", "true when that year's law value is carried forward", True),
            column("law_source", "string", "Source of the law value: see the sources table"),
            column("treaty_source", "string", "Source of the treaty fact or completeness: see the sources table"),
            column("obligation", "string", "What the article requires", True),
            column("obligation_source", "string", "Source of the article's text: see the sources table", True),
        ),
        primary_key=("country", "year", "instrument", "article"),
        foreign_keys=(
            foreign("country", "countries", "code"),
            foreign("instrument", "instruments", "code"),
            foreign("law_source", "sources", "key"),
            foreign("treaty_source", "sources", "key"),
            foreign("obligation_source", "sources", "key"),
        ),
        cited=("law_source", "treaty_source", "obligation_source"),
    ),
    TableSpec(
        "corridors",
        gettext_noop("Corridors"),
        gettext_noop(
            "Migrants from each origin in each destination (UN DESA International Migrant Stock 2019, 1990-2019, by "
            "sex; CC BY 3.0 IGO), UNHCR's refugees, asylum-seekers and others in need of protection for the pair "
            "(CC BY 4.0; never added to the stock), the World Bank/KNOMAD 2017 estimate of migrants and remittances "
            "(CC BY 4.0), and per kind of governance: covered, not covered or unknown."
        ),
        (
            column("origin", "string", "Country of origin (ISO 3166 alpha-3)", True),
            column("destination", "string", "Country of destination, or of asylum for UNHCR's figures", True),
            column("year", "integer", "Stock year (UN DESA: mid-year; UNHCR: end of the year)", True),
            column("total", "integer", "Migrants from the origin in the destination (UN DESA)", True, minimum=0),
            column("male", "integer", "Of whom men (empty: no split published)", minimum=0),
            column("female", "integer", "Of whom women (empty: no split published)", minimum=0),
            column("refugees", "integer", "Refugees under UNHCR's mandate (empty: none recorded, unknown)", minimum=0),
            column("asylum_seekers", "integer", "Asylum-seekers (UNHCR; empty: unknown)", minimum=0),
            column(
                "other_in_need",
                "integer",
                "Other people in need of international protection (UNHCR; empty: unknown)",
                minimum=0,
            ),
            column("worldbank_migrants_2017", "integer", "World Bank/KNOMAD estimate for 2017, a separate estimate"),
            column(
                "worldbank_remittances_usd_millions_2017",
                "number",
                "Estimated remittances sent home from the destination in 2017, US$ millions (World Bank/KNOMAD)",
            ),
            *(
                column(kind, "string", f"Covered by {KIND_TITLES[kind]} on 1 July", True, enum=COVERAGE_STATES)
                for kind in CORRIDOR_KINDS
            ),
        ),
        primary_key=("origin", "destination", "year"),
        licences=(LICENCE_IGO, LICENCE),
        long=True,
    ),
    TableSpec(
        "corridor_coverage",
        gettext_noop("Corridor coverage"),
        gettext_noop(
            "Shares of migrants whose corridor is covered, not covered or of unknown coverage, per year, kind of "
            "governance and group (world, development group, region; UN DESA 2019 stocks, CC BY 3.0 IGO)."
        ),
        (
            column("by", "string", "Grouping", True, enum=CORRIDOR_GROUPINGS),
            column("year", "integer", "Stock year", True),
            column("group", "string", "Group: world, south-south..., or origin region → destination region", True),
            column("kind", "string", "Kind of governance", True, enum=CORRIDOR_KINDS),
            column("migrants", "integer", "Migrants in the group's corridors", True, minimum=0),
            column("covered", "integer", "In covered corridors", True, minimum=0),
            column("not_covered", "integer", "In corridors known not to be covered", True, minimum=0),
            column("unknown", "integer", "In corridors of unknown coverage (never counted as not covered)", True),
            column("share_covered", "number", "Share covered", minimum=0, maximum=1),
            column("share_not_covered", "number", "Share not covered", minimum=0, maximum=1),
            column("share_unknown", "number", "Share unknown", minimum=0, maximum=1),
        ),
        primary_key=("by", "year", "group", "kind"),
        licences=(LICENCE_IGO,),
    ),
    TableSpec(
        "sources",
        gettext_noop("Sources"),
        gettext_noop(
            "Every source the facts cite, with its licence, access date and the checksum of the raw file kept."
        ),
        (
            column("key", "string", "Identifier of the source", True),
            column("producer", "string", "Who published it", True),
            column("title", "string", "Title", True),
            column("citation", "string", "How to cite it"),
            column("url", "string", "Address", format="uri"),
            partial_date("published", "Publication date"),
            column("accessed", "date", "When it was retrieved", True),
            column("licence", "string", "Its licence or terms of use"),
            column("checksum", "string", "sha256:<hex> of the raw file kept"),
            column("facts", "integer", "How many facts in the observatory cite it", True, minimum=0),
        ),
        primary_key=("key",),
    ),
)
TABLE_NAMES = tuple(t.name for t in TABLES)
BY_NAME = {t.name: t for t in TABLES}
LONG_TABLES = tuple(t for t in TABLES if t.long)
PARQUET = "parquet"
PARQUET_TYPE = "application/vnd.apache.parquet"


def clean_record(spec: TableSpec, record: dict[str, Any]) -> dict[str, Any]:
    """A row as the package writes it: NaN as missing, whole numbers in integer columns, lists joined."""
    types = spec.types()
    cleaned: dict[str, Any] = {}
    for name in spec.columns:
        value = record.get(name)
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        if value is not None and types[name] == "integer" and not isinstance(value, bool):
            value = int(value)
        if isinstance(value, (list, tuple)):
            value = ";".join(map(str, value))
        cleaned[name] = value
    return cleaned


# text a spreadsheet would read as a formula (``lib.tables._quoted``, for a whole column at once)
FORMULA_LIKE = r"^'*[=@+\-\t\r]."
_FORMULA = re.compile(FORMULA_LIKE, flags=re.DOTALL)


def csv_frame(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """The table's columns as ``write_table`` writes them, for a whole DataFrame at once (the long tables).

    Integer columns as whole numbers, number columns as floats, booleans as ``true``/``false``, text neutralised
    against formulas (``lib.tables.neutralise``), missing as empty: the same cells as the row-by-row path.
    """
    out: dict[str, Any] = {}
    for name, type_ in spec.types().items():
        cells = frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)
        if type_ == "integer" and pd.api.types.is_integer_dtype(cells):
            out[name] = cells.astype("Int64")
        elif type_ == "integer":
            out[name] = pd.Series(pd.array(pd.to_numeric(cells).round(), dtype="Int64"), index=frame.index)
        elif type_ == "number":
            out[name] = pd.to_numeric(cells).astype("float64")
        elif type_ == "boolean":
            out[name] = cells.map({True: "true", False: "false"}).astype(object)
        else:
            try:  # checked once per distinct text (a long table repeats a few hundred codes over its rows)
                formulas = [v for v in cells.dropna().drop_duplicates() if isinstance(v, str) and _FORMULA.match(v)]
            except TypeError:  # unhashable cells (lists): each checked
                formulas = None
            if formulas == [] and cells.dtype != object:  # text already, none to neutralise: kept as it is
                out[name] = cells
                continue
            text = cells.astype(object).where(cells.notna(), None)
            if formulas is None:
                quoted = text.str.match(FORMULA_LIKE, flags=re.DOTALL).fillna(False).astype(bool)
            else:
                quoted = text.isin(formulas)
            if quoted.any():
                text = text.copy()
                text[quoted] = "'" + text[quoted]
            out[name] = text
    # Series of the frame's index, their types kept (no text column inferred again), each its own block: not copied
    # into one array per type (a tenth of a second on the scores), as only the writers read them
    return pd.DataFrame(out, columns=list(spec.columns), index=frame.index, copy=False)


def write_table(spec: TableSpec, records: Iterable[dict[str, Any]] | pd.DataFrame, handle: IO[str]) -> None:
    """Write ``records`` (dictionaries, or a DataFrame with the table's columns) as the table's CSV: text cells
    neutralised against formulas, number columns as numbers."""
    if isinstance(records, pd.DataFrame):
        write_frame_csv(csv_frame(spec, records), handle)
        return
    numeric = [name for name, type_ in spec.types().items() if type_ in ("integer", "number")]
    write_csv((clean_record(spec, record) for record in records), spec.columns, handle, numeric=numeric)


@dataclass(frozen=True)
class PackageInfo:
    """What ``datapackage.json`` says about the whole package."""

    label: str  # release version, or "commitments" for the edition before or beside releases
    title: str
    description: str
    created: str  # ISO 8601
    sources: tuple[dict[str, Any], ...]  # source_dict-like rows: key, producer, title, url, licence
    release: str | None = None
    edition: dict[str, Any] = field(default_factory=dict)
    homepage: str = ""
    spec: dict[str, Any] = field(default_factory=dict)  # the index specification the scores were computed with
    # what the published law datasets' variables, codes and coded provisions mean (the codebook lists them)
    law: dict[str, Any] = field(default_factory=dict)


def source_entry(source: dict[str, Any]) -> dict[str, Any]:
    """A source as the descriptor lists it: title, address, key, licence, citation, access date."""
    return {
        "title": f"{source['producer']}: {source['title']}",
        **({"path": source["url"]} if source.get("url") else {}),
        "key": source["key"],
        "licence": source.get("licence") or None,
        "citation": source.get("citation") or None,
        "accessed": source.get("accessed"),
    }


def cited_sources(spec: TableSpec, folder: Path, sources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources the rows of a table written in ``folder`` cite in its ``cited`` columns, as the descriptor
    lists them (their licence and citation travel with the table)."""
    if not spec.cited:
        return []
    with (folder / spec.path).open(encoding="utf-8", newline="") as handle:
        keys = {row[name] for row in csv.DictReader(handle) for name in spec.cited if row.get(name)}
    return [source_entry(s) for s in sources if s["key"] in keys]


def _resource(
    folder: Path,
    name: str,
    title: str,
    description: str,
    path: str,
    schema: dict[str, Any],
    licences: tuple[dict[str, str], ...] = (),
) -> dict[str, Any]:
    content = (folder / path).read_bytes()
    return {
        "name": name,
        "title": title,
        "description": description,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "schema": schema,
        "licenses": list(licences or (LICENCE,)),
    }


def other_formats(folder: Path, spec: TableSpec) -> list[dict[str, Any]]:
    """A long table's other files (Parquet, gzip CSV) as its resource lists them under ``formats``: the same rows
    and columns, offered on the download page beside the CSV (the ZIP holds the CSV only). They are not resources
    of their own: frictionless reads Parquet nulls as NaN that break the schema's constraints, and cannot count a
    Parquet file's bytes, so the package would no longer validate; a test compares each with the CSV instead."""
    entries = []
    for path, described in (
        (spec.parquet_path, {"format": PARQUET, "mediatype": PARQUET_TYPE}),
        (spec.gzip_path, {"format": "csv", "compression": "gz", "mediatype": "application/gzip"}),
    ):
        if (folder / path).exists():
            content = (folder / path).read_bytes()
            digest = "sha256:" + hashlib.sha256(content).hexdigest()
            entries.append({"path": path, **described, "bytes": len(content), "hash": digest})
    return entries


def citation(info: PackageInfo) -> str:
    return suggested_citation(info.title, info.label, info.created, info.homepage)


def descriptor(info: PackageInfo, folder: Path, wide: list[Variable] | None = None) -> dict[str, Any]:
    """``datapackage.json`` for the CSV files already written in ``folder`` (with the wide table's, if given)."""
    resources = []
    for spec in TABLES:
        resource = _resource(folder, spec.name, spec.title, spec.description, spec.path, spec.schema(), spec.licences)
        cited = cited_sources(spec, folder, info.sources)
        if cited:  # a published dataset's table: its licence and citation beside the observatory's
            resource["sources"] = cited
        formats = other_formats(folder, spec) if spec.long else []
        if formats:
            resource["formats"] = formats
        resources.append(resource)
    if wide is not None:
        resources.append(_resource(folder, WIDE_NAME, WIDE_TITLE, WIDE_DESCRIPTION, WIDE_PATH, wide_schema(wide)))
    extra: dict[str, Any] = {
        "release": info.release,
        "edition": info.edition,
        "licence_note": LICENCE_NOTE,
        "citation": citation(info),
        "spec": info.spec,
    }
    if info.law:
        extra["law"] = info.law
    if wide is not None:
        extra["wide"] = [
            {"name": v.name, "level": v.level, "code": v.code, "measure": v.measure, "unit": v.unit} for v in wide
        ]
        extra["wide_missing"] = MISSING_RULE
    package: dict[str, Any] = {
        "profile": PROFILE,
        "name": f"migrights-{info.label}".lower(),
        "title": info.title,
        "description": info.description,
        "version": info.label,
        "created": info.created,
        "keywords": ["migrants", "human rights", "treaties", "migration governance", "index"],
        "licenses": [LICENCE],
        "contributors": [{"title": AUTHOR, "role": "author"}],
        "sources": [source_entry(s) for s in info.sources],
        "migrights": extra,
        "resources": resources,
    }
    if info.homepage:
        package["homepage"] = info.homepage
    return package


# the files of a package folder beside its tables, with what each holds (the README lists them)
README = "README.md"
CODEBOOK = "codebook.md"


def package_files(package: dict[str, Any]) -> list[tuple[str, str]]:
    """What a package folder (and its ZIP) holds: ``(file, what it is)``."""
    files = [
        ("datapackage.json", "the Frictionless Data Package descriptor: every table's schema, the sources"),
        (README, "this file"),
        (CODEBOOK, "the codebook: every variable, its meaning, unit or levels, source and missing-value rule"),
    ]
    files += [(r["path"], f"{r['title']}: {r['description']}") for r in package["resources"]]
    return files


def write_package(
    folder: Path,
    info: PackageInfo,
    tables: dict[str, Iterable[dict[str, Any]] | pd.DataFrame],
    wide: tuple[pd.DataFrame, list[Variable]] | None = None,
    present: Collection[str] = (),
) -> dict[str, Any]:
    """Write every table's CSV, the wide table's, ``datapackage.json``, the README and the codebook into
    ``folder`` (which must exist), and each long table as Parquet and gzip CSV. ``tables`` gives each table as
    dictionaries or as a DataFrame; the tables ``present`` have their files in ``folder`` already, written for
    another edition (a long table's Parquet file is given this package's metadata)."""
    for spec in TABLES:
        if spec.name in present:
            if spec.long:
                relabel_parquet(folder / spec.parquet_path, parquet_metadata(info, spec))
            continue
        rows = tables.get(spec.name, ())
        cells = csv_frame(spec, rows) if isinstance(rows, pd.DataFrame) else None
        with (folder / spec.path).open("w", encoding="utf-8", newline="") as handle:
            if cells is not None:
                write_frame_csv(cells, handle)
            else:
                write_table(spec, rows, handle)
        if spec.long:
            # typed as the CSV reads back (the cells in memory, not the file read again), the same rows and types
            typed = typed_frame(spec, cells) if cells is not None else read_csv_table(spec, folder / spec.path)
            write_parquet(spec, typed, folder / spec.parquet_path, parquet_metadata(info, spec))
            gzip_file(folder / spec.path, folder / spec.gzip_path)
    if wide is not None:
        with (folder / WIDE_PATH).open("w", encoding="utf-8", newline="") as handle:
            write_wide_csv(wide[0], handle)
    package = descriptor(info, folder, wide[1] if wide is not None else None)
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (folder / README).write_text(readme(package, package_files(package)), "utf-8")
    indicators = read_csv_table(BY_NAME["indicators"], folder / BY_NAME["indicators"].path)
    (folder / CODEBOOK).write_text(to_markdown(codebook_blocks(package, indicators)), "utf-8")
    return package


def zip_package(folder: Path, target: Path) -> None:
    """The package folder as one ZIP, ``datapackage.json`` first, then the README, the codebook and the tables,
    deflated at level 1 (a third of level 6's CPU for a ZIP a quarter larger: 5.5 MB instead of 4.2)."""
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, _ in package_files(package):
            if (folder / name).exists():
                archive.write(folder / name, name)


def parquet_metadata(info: PackageInfo, spec: TableSpec) -> dict[str, str]:
    """What a Parquet file says of itself (key-value metadata): table, edition, licence, citation, source."""
    return {
        "title": f"{info.title}: {spec.title}",
        "description": spec.description,
        "edition": info.label,
        "licence": f"{(spec.licences or (LICENCE,))[0]['title']}; " + LICENCE_NOTE,
        "citation": citation(info),
        "source": TABLE_SOURCES.get(spec.name, "see the sources table"),
        "missing": "null: unknown or not applicable, never zero (see the codebook)",
    }


def write_parquet(spec: TableSpec, typed: pd.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    """A typed table (``typed_frame``'s types) as Parquet (zstd), dates as dates, ``metadata`` in the file."""
    import pyarrow as pa

    table = pa.Table.from_pandas(typed[list(spec.columns)], preserve_index=False)
    for name, type_ in spec.types().items():
        if type_ == "date":
            table = table.set_column(table.schema.get_field_index(name), name, table[name].cast(pa.date32()))
    _write_parquet_table(table, path, metadata)


def relabel_parquet(path: Path, metadata: dict[str, str]) -> None:
    """A Parquet file written by ``write_parquet`` given other ``metadata`` (another edition's), its rows as they were;
    written to a new file, then moved into place."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    atomic_write(path, lambda target: _write_parquet_table(table, target, metadata))


def _write_parquet_table(table: Any, path: Path, metadata: dict[str, str]) -> None:
    """An Arrow table as Parquet (zstd) with pandas' own metadata (Int64, boolean and str read back as such) and
    ``metadata``."""
    import pyarrow.parquet as pq

    kept = {key: value for key, value in (table.schema.metadata or {}).items() if key == b"pandas"}
    table = table.replace_schema_metadata(kept | {key.encode(): value.encode() for key, value in metadata.items()})
    pq.write_table(table, path, compression="zstd")


def read_parquet_table(spec: TableSpec, handle: IO[bytes] | Path) -> pd.DataFrame:
    """A table written by ``write_parquet``, typed as ``read_csv_table`` types the same table's CSV."""
    frame = pd.read_parquet(handle)
    for name, type_ in spec.types().items():
        if type_ == "date":
            frame[name] = pd.to_datetime(frame[name])
    return frame[list(spec.columns)]


def gzip_file(source: Path, target: Path) -> None:
    """``source`` gzipped into ``target``, its name kept and no time stamp (the same file gives the same bytes);
    level 1, as the ZIP (the Parquet file is the compact one)."""
    with (
        source.open("rb") as raw,
        target.open("wb") as out,
        gzip.GzipFile(source.name, "wb", compresslevel=1, fileobj=out, mtime=0) as packed,
    ):
        shutil.copyfileobj(raw, packed, 1 << 20)


# --- reading ------------------------------------------------------------------------------


def typed_frame(spec: TableSpec, text: pd.DataFrame) -> pd.DataFrame:
    """Give a table of text cells (empty = missing), or the cells ``csv_frame`` writes, the pandas types of its schema.

    integer → ``Int64``, number → ``float64``, boolean → ``boolean``, date → ``datetime64``, string → ``str``
    (as written: the ``'`` that neutralised a formula-like cell removed).
    """
    frame = pd.DataFrame(index=text.index)
    for name, type_ in spec.types().items():
        cells = text[name] if name in text else pd.Series(pd.NA, index=text.index, dtype="object")
        if type_ == "integer":
            frame[name] = pd.to_numeric(cells).astype("Int64")
        elif type_ == "number":
            frame[name] = pd.to_numeric(cells).astype("float64")
        elif type_ == "boolean":  # compared as whole columns (a dictionary looked up per cell: 5x the CPU)
            true, false = (cells == "true").to_numpy(bool), (cells == "false").to_numpy(bool)
            frame[name] = pd.Series(pd.arrays.BooleanArray(true, ~(true | false)), index=text.index)
        elif type_ == "date":
            frame[name] = pd.to_datetime(cells, format="%Y-%m-%d")
        else:
            strings = cells.astype("str")
            strings = strings.where(strings != "")  # empty is missing, as in the CSV (cells given in memory)
            quoted = strings.str.startswith("'").fillna(False).astype(bool)
            if quoted.any():  # only those: a column of missing values keeps its text type
                strings = strings.copy()
                strings.loc[quoted] = [restore(value) for value in strings[quoted]]
            frame[name] = strings
    return frame


def read_csv_table(spec: TableSpec, handle: IO[Any] | Path) -> pd.DataFrame:
    text = pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    return typed_frame(spec, text)


def frame_from_records(spec: TableSpec, records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Rows from the database typed exactly as the same rows read back from the package's CSV."""
    buffer = io.StringIO()
    write_table(spec, records, buffer)
    buffer.seek(0)
    return read_csv_table(spec, buffer)


class PackageReader:
    """A downloaded package: its folder, its ``datapackage.json`` or its ZIP."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if path.is_dir():
            path = path / "datapackage.json"
        if not path.exists():
            raise FileNotFoundError(f"no data package at {path}")
        self.path = path
        self.zipped = zipfile.is_zipfile(path)
        with self._open("datapackage.json") as handle:
            self.descriptor: dict[str, Any] = json.load(handle)

    def _open(self, name: str) -> IO[bytes]:
        if self.zipped:
            archive = zipfile.ZipFile(self.path)
            return archive.open(name)
        return (self.path.parent / name).open("rb")

    @property
    def version(self) -> str:
        return self.descriptor.get("version", "")

    def table(self, name: str) -> pd.DataFrame:
        spec = BY_NAME[name]
        resource = next((r for r in self.descriptor["resources"] if r["name"] == name), None)
        if resource is None:
            raise KeyError(f"the package has no table {name!r}")
        parquet = next((f["path"] for f in resource.get("formats", []) if f["format"] == PARQUET), None)
        if parquet and not self.zipped and (self.path.parent / parquet).exists():
            # a long table's Parquet beside the CSV (a package folder): the same frame, read in a fraction of the time
            return read_parquet_table(spec, self.path.parent / parquet)
        with self._open(resource["path"]) as handle:
            return read_csv_table(spec, handle)
