"""The codebook of an edition's downloads, in Markdown and as a PDF, and the package's README. Free of Django.

Generated from the package itself: ``datapackage.json`` (every table's schema, the wide table's variables, the
edition, the index specification, the sources) and the package's ``indicators`` table (the framework). So it
describes exactly the files it ships with: every variable, its meaning, its unit or levels, where it comes from
and what a missing value means. The PDF goes through the briefs' renderer (``lib.pdf``: WeasyPrint, nothing
fetched).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

AUTHOR = "Migrant Rights Observatory"
MISSING = (
    "An empty cell (in Stata `.`, in JSON `null`) means the value is not known, does not apply, or was withheld; "
    "it is never zero. A zero is a value that was observed."
)
# where each table's rows come from (the codebook's "Source" line)
# where the API pages through a long table's rows as JSON (the files hold no JSON of them)
API_PAGES = {
    "scores": "/api/v1/scores (release=VERSION for a release's)",
    "commitments": "/api/v1/commitments (country=ISO3, one country at a time)",
    "corridors": "/api/v1/corridors",
}
TABLE_SOURCES = {
    "countries": "ISO 3166 and the UN M49 standard (UN Statistics Division), UN membership from the UN's list of "
    "member states; see the sources table.",
    "instruments": "The depositaries' and organisations' official records (UN Treaty Collection, ILO NORMLEX, "
    "Council of Europe, African Union, OAS...); see the sources table.",
    "treaty_actions": "The depositaries' status pages, one source per row (column source).",
    "governance_bodies": "The bodies' own documents and sites; see the sources table.",
    "memberships": "The bodies' own member lists and documents, one source per row (column source).",
    "indicators": "The observatory's indicator framework (the framework file of the edition).",
    "answers": "Country experts' coded answers with their evidence, checked by reviewers and frozen in a release.",
    "commitments": "Derived by the observatory from the treaty_actions and memberships tables under the rules "
    "of each commitment indicator (column derived of the indicators table).",
    "scores": "Computed by the observatory's index engine from the commitments and the released answers, "
    "under the index specification described below.",
    "gaps": "Computed from the dimension scores of the scores table.",
    "corridors": "Stocks: United Nations, Department of Economic and Social Affairs, Population Division (2019). "
    "International Migrant Stock 2019 (POP/DB/MIG/Stock/Rev.2019), CC BY 3.0 IGO. Refugees: UNHCR (2025), Refugee "
    "Population Statistics Database, R package refugees 2025.12.1, CC BY 4.0 (never added to the stock). World "
    "Bank / KNOMAD (2018), Bilateral Migration and Remittance Matrices 2017, CC BY 4.0. Coverage: derived by the "
    "observatory from the memberships, treaty_actions and bilateral labour agreements on 1 July of each year.",
    "corridor_coverage": "Derived by the observatory from the corridors table; stocks from UN DESA International "
    "Migrant Stock 2019 (CC BY 3.0 IGO), development groups and regions from its workbook's annex.",
    "sources": "The observatory's register of the sources it read.",
    "law_values": "The GLOBALCIT Citizenship Law Dataset, as its importer derives the rows from the dataset's "
    "country-year file (column source); the codes' meanings under Law variables below.",
    "agreements": "The Bilateral Labor Agreements dataset of Chilton and Woda (2022), its formation and coding "
    "files (column source); the provisions' meanings under Provisions of the agreements below.",
    "law_gaps": "Derived by the observatory from the law_values and treaty_actions tables under the gap rules "
    "listed below (columns law_source, treaty_source, obligation_source).",
    "wide": "The scores and gaps tables of this edition, one row per country and year (countries table for the "
    "names and regions).",
}


def suggested_citation(title: str, version: str, created: str, homepage: str = "") -> str:
    """How to cite an edition's data: author, year, title, version, date and licence (no invented identifier)."""
    year = created[:4] if created[:4].isdigit() else str(dt.date.today().year)
    where = f" {homepage.rstrip('/')}/data/{version}/" if homepage else ""
    return (
        f"{AUTHOR} ({year}). {title} [Data set], version {version}, created {created[:10]}. Licence CC BY 4.0.{where}"
    )


# --- a small document model: the same blocks become Markdown and HTML ---------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, h3, p, table
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _constraints(field: dict[str, Any]) -> str:
    """A field's levels or bounds in words."""
    wanted = field.get("constraints", {})
    parts = []
    if "enum" in wanted:
        parts.append("one of: " + ", ".join(map(str, wanted["enum"])))
    if "minimum" in wanted or "maximum" in wanted:
        parts.append(f"from {_cell(wanted.get('minimum', '…'))} to {_cell(wanted.get('maximum', '…'))}")
    if field.get("type") == "boolean":
        parts.append("true or false")
    if field.get("format") == "uri":
        parts.append("a web address")
    if "pattern" in wanted:
        parts.append("YYYY, YYYY-MM or YYYY-MM-DD")
    return "; ".join(parts)


