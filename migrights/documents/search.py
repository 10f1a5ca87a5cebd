"""Full-text search of the documents library behind one interface: :func:`search`.

SQLite (the embedded default) answers with its FTS5 table, PostgreSQL with its ``tsvector`` column and GIN index
(both made by migration ``0002_full_text_search``). The visitor's words never reach either engine's query syntax
as syntax: they are split into words (and "quoted phrases") and each is quoted (FTS5) or passed to
``websearch_to_tsquery`` (PostgreSQL), so no input raises a syntax error: a query with no word finds nothing.

Matches are marked with two private characters by the engine (FTS5 ``snippet``, PostgreSQL ``ts_headline``);
:func:`marked_html` escapes the text and turns them into ``<mark>``, so a document's own ``<`` or ``&`` stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.html import escape

from migrights.documents.models import KINDS, SEPARATOR, Passage
from migrights.reference.models import Country

MAX_QUERY = 200  # characters of a query (longer is refused: 422 in the API, 400 on the page)
START, STOP = "\ue000", "\ue001"  # private-use characters: no document holds them
SNIPPET_WORDS = 40
WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]*)"')


# the query-string names of the filters (pages, twins, API): kind, committee, year, state (under review),
# recommending (State), response, issue (tag), group (concerned)
FILTER_NAMES = ("kind", "committee", "year", "state", "recommending", "response", "issue", "group")


class SearchUnavailable(RuntimeError):
    """The database has no full-text search (neither SQLite nor PostgreSQL)."""


@dataclass(frozen=True)
class Filters:
    """What a search may be narrowed to; ``None`` / empty: any."""

    kind: str | None = None
    committee: str | None = None
    year: int | None = None
    state_under_review: str | None = None  # country code
    recommending_state: str | None = None  # country code
    response: str | None = None
    issue: str | None = None  # a UPR Info issue tag
    group: str | None = None  # a concerned-group label

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    page_size: int
    ids: list[int] = field(default_factory=list)
    snippets: dict[int, str] = field(default_factory=dict)  # id → text with START/STOP around matches

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def terms(query: str) -> list[list[str]]:
    """The query's words, phrase by phrase: ``'domestic "migrant workers"'`` → ``[["domestic"], ["migrant",
    "workers"]]``. Anything but letters and digits is a separator (never syntax)."""
    phrases = [WORD.findall(p) for p in PHRASE.findall(query)]
    rest = PHRASE.sub(" ", query)
    return [[w] for w in WORD.findall(rest)] + [p for p in phrases if p]


def fts5_query(query: str) -> str:
    """An FTS5 query matching every word and phrase of ``query``, each quoted ("" when nothing is left)."""
    return " ".join('"' + " ".join(words) + '"' for words in terms(query))


def postgres_query(query: str) -> str:
    """The words and phrases, rebuilt for ``websearch_to_tsquery`` (which never raises on any input)."""
    return " ".join(words[0] if len(words) == 1 else '"' + " ".join(words) + '"' for words in terms(query))


def _where(filters: Filters) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("p.kind", filters.kind), ("p.year", filters.year), ("p.response", filters.response)):
        if value not in (None, ""):
            clauses.append(f"{column} = %s")
            params.append(value)
    countries = Country._meta.db_table
    for column, code in (
        ("p.state_under_review_id", filters.state_under_review),
        ("p.recommending_state_id", filters.recommending_state),
    ):
        if code:
            clauses.append(f"{column} = (SELECT c.id FROM {countries} c WHERE c.code = %s)")
            params.append(code)
    for column, value in (
        ("p.committees", filters.committee),
        ("p.issues", filters.issue),
        ("p.groups", filters.group),
    ):
        if value:
            clauses.append(f"('{SEPARATOR}' || {column} || '{SEPARATOR}') LIKE %s")
            params.append(f"%{SEPARATOR}{_like_escape(value)}{SEPARATOR}%")
    return clauses, params


def _like_escape(value: str) -> str:
    # the values are checked against the vocabulary before they come here; LIKE's wildcards are dropped anyway
    return value.replace("%", "").replace("_", "")


def search(query: str, filters: Filters | None = None, page: int = 1, page_size: int = 20) -> SearchPage:
    """The page ``page`` of passages matching ``query`` (best first) within ``filters``, with marked snippets.

    An empty query lists the passages the filters keep, in the library's order, without snippets.
    """
    filters = filters or Filters()
    page = max(1, page)
    offset = (page - 1) * page_size
    clauses, params = _where(filters)
    if not terms(query):
        if query.strip():  # only punctuation: nothing to look for
            return SearchPage(query, 0, page, page_size)
        return _browse(query, clauses, params, page, page_size)
    vendor = connection.vendor
    if vendor == "sqlite":
        return _sqlite(query, clauses, params, page, page_size, offset)
    if vendor == "postgresql":
        return _postgres(query, clauses, params, page, page_size, offset)
    raise SearchUnavailable(f"full-text search needs SQLite or PostgreSQL, not {vendor}")


def _browse(query: str, clauses: list[str], params: list[Any], page: int, page_size: int) -> SearchPage:
    where = " AND ".join(clauses) or "1 = 1"
    table = Passage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} p WHERE {where}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT p.id FROM {table} p WHERE {where} ORDER BY p.kind, p.symbol, p.position LIMIT %s OFFSET %s",
            [*params, page_size, (page - 1) * page_size],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return SearchPage(query, total, page, page_size, ids)


def _sqlite(query: str, clauses: list[str], params: list[Any], page: int, size: int, offset: int) -> SearchPage:
    match = fts5_query(query)
    where = " AND ".join(["documents_passage_fts MATCH %s", *clauses])
    # without a filter the full-text table answers alone; with one, a CROSS JOIN, SQLite's way to make the match
    # drive the loop (a filter's index never does)
    joined = (
        "documents_passage_fts CROSS JOIN documents_passage p ON p.id = documents_passage_fts.rowid"
        if clauses
        else "documents_passage_fts"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {joined} WHERE {where}", [match, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT documents_passage_fts.rowid, snippet(documents_passage_fts, 0, %s, %s, '…', {SNIPPET_WORDS}) "
            f"FROM {joined} WHERE {where} ORDER BY documents_passage_fts.rank LIMIT %s OFFSET %s",
            [START, STOP, match, *params, size, offset],
        )
        rows = cursor.fetchall()
    return SearchPage(query, total, page, size, [r[0] for r in rows], {r[0]: r[1] for r in rows})


def _postgres(query: str, clauses: list[str], params: list[Any], page: int, size: int, offset: int) -> SearchPage:
    tsquery = "websearch_to_tsquery('english', %s)"
    where = " AND ".join([f"p.search @@ {tsquery}", *clauses])
    text = postgres_query(query)
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=15, MaxFragments=2"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM documents_passage p WHERE {where}", [text, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT found.id, ts_headline('english', found.text, {tsquery}, %s) FROM ("
            f"SELECT p.id, p.text, ts_rank(p.search, {tsquery}) AS rank FROM documents_passage p WHERE {where} "
            "ORDER BY rank DESC, p.id LIMIT %s OFFSET %s) found ORDER BY found.rank DESC, found.id",
            [text, options, text, text, *params, size, offset],
        )
        rows = cursor.fetchall()
    return SearchPage(query, total, page, size, [r[0] for r in rows], {r[0]: r[1] for r in rows})


def marked_html(snippet: str) -> str:
    """A snippet as safe HTML: the text escaped, the engine's marks as ``<mark>``."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")


def plain(snippet: str) -> str:
    """A snippet without its marks (the CSV twin's text)."""
    return snippet.replace(START, "").replace(STOP, "")


__all__ = ["KINDS", "MAX_QUERY", "Filters", "SearchPage", "SearchUnavailable", "marked_html", "search", "terms"]
