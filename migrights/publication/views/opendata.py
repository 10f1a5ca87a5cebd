"""Data & API (/data/), the download files behind it, the sources page (/sources/) and its data-quality
report (/sources/quality/)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from migrights.opendata.downloads import CONTENT_TYPES, describe, download_file, workbook_name
from migrights.opendata.package import BY_NAME
from migrights.opendata.tables import LATEST, UnknownEdition, published_editions, resolve, source_rows
from migrights.publication.twins import respond

DOWNLOAD_COLUMNS = ("edition", "release", "table", "format", "url")
TABLE_FORMATS = (("csv", "csv"), ("csv_gzip", "csv-gzip"), ("parquet", "parquet"), ("json", "json"))


def data_page(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    editions = [describe(e) for e in published_editions()]
    base = request.build_absolute_uri("/").rstrip("/")
    data: dict[str, Any] = {
        "editions": editions,
        "has_release": any(e["release"] for e in editions),
        "latest": "/data/latest/",
        "api": "/api/v1/",
        "api_docs": "/api/v1/docs",
        "base_url": base,
    }
    table: list[dict[str, Any]] = []
    for edition in editions:
        common = {"edition": edition["edition"], "release": edition["release"]}
        table.append({**common, "table": None, "format": "datapackage-zip", "url": base + edition["package"]})
        table.append({**common, "table": None, "format": "datapackage-json", "url": base + edition["descriptor"]})
        table.append({**common, "table": None, "format": "xlsx", "url": base + edition["workbook"]})
        for item in edition["tables"]:
            for kind, form in TABLE_FORMATS:
                if item[kind]:  # a long table has no JSON file; only the long tables have Parquet and gzip CSV
                    table.append({**common, "table": item["name"], "format": form, "url": base + item[kind]})
    return respond(request, fmt, "opendata/data.html", data, table, DOWNLOAD_COLUMNS, "data-downloads")


def download(request: HttpRequest, version: str, filename: str) -> FileResponse:
    """``/data/{version}/{file}``: a release's (or ``latest``'s, or ``commitments``') download, built once."""
    try:
        edition = resolve(version)
    except UnknownEdition as error:
        raise Http404(str(error)) from None
    if filename == workbook_name(version):  # /data/latest/migrights-latest.xlsx
        filename = workbook_name(edition.label)
    try:
        path = download_file(edition, filename)
    except FileNotFoundError:
        raise Http404(f"no file {filename} in edition {edition.label}") from None
    extension = filename.rsplit(".", 1)[-1]
    shown = filename if filename.startswith("migrights-") else f"migrights-{edition.label}-{filename}"
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[extension],
        as_attachment=filename != "datapackage.json",
        filename=shown,
    )
    # a release's files never change; an alias or the commitments edition may move on
    fixed = edition.release is not None and version == edition.label
    response["Cache-Control"] = "public, max-age=86400, immutable" if fixed else "public, max-age=300"
    response["X-Data-Edition"] = edition.label
    if version == LATEST:
        response["Link"] = f'</data/{edition.label}/{filename}>; rel="canonical"'
    return response


def source_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    sources = source_rows()
    data = {"sources": sources, "count": len(sources), "facts": sum(s["facts"] for s in sources)}
    columns = BY_NAME["sources"].columns
    return respond(request, fmt, "opendata/sources.html", data, sources, columns, "sources")


def data_quality(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """How complete and how well sourced the treaty and governance data are (`migrights data audit`)."""
    from migrights.governance.audit import body_audit
    from migrights.reference.audit import instrument_audit

    instruments = [line.as_dict() for line in instrument_audit()]
    bodies = [line.as_dict() for line in body_audit()]
    data = {"instruments": instruments, "bodies": bodies}
    columns = tuple(instruments[0]) if instruments else ()
    return respond(request, fmt, "opendata/quality.html", data, instruments, columns, "data-quality")