def _spec_lines(spec: dict[str, Any]) -> list[tuple[str, str]]:
    if not spec:
        return []
    aggregation = spec.get("aggregation", {})
    lines = [
        ("Specification", str(spec.get("name", ""))),
        ("Normalisation", str(spec.get("normalisation", ""))),
        ("Weights", str(spec.get("weights", ""))),
        ("Aggregation", ", ".join(f"{level}: {method}" for level, method in aggregation.items())),
        ("Overall score", "aggregated from the dimensions " + ", ".join(spec.get("overall_dimensions", []))),
        ("Missing indicators", str(spec.get("missing", ""))),
        (
            "Withheld scores",
            f"a score resting on less than {spec.get('min_coverage', '')} of its applicable indicators, or of a "
            f"country to which less than {spec.get('min_applicable', '')} of the code's indicators apply, is "
            "flagged and withheld (no score, no rank)",
        ),
        ("Ranks", f"none in a year and code where fewer than {spec.get('min_ranked', '')} countries are ranked"),
    ]
    return [(name, text) for name, text in lines if text.strip()]


def codebook_blocks(package: dict[str, Any], indicators: pd.DataFrame) -> list[Block]:
    """The codebook of the package whose descriptor is ``package``, ``indicators`` its indicators table."""
    edition, kept = codebook_parts(package, indicators)
    return edition + [block for part in kept for block in part]


def codebook_parts(package: dict[str, Any], indicators: pd.DataFrame) -> tuple[list[Block], list[list[Block]]]:
    """The codebook in parts: the edition's own (title, citation, the edition's table: version, creation time,
    specification hash...), then the parts editions share, each resting on other inputs, so that each one's PDF
    can be laid out once and kept, and a change lays out again only the parts it reaches: the wide table's
    variables (the framework), the long tables (the package's schemas and the published datasets' licences), the
    specification and the indicators (the index specification, the framework), and the law datasets' codes with
    the sources (a law import, a new source). A part without blocks is left out."""
    extra = package.get("migrights", {})
    edition = extra.get("edition", {})
    first = [
        Block("h1", f"Codebook: {package['title']}"),
        Block("p", package.get("description", "")),
        Block("h2", "Suggested citation"),
        Block("p", extra.get("citation", "")),
        Block("h2", "This edition"),
        Block(
            "table",
            header=("", ""),
            rows=tuple(
                (name, str(value))
                for name, value in (
                    ("Edition", package.get("version", "")),
                    ("Release", extra.get("release") or "none (commitments edition)"),
                    ("Created", package.get("created", "")),
                    ("Framework", edition.get("framework", "")),
                    ("Index computed", edition.get("computed", "")),
                    ("Specification hash", edition.get("spec_hash", "")),
                    ("Uncertainty draws", edition.get("draws", "")),
                    ("Licence", f"{package['licenses'][0]['title']}. {extra.get('licence_note', '')}"),
                )
                if value not in (None, "")
            ),
        ),
        Block("h2", "Missing values"),
        Block("p", MISSING),
    ]
    wide_part: list[Block] = []
    wide = next((r for r in package["resources"] if r["name"] == "wide"), None)
    if wide is not None:
        variables = {v["name"]: v for v in extra.get("wide", [])}
        wide_part += [
            Block("h2", "The wide table (wide.csv, wide.dta; the workbook's data sheet: overall, dimensions)"),
            Block("p", wide["description"]),
            Block("p", "Source: " + TABLE_SOURCES["wide"]),
            Block("p", "Missing: " + extra.get("wide_missing", MISSING)),
            Block(
                "table",
                header=("Variable", "Meaning", "Unit", "Level", "Code"),
                rows=tuple(
                    (
                        f["name"],
                        f.get("description", ""),
                        variables.get(f["name"], {}).get("unit", ""),
                        variables.get(f["name"], {}).get("level", ""),
                        variables.get(f["name"], {}).get("code", ""),
                    )
                    for f in wide["schema"]["fields"]
                ),
            ),
        ]
    blocks = [Block("h2", "The long tables")]
    for resource in package["resources"]:
        if resource["name"] == "wide":
            continue
        schema = resource["schema"]
        key = ", ".join(schema.get("primaryKey", [])) or "none"
        licences = ", ".join(licence["title"] for licence in resource.get("licenses", []))
        blocks += [
            Block("h3", f"{resource['name']}.csv: {resource['title']}"),
            Block("p", resource["description"]),
            Block("p", f"Source: {TABLE_SOURCES.get(resource['name'], 'see the sources table')} Key: {key}."),
            Block("p", f"Licence: {licences}."),
            *_other_formats(resource),
            *_licences(resource.get("sources", [])),
            Block(
                "table",
                header=("Variable", "Type", "Meaning", "Levels or unit", "Required"),
                rows=tuple(
                    (
                        f["name"],
                        f["type"],
                        f.get("description", ""),
                        _constraints(f),
                        "yes" if f.get("constraints", {}).get("required") else "no (empty when missing)",
                    )
                    for f in schema["fields"]
                ),
            ),
        ]
    framework: list[Block] = []
    spec = _spec_lines(extra.get("spec", {}))
    if spec:
        framework += [
            Block("h2", "How the scores are computed"),
            Block("table", header=("", ""), rows=tuple(spec)),
        ]
    if len(indicators):
        framework += [
            Block("h2", "Indicators"),
            Block(
                "p",
                "Every indicator of the edition's framework: what it asks, its dimension, its answer levels or unit, "
                "and what it rests on (treaty provisions; derived: computed from treaty actions and memberships).",
            ),
            Block(
                "table",
                header=("Code", "Question", "Dimension", "Levels or unit", "Rests on"),
                rows=tuple(
                    (
                        _cell(row["code"]),
                        _cell(row["wording"]),
                        _cell(row["dimension"]),
                        _levels(row),
                        ("derived; " if row["derived"] is True else "") + _cell(row["provisions"]).replace(";", "; "),
                    )
                    for row in indicators.to_dict(orient="records")
                ),
            ),
        ]
    law = _law_blocks(extra.get("law", {}))
    sources = package.get("sources", [])
    if sources:
        law += [
            Block("h2", "Sources"),
            Block(
                "p",
                f"The data rest on {len(sources)} sources, each listed with its producer, title, address, licence, "
                "access date and the checksum of the file kept in sources.csv (and the About sheet of the "
                "workbook); the treaty_actions and memberships tables name the source of every row.",
            ),
        ]
    return first, [part for part in (wide_part, blocks, framework, law) if part]


