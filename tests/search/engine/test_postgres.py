"""The PostgreSQL engine's own limits: long texts, repeated words, quotes, its tsvectors."""

import itertools
import threading

import pytest
from django import db
from django.db import connection, transaction

from archive import search
from archive.models import SearchDocument
from archive.search import SearchQuery
from archive.search.engine.postgres import documents, sql
from archive.text import persian
from tests.factories import article, indexed, person

on_postgres = pytest.mark.parametrize("search_engine", ["postgres"], indirect=True)


def find(q: str, **filters) -> search.SearchPage:
    return search.search(SearchQuery(q=q, **filters))


def numbered_words(count: int) -> str:
    """Return `count` distinct words (no word repeats, so positions alone fix the chunks)."""
    return " ".join(f"w{i}" for i in range(count))


def test_a_long_text_is_cut_into_chunks_postgres_can_hold():
    terms = persian.analyze(numbered_words(40_000))
    bounds = documents.chunk_bounds(terms)
    assert all(end - start <= documents.MAX_POSITION for start, end in bounds)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(terms)
    # Each chunk starts before the last one ended: a phrase across the cut lies in one.
    for (_, end), (start, _) in itertools.pairwise(bounds):
        assert end - start == documents.OVERLAP


def test_a_word_repeated_past_256_times_goes_on_in_the_next_chunk():
    terms = ["اعتصاب", "کارگر"] * 1_000
    for start, end in documents.chunk_bounds(terms):
        assert terms[start:end].count("اعتصاب") <= documents.MAX_POSITIONS_PER_TERM


def test_quotes_and_backslashes_are_taken_literally():
    assert documents.lexeme("it's \\ ok") == "'it''s \\\\ ok'"
    assert documents.vector_literal({"a'b": [1, 3]}) == "'a''b':1,3"


