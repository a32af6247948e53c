"""The PostgreSQL search engine's index: a row per document, its words, its text in chunks.

Only `archive.search.engine.postgres` reads and writes these tables (in raw SQL, inside the
transaction of the save they index); on SQLite they stay empty. See docs/scaling.md.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """An article or a turn as the search engine sees it: its fields and term statistics."""

    identifier = models.CharField(max_length=255, unique=True)  # haystack's "archive.article.7"
    django_ct = models.CharField(max_length=100)
    django_id = models.CharField(max_length=50)
    article_id = models.BigIntegerField(db_index=True)
    # Keyword values as "field=value" (kind, people, roles, publication, year …): filters, facets.
    keys = models.JSONField(default=list)
    date = models.DateField(null=True)
    updated_at = models.DateTimeField(null=True)
    stored = models.JSONField(default=dict)  # the stored fields a hit shows
    # Our analyzer's term counts and lengths, for BM25 (the engine's own, not PostgreSQL's):
    # the exact length makes the average, the length rounded as Whoosh stores it (`norm`)
    # weighs each document, so both engines rank alike. The text's counts are postings.
    text_length = models.IntegerField(default=0)
    text_norm = models.IntegerField(default=0)
    title_tf = models.JSONField(default=dict)
    title_length = models.IntegerField(default=0)
    title_norm = models.IntegerField(default=0)
    title_vector = SearchVectorField(null=True)

    class Meta:
        db_table = "archive_search_document"

    def __str__(self) -> str:
        return self.identifier


class SearchPosting(models.Model):
    """One word of a document's text and how often it occurs there: what a word query reads.

    Matching a word and ranking by it read these rows by the word, from the primary key's
    index alone (it carries the count), never the text itself.
    """

    pk = models.CompositePrimaryKey("term", "document")
    term = models.TextField()
    # No constraint to check for each of the millions of rows a rebuild writes: the engine
    # deletes a document's postings with the document, in the same statement batch.
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="postings",
        db_index=False,
        db_constraint=False,
    )
    count = models.IntegerField()

    class Meta:
        db_table = "archive_search_posting"

    def __str__(self) -> str:
        return f"{self.document_id}:{self.term}"


class SearchChunk(models.Model):
    """A stretch of a document's text as a tsvector of our terms at their positions.

    PostgreSQL keeps positions up to 16,383 and 256 of them per term in one tsvector: a long
    text is cut into chunks within both limits, each overlapping the one before so that a
    phrase across the cut is still found. `offsets` holds each position's start and end in
    the text (little-endian uint32 pairs, position 1 first), for snippets.
    """

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveSmallIntegerField()
    first_position = models.IntegerField()  # the analyzer position of this chunk's position 1
    vector = SearchVectorField()
    offsets = models.BinaryField()

    class Meta:
        db_table = "archive_search_chunk"
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="search_chunk_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.number}"