FORMAT_NOTES = {
    "parquet": "Parquet: the same rows and columns, typed, with the licence and the citation in its metadata",
    "csv": "this CSV gzipped",
}


def _other_formats(resource: dict[str, Any]) -> list[Block]:
    """Where a long table is also offered (Parquet, gzip CSV) and its JSON paged by the API, never one file."""
    formats = resource.get("formats", [])
    if not formats:
        return []
    name = resource["name"]
    files = [f"{f['path']} ({FORMAT_NOTES.get(f['format'], f['format'])})" for f in formats]
    return [
        Block(
            "p",
            "Also on the download page as " + " and ".join(files) + ". Too long for one JSON file or a sheet of the "
            f"workbook: as JSON, page through {API_PAGES.get(name, 'the API (/api/v1/docs)')}.",
        )
    ]


def _licences(sources: Sequence[dict[str, Any]]) -> list[Block]:
    """The licence and citation of the published datasets a table's rows come from."""
    if not sources:
        return []
    return [
        Block("p", "Licence and citation of the data in this table (each source's own terms apply to its rows):"),
        Block(
            "table",
            header=("Source", "Licence", "Cite as"),
            rows=tuple(
                (f"{s['key']}: {s['title']}", s.get("licence") or "not stated", s.get("citation") or "")
                for s in sources
            ),
        ),
    ]


def _law_blocks(law: dict[str, Any]) -> list[Block]:
    """What the law datasets' variables and codes, and the agreements' provisions, mean; and the gap rules."""
    if not law:
        return []
    blocks = [
        Block("h2", "Law variables (law_values.csv)"),
        Block(
            "p",
            "Each GLOBALCIT variable the observatory loads and what its codes mean, as a document read confirms "
            "(column Basis: the source key of that document). A code no document read names is not loaded: its "
            "value is missing.",
        ),
        Block(
            "table",
            header=("Variable", "Meaning", "Codes", "Basis"),
            rows=tuple(
                (
                    v["name"],
                    v["title"],
                    "number of years" if v.get("numeric") else "; ".join(f"{k}={m}" for k, m in v["codes"].items()),
                    v.get("basis", ""),
                )
                for v in law.get("variables", [])
            ),
        ),
        Block("h2", "Provisions of the agreements (column provisions of agreements.csv)"),
        Block(
            "p",
            "Each provision the dataset's coders looked for in a text, with the label stored in the dataset's files. "
            "A coded agreement lists those its text gives and lacks the others; an agreement whose text was not "
            "coded says nothing of them (unknown).",
        ),
        Block("table", header=("Provision", "Meaning"), rows=tuple(law.get("provisions", {}).items())),
        Block("h2", "Gap rules (law_gaps.csv)"),
        Block(
            "p",
            "A gap is stated only where the state is a party to the instrument on 1 January of the year, on treaty "
            "data complete that day, and its law that year has a value the rule calls lacking, unless another "
            "variable shows the law provides the safeguard otherwise (column Unless: unconditional ius soli). "
            "Otherwise the row says no-gap, not-bound, not-applicable or unknown.",
        ),
        Block(
            "table",
            header=("Instrument", "Article", "Variable", "Lacking", "Unless", "Obligation", "Text read"),
            rows=tuple(
                (
                    r["instrument"],
                    r["article"],
                    r["variable"],
                    ", ".join(r["lacking"]),
                    "; ".join(f"{v} = {', '.join(codes)}" for v, codes in r.get("provided_by", {}).items()),
                    r["obligation"],
                    r["source"],
                )
                for r in law.get("gap_rules", [])
            ),
        ),
    ]
    return blocks