@on_postgres
@pytest.mark.django_db
def test_the_vector_holds_our_analyzer_terms_not_postgres_ones(index_on_each_engine):
    indexed(article("عنوان", "كارگران می‌روند"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT vector::text FROM {sql.CHUNKS}")  # noqa: S608 - a constant
        (vector,) = cursor.fetchone()
    # Arabic kaf folded, the plural reduced, the joined verb one word: persian.tokens, not `simple`.
    assert "'کارگر':1" in vector
    assert "'میروند':2" in vector


@on_postgres
@pytest.mark.django_db
def test_a_word_beyond_position_16383_is_found_and_marked(index_on_each_engine):
    body = numbered_words(20_000) + " اعتصاب سراسری"
    indexed(article("بلند", body))
    page = find("اعتصاب")
    assert page.count == 1
    assert "<mark>اعتصاب</mark>" in page.hits[0].snippets[0]
    assert find('"اعتصاب سراسری"').count == 1


@on_postgres
@pytest.mark.django_db
def test_a_phrase_across_a_chunk_cut_is_found(index_on_each_engine):
    terms = persian.analyze(numbered_words(20_000))
    (_, end), _ = documents.chunk_bounds(terms)[:2]
    words = numbered_words(20_000).split()
    phrase = " ".join(words[end - 2 : end + 2])  # two words each side of the first cut
    indexed(article("بلند", numbered_words(20_000)))
    assert find(f'"{phrase}"').count == 1
    assert find(f'"{words[end + 2]} {words[end - 2]}"').count == 0  # not in that order


@on_postgres
@pytest.mark.django_db
def test_a_word_repeated_a_thousand_times_counts_every_time(index_on_each_engine):
    many = article("بسیار", "اعتصاب " * 1_000 + "پایان")
    few = article("کم", "اعتصاب " * 300 + "پایان")
    indexed(many, few)
    # BM25 reads our own counts (1,000 and 300), not the 256 positions a tsvector keeps.
    assert [h.title for h in find("اعتصاب").hits] == ["بسیار", "کم"]
    assert find('"اعتصاب پایان"').count == 2


@on_postgres
@pytest.mark.django_db
def test_quotes_and_backslashes_in_a_query_are_words_not_tsquery_syntax(index_on_each_engine):
    indexed(article("عنوان", "it's a\\b"), article("دیگر", "متن"))
    for q in ["it's", "a\\b", "'", "''", "\\'", '"a\'b c"', "!", "&|"]:
        assert find(q).count <= 2  # an answer, never a syntax error
    assert [h.title for h in find("it's").hits] == ["عنوان"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_writing_one_article_at_once_leave_one_copy(index_on_each_engine):
    found = article("همزمان", "اعتصاب سراسری", turns=((person("گوینده"), "سخن"),))
    both_inside = threading.Barrier(2, timeout=30)
    errors = []

    def write() -> None:
        try:
            with transaction.atomic():
                both_inside.wait()  # two transactions re-indexing the same article at once
                search.index_articles([found.pk])
        except Exception as error:
            errors.append(error)
        finally:
            db.connection.close()

    writers = [threading.Thread(target=write) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    assert SearchDocument.objects.filter(article_id=found.pk).count() == 2  # article, turn
    assert find("اعتصاب").count == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_facets_count_an_article_committed_after_a_later_one_was_searched(index_on_each_engine):
    """Two servers: one commits its re-index only after the other's later save was searched."""
    striker = person("نسرین کاظمی", "kazemi")
    early = article("زودتر", "اعتصاب کارگران", people=((striker, "author"),))
    late = article("دیرتر", "اعتصاب رانندگان", people=((striker, "author"),))
    written, searched = threading.Barrier(2, timeout=30), threading.Barrier(2, timeout=30)
    errors = []

    def slow_server() -> None:
        try:
            with transaction.atomic():
                indexed(early)  # its new index rows take their ids now, and commit last
                written.wait()
                searched.wait()
        except Exception as error:
            errors.append(error)
        finally:
            db.connection.close()

    server = threading.Thread(target=slow_server)
    server.start()
    written.wait()
    indexed(late)
    assert find("اعتصاب").facets["person"][0]["count"] == 2  # the old rows of `early`
    searched.wait()
    server.join()
    assert errors == []
    page = find("اعتصاب")
    assert page.count == 2
    assert [(f["value"], f["count"]) for f in page.facets["person"]] == [("kazemi", 2)]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_an_index_written_before_the_postings_is_searched_after_the_migration(
    index_on_each_engine,
):
    from django.db.migrations.executor import MigrationExecutor

    indexed(
        article("اعتصاب", "اعتصاب اعتصاب کارگران"),
        article("گزارش", "کارگران و یک اعتصاب"),
    )
    before = [h.title for h in find("اعتصاب").hits]
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0013_article_import_removed")])  # counts back into JSON
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # and out again, with no rebuild
    assert [h.title for h in find("اعتصاب").hits] == before == ["اعتصاب", "گزارش"]
    assert find("کارگران").count == 2


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_what_a_rolled_back_save_wrote_is_never_found_afterwards(index_on_each_engine):
    """A search inside a save's transaction sees its words; nothing of them outlives a rollback."""

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        indexed(article("برگشتی", "اعتصاب رانندگان"))
        assert [h.title for h in find("رانندگان").hits] == ["برگشتی"]
        raise Undone
    assert find("رانندگان").count == 0
    indexed(article("ماندنی", "تجمع رانندگان"))
    assert [h.title for h in find("رانندگان").hits] == ["ماندنی"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_committed_by_another_connection_is_found_by_a_search_repeated_here(
    index_on_each_engine,
):
    indexed(article("یکم", "اعتصاب رانندگان"))
    assert find("رانندگان").count == 1  # its postings are now kept by this process

    def other_server() -> None:
        try:
            indexed(article("دوم", "تجمع رانندگان"))
        finally:
            db.connection.close()

    server = threading.Thread(target=other_server)
    server.start()
    server.join()
    assert {h.title for h in find("رانندگان").hits} == {"یکم", "دوم"}
