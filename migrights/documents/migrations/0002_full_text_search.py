"""Full-text search of the passages, in the database's own engine (documents/search.py queries it).

SQLite: an FTS5 table over ``documents_passage.text`` (external content, Porter stemmer, diacritics folded), kept
in sync by triggers. PostgreSQL: a generated ``tsvector`` column (English configuration) with a GIN index.
Each vendor's SQL runs only on that vendor; any other database has no full-text search (search.py says so).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE documents_passage_fts USING fts5(text, content='documents_passage', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_passage_fts_insert AFTER INSERT ON documents_passage BEGIN "
    "INSERT INTO documents_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER documents_passage_fts_delete AFTER DELETE ON documents_passage BEGIN "
    "INSERT INTO documents_passage_fts(documents_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER documents_passage_fts_update AFTER UPDATE OF text ON documents_passage BEGIN "
    "INSERT INTO documents_passage_fts(documents_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO documents_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO documents_passage_fts(documents_passage_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_passage_fts_update",
    "DROP TRIGGER IF EXISTS documents_passage_fts_delete",
    "DROP TRIGGER IF EXISTS documents_passage_fts_insert",
    "DROP TABLE IF EXISTS documents_passage_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE documents_passage ADD COLUMN search tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED",
    "CREATE INDEX documents_passage_search ON documents_passage USING GIN (search)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS documents_passage_search",
    "ALTER TABLE documents_passage DROP COLUMN IF EXISTS search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_passages")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