def _levels(row: dict[str, Any]) -> str:
    levels = _cell(row.get("levels"))
    if levels:
        return levels.replace(";", "; ")
    bounds = ""
    if _cell(row.get("min")) or _cell(row.get("max")):
        bounds = f" from {_cell(row.get('min'))} to {_cell(row.get('max'))}"
    return (_cell(row.get("unit")) or _cell(row.get("scale"))) + bounds


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    marks = {"h1": "#", "h2": "##", "h3": "###"}
    for block in blocks:
        if block.kind in marks:
            lines += [f"{marks[block.kind]} {block.text}", ""]
        elif block.kind == "p":
            lines += [block.text, ""]
        else:
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines)


STYLE = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 1.4em; } h3 { font-size: 10pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; table-layout: fixed; }
td { overflow-wrap: anywhere; }
th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } td:first-child { font-family: "DejaVu Sans Mono", monospace; }

"""


def _widths(block: Block) -> list[float]:
    """Column widths (per cent) for a fixed table layout, from the text each column holds: the first column (codes,
    names, kept on one line) by its longest cell, the others by their mean length, each within bounds. WeasyPrint
    then lays a table out in one pass instead of measuring every cell twice (a third less CPU for the codebook)."""
    columns = list(zip(block.header, *block.rows, strict=True))
    weights = []
    for n, cells in enumerate(columns):
        lengths = [len(cell) for cell in cells] or [1]
        weight = max(lengths) * 1.2 if n == 0 else sum(lengths) / len(lengths)
        weights.append(min(max(weight, 6.0), 80.0))
    total = sum(weights)
    return [100 * weight / total for weight in weights]


def to_html(blocks: Sequence[Block], title: str, first_page: int = 1) -> str:
    """The blocks as an HTML document for the PDF; ``first_page`` the number its first page bears (a part that
    follows another's pages)."""
    escape = html.escape
    parts = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>']
    numbering = f"@page :first {{ counter-reset: page {first_page}; }}" if first_page != 1 else ""
    parts.append(f"<style>{STYLE}{numbering}</style></head><body>")
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            parts.append(f"<{block.kind}>{escape(block.text)}</{block.kind}>")
        elif block.kind == "p":
            parts.append(f"<p>{escape(block.text)}</p>")
        else:
            head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
            columns = "".join(f'<col style="width: {width:.1f}%">' for width in _widths(block))
            parts.append(f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows]
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _format_lines(package: dict[str, Any]) -> list[str]:
    """The README's line on the long tables' other files (on the download page, not in the ZIP)."""
    files = [f["path"] for r in package["resources"] for f in r.get("formats", [])]
    if not files:
        return []
    listed = ", ".join(f"`{path}`" for path in files)
    return [
        f"The download page also offers the long tables as Parquet and as gzip CSV: {listed} (the same rows as "
        "their CSV files; `datapackage.json` lists them under each table's `formats`, with their size and hash). "
        "Their JSON is paged by the API rather than written as one file.",
        "",
    ]


def readme(package: dict[str, Any], files: Sequence[tuple[str, str]]) -> str:
    """The package's README.md: what it is, how to cite it, its licence and its files."""
    extra = package.get("migrights", {})
    lines = [
        f"# {package['title']}",
        "",
        package.get("description", ""),
        "",
        "## Suggested citation",
        "",
        extra.get("citation", ""),
        "",
        "## Licence",
        "",
        f"{package['licenses'][0]['title']} ({package['licenses'][0]['path']}). {extra.get('licence_note', '')}",
        "",
        "## Files",
        "",
        *[f"- `{name}`: {what}" for name, what in files],
        "",
        *_format_lines(package),
        "Every variable, its unit or levels, its source and what a missing value means are described in "
        "`codebook.md` (also as `codebook.pdf` on the download page). " + MISSING,
        "",
    ]
    return "\n".join(lines)
