import django.db.models.deletion
from django.db import migrations, models

# Words are looked up by term, in byte order (the "C" collation compares fastest), with the
# count in the primary key's index itself; the counts the documents kept as JSON until now
# become postings (no rebuild needed), before that index is built. On SQLite the table stays
# empty.
POSTGRES = [
    "ALTER TABLE archive_search_posting DROP CONSTRAINT archive_search_posting_pkey",
    'ALTER TABLE archive_search_posting ALTER COLUMN term TYPE text COLLATE "C"',
    "INSERT INTO archive_search_posting (document_id, term, count)"
    " SELECT d.id, t.key, t.value::int"
    " FROM archive_search_document d, jsonb_each_text(d.text_tf) AS t",
    "ALTER TABLE archive_search_posting ADD CONSTRAINT archive_search_posting_pkey"
    " PRIMARY KEY (term, document_id) INCLUDE (count)",
    "ANALYZE archive_search_posting",
]


def fill_postings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in POSTGRES:
            cursor.execute(statement)


def keep_counts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_search_document d SET text_tf = coalesce((SELECT"
            " jsonb_object_agg(p.term, p.count) FROM archive_search_posting p"
            " WHERE p.document_id = d.id), '{}'::jsonb)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0013_article_import_removed"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchPosting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "term",
                        "document",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("term", models.TextField()),
                ("count", models.IntegerField()),
                (
                    "document",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="postings",
                        to="archive.searchdocument",
                    ),
                ),
            ],
            options={
                "db_table": "archive_search_posting",
            },
        ),
        migrations.RunPython(fill_postings, keep_counts),
        migrations.RemoveField(
            model_name="searchdocument",
            name="text_tf",
        ),
    ]
