from django.db import migrations

# Which transactions wrote to the PostgreSQL engine's index (archive.search.engine.postgres):
# a process keeps the postings it read until a write it has not seen commits. A table of
# transaction ids rather than a counter, so that writers never wait for each other; no model,
# as nothing but the engine's SQL reads it. On SQLite there is nothing to create.
CREATE = "CREATE TABLE IF NOT EXISTS archive_search_write (xid xid8 PRIMARY KEY)"
DROP = "DROP TABLE IF EXISTS archive_search_write"


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0016_name_variants_learnt"),
    ]

    operations = [migrations.RunPython(create_table, drop_table)]
