"""The engine's postings find, count and rank exactly what Whoosh itself would, only faster.

A plain Whoosh index is built here with the archive's text format, in several segments with
deleted documents, and every answer to a query of the archive's tree is compared with
Whoosh's own evaluation of the same query (translated here: the engine never builds one).
"""

import datetime
import random

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.index import create_in
from whoosh.writing import NO_MERGE

from archive.search import query as q
from archive.search.engine.whoosh import evaluator, postings, store
from archive.search.engine.whoosh.analysis import (
    PersianAnalyzer,
    PersianCharacters,
    PersianFrequency,
    PersianPairs,
)
from archive.text import persian

WORDS = [
    "کارگر",
    "اعتصاب",
    "دستمزد",
    "حداقل",
    "سندیکا",
    "نفت",
    "هفت",
    "تپه",
    "روز",
    "جهانی",
    "مجمع",
    "شورا",
]
PEOPLE = ["ali", "sara", "reza", "mina"]


def _schema(text_format, common: frozenset[str] | None = None) -> Schema:
    """A text field of positions; with `common`, the archive's own three fields.

    Those are the text field's terms and counts, its positions (text_at) and its pairs of
    the common terms (text_pairs).
    """
    text = TEXT(analyzer=PersianAnalyzer(), chars=True)
    text.format = text_format(field_boost=text.format.field_boost)
    split = {}
    if common is not None:
        split["text_at"], text = text, TEXT(analyzer=PersianAnalyzer(), phrase=False)
        text.format = PersianFrequency(field_boost=text.format.field_boost)
        split["text_pairs"] = TEXT(analyzer=PersianAnalyzer(), phrase=False)
        split["text_pairs"].format = PersianPairs(common)
    return Schema(
        **split,
        id=ID(stored=True, unique=True),
        text=text,
        title=TEXT(analyzer=PersianAnalyzer(), field_boost=2.0),
        kind=KEYWORD(commas=True),
        people=KEYWORD(commas=True),
        date=DATETIME(stored=True, sortable=True),
    )


def _documents(count: int, rng: random.Random) -> list[dict]:
    documents = []
    for n in range(count):
        words = rng.choices(WORDS, k=rng.randint(3, 60))
        if n % 7 == 0:
            words += ["حداقل", "دستمزد"]  # a phrase some documents surely hold
        document = {
            "id": str(n),
            "text": " ".join(words),
            "title": " ".join(rng.choices(WORDS, k=3)),
            "kind": "turn" if n % 3 == 0 else "article",
            "people": ",".join(rng.sample(PEOPLE, rng.randint(0, 2))),
        }
        if n % 5:  # some documents have no date
            document["date"] = datetime.datetime(2000, 1, 1) + datetime.timedelta(days=n % 40)
        documents.append(document)
    return documents


def whoosh(query: q.Query, positions: str = "text") -> wq.Query:
    """Return the Whoosh query meaning what a query of the archive's tree means.

    Phrases are read by Whoosh from the `positions` field.
    """
    if isinstance(query, q.Term):
        return wq.Term(query.field, query.text, boost=query.boost)
    if isinstance(query, q.Phrase):
        return wq.Phrase(positions, list(query.words), slop=query.slop, boost=query.boost)
    if isinstance(query, q.And):
        return wq.And([whoosh(sub, positions) for sub in query.subqueries])
    if isinstance(query, q.Or):
        return wq.Or([whoosh(sub, positions) for sub in query.subqueries])
    if isinstance(query, q.AndNot):
        return wq.AndNot(whoosh(query.positive, positions), whoosh(query.negative, positions))
    if isinstance(query, q.DateRange):
        return wq.DateRange(query.field, query.start, query.end)
    assert isinstance(query, q.Every)
    return wq.Every()


# Every word common, or every other: phrases of two words of which one is common are looked
# up as pairs, longer ones are checked with positions where all their pairs occur.
# An index written before pairs with one rarer word were indexed pairs common words only.
EVERY_WORD = frozenset(t for word in WORDS for t in persian.analyze(word))
SOME_WORDS = frozenset(t for word in WORDS[::2] for t in persian.analyze(word))
COMMON = {
    "every word common": (EVERY_WORD, True),
    "some words common": (SOME_WORDS, True),
    "some words common, an older index": (SOME_WORDS, False),
}


@pytest.fixture(params=["positions", *COMMON])
def searcher(tmp_path, request):
    """A searcher over four segments, some documents deleted after they were written."""
    paired = request.param in COMMON
    common, either = COMMON.get(request.param, (None, True))
    schema = _schema(PersianCharacters, common)
    if not either:
        del schema["text_pairs"].format.either  # as unpickled from an older index
    index = create_in(str(tmp_path), schema)
    documents = _documents(240, random.Random(7))
    if paired:
        documents = [
            {**document, "text_at": document["text"], "text_pairs": document["text"]}
            for document in documents
        ]
    for part in range(4):
        writer = index.writer()
        for document in documents[part * 60 : (part + 1) * 60]:
            writer.add_document(**document)
        writer.commit(mergetype=NO_MERGE)
    writer = index.writer()
    for n in range(0, 240, 11):
        writer.delete_by_term("id", str(n))
    writer.commit(mergetype=NO_MERGE)
    with index.searcher() as opened:
        assert len(opened.leaf_searchers()) == 4
        yield opened


def _found(arrays: evaluator.IndexArrays, query: q.Query) -> set[int]:
    return set(np.flatnonzero(arrays.matches(query)).tolist())


QUERIES = [
    q.Term("text", "اعتصاب"),
    q.Term("text", "نیست"),
    q.And((q.Term("text", "نفت"), q.Term("text", "شورا"))),
    q.Or((q.Term("text", "نفت"), q.Term("title", "شورا"))),
    q.AndNot(q.Term("text", "کارگر"), q.Term("text", "مجمع")),
    q.Phrase("text", ("حداقل", "دستمزد")),
    q.Phrase("text", ("هفت", "تپه", "روز")),
    q.And((q.Phrase("text", ("روز", "جهانی")), q.Term("kind", "article"))),
    q.AndNot(q.Term("text", "سندیکا"), q.Phrase("text", ("حداقل", "دستمزد"))),
    q.Term("people", "sara"),
    q.Every(),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_the_same_documents_match_as_in_whoosh(searcher, query):
    positions = "text_at" if "text_at" in searcher.schema else "text"
    expected = set(searcher.docs_for_query(whoosh(query, positions)))
    assert _found(evaluator.IndexArrays(searcher), query) == expected


def test_documents_deleted_after_they_were_indexed_never_match(searcher):
    arrays = evaluator.IndexArrays(searcher)
    ids = {searcher.stored_fields(d)["id"] for d in _found(arrays, q.Every())}
    assert ids.isdisjoint({str(n) for n in range(0, 240, 11)})


def test_words_near_each_other_match_within_the_slop(tmp_path):
    index = create_in(str(tmp_path), _schema(PersianCharacters))
    with index.writer() as writer:
        writer.add_document(id="near", text="روز کارگر و جهانی")
        writer.add_document(id="far", text="روز کارگر و شورا و مجمع و جهانی")
        writer.add_document(id="reversed", text="جهانی و روز")
    with index.searcher() as searcher:
        arrays = evaluator.IndexArrays(searcher)
        near = _found(arrays, q.Phrase("text", ("روز", "جهانی"), slop=3))
        assert {searcher.stored_fields(d)["id"] for d in near} == {"near"}
        assert not _found(arrays, q.Phrase("text", ("روز", "جهانی")))


@pytest.mark.parametrize(
    "query",
    [
        q.Term("text", "اعتصاب"),
        q.And((q.Term("text", "نفت"), q.Term("text", "شورا"))),
        q.Or((q.Term("text", "نفت"), q.Term("title", "شورا"))),
    ],
    ids=repr,
)
def test_documents_rank_as_whoosh_ranks_them(searcher, query):
    arrays = evaluator.IndexArrays(searcher)
    results = searcher.search(whoosh(query), limit=None)
    docs = np.array([hit.docnum for hit in results], dtype=np.int64)
    ours = arrays.scores(query, docs)
    assert ours == pytest.approx([hit.score for hit in results], rel=1e-4)


@pytest.mark.parametrize(
    "query",
    # Many documents (counted over every value), few (over theirs only) and nearly all
    # (every value less those of the few others, deleted documents among them).
    [
        q.Term("text", "کارگر"),
        q.And((q.Term("text", "نفت"), q.Term("kind", "turn"))),
        q.Every(),
    ],
    ids=repr,
)
def test_facet_counts_are_those_of_the_matching_documents(searcher, query):
    arrays = evaluator.IndexArrays(searcher)
    mask = arrays.matches(query)
    docs = np.flatnonzero(mask)
    expected = {
        person: len(set(docs.tolist()) & set(searcher.docs_for_query(wq.Term("people", person))))
        for person in PEOPLE
    }
    assert arrays.field_values("people").counts(mask, docs) == {
        person: n for person, n in expected.items() if n
    }
    assert sum(expected.values()) > 0


def test_date_ranges_and_date_order_follow_the_dates(searcher):
    arrays = evaluator.IndexArrays(searcher)
    start, end = datetime.datetime(2000, 1, 10), datetime.datetime(2000, 1, 20)
    query = q.DateRange("date", start, end)
    assert _found(arrays, query) == set(searcher.docs_for_query(whoosh(query)))
    keys = arrays.sort_keys("date")
    dated = [d for d in np.flatnonzero(arrays.live).tolist() if keys[d] >= 0]
    by_key = sorted(dated, key=lambda d: keys[d])
    dates = [searcher.stored_fields(d).get("date") for d in by_key]
    assert len(dated) < int(arrays.live.sum())  # undated documents have no key
    assert dates == sorted(dates)


def test_highlight_spans_are_the_offsets_of_every_form_of_the_word(searcher):
    arrays = evaluator.IndexArrays(searcher)
    docs = sorted(_found(arrays, q.Term("text", "کارگر")))[:5]
    spans = arrays.spans("text", ["کارگر"], docs)
    positions = "text_at" if "text_at" in searcher.schema else "text"
    matcher = searcher.reader().postings(positions, "کارگر")
    for docnum in docs:
        matcher.skip_to(docnum)
        expected = [(start, end) for _, start, end in matcher.value_as("characters")]
        assert spans[docnum] == expected


def test_positions_beyond_sixty_four_thousand_characters_are_kept(tmp_path):
    index = create_in(str(tmp_path), _schema(PersianCharacters))
    text = "مجمع " * 14_000 + "حداقل دستمزد"
    with index.writer() as writer:
        writer.add_document(id="long", text=text)
    with index.searcher() as searcher:
        arrays = evaluator.IndexArrays(searcher)
        assert _found(arrays, q.Phrase("text", ("حداقل", "دستمزد"))) == {0}
        start = text.index("حداقل")
        assert arrays.spans("text", ["حداقل"], [0]) == {0: [(start, start + len("حداقل"))]}


def test_a_long_text_among_short_ones_keeps_its_own_positions(tmp_path):
    # One postings block holds the three: the long text's offsets are stored wider.
    index = create_in(str(tmp_path), _schema(PersianCharacters))
    texts = ["حداقل دستمزد", "مجمع " * 14_000 + "دستمزد حداقل", "شورا حداقل دستمزد"]
    with index.writer() as writer:
        for n, text in enumerate(texts):
            writer.add_document(id=str(n), text=text)
    with index.searcher() as searcher:
        arrays = evaluator.IndexArrays(searcher)
        assert _found(arrays, q.Phrase("text", ("حداقل", "دستمزد"))) == {0, 2}
        spans = arrays.spans("text", ["حداقل"], [0, 1, 2])
    assert spans == {n: [(t.index("حداقل"), t.index("حداقل") + 5)] for n, t in enumerate(texts)}


def test_searchers_of_one_index_state_share_their_phrase_checks(tmp_path, monkeypatch):
    # Each gunicorn thread has its own searcher: the first to check a phrase checks it for all.
    index = create_in(str(tmp_path), _schema(PersianCharacters))
    with index.writer() as writer:
        writer.add_document(id="1", text="حداقل دستمزد کارگران")
        writer.add_document(id="2", text="دستمزد حداقل نیست")
        writer.add_document(id="3", text="باز هم حداقل دستمزد")
    checked = []
    in_order = evaluator.IndexArrays._in_order
    monkeypatch.setattr(
        evaluator.IndexArrays,
        "_in_order",
        lambda self, *args: checked.append(args) or in_order(self, *args),
    )
    phrase = q.Phrase("text", ("حداقل", "دستمزد"))
    scope = str(tmp_path)
    with index.searcher() as first, index.searcher() as second:
        assert _found(evaluator.IndexArrays(first, scope=scope), phrase) == {0, 2}
        assert _found(evaluator.IndexArrays(second, scope=scope), phrase) == {0, 2}
    assert len(checked) == 1

    with index.writer() as writer:
        writer.delete_by_term("id", "3")
    with index.searcher() as third:
        ids = {
            third.stored_fields(d)["id"]
            for d in _found(evaluator.IndexArrays(third, scope=scope), phrase)
        }
    assert ids == {"1"}


def test_an_index_written_before_blocks_were_pickled_anew_is_read_alike(tmp_path, monkeypatch):
    # One segment as Whoosh pickled its blocks (protocol 2), one as the archive does.
    index = create_in(str(tmp_path), _schema(PersianCharacters))
    texts = ["حداقل دستمزد کارگران", "دستمزد حداقل", "شورا حداقل دستمزد", "حداقل دستمزد"]
    for protocol, part in ((2, texts[:2]), (store.BLOCK_PICKLE_PROTOCOL, texts[2:])):
        monkeypatch.setattr(store, "BLOCK_PICKLE_PROTOCOL", protocol)
        writer = index.writer()
        for text in part:
            writer.add_document(id=text, text=text)
        writer.commit(mergetype=NO_MERGE)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2
        arrays = evaluator.IndexArrays(searcher)
        assert _found(arrays, q.Phrase("text", ("حداقل", "دستمزد"))) == {0, 2, 3}
        spans = arrays.spans("text", ["دستمزد"], [0, 1, 2, 3])
    assert spans == {n: [(t.index("دستمزد"), t.index("دستمزد") + 6)] for n, t in enumerate(texts)}


def test_blocks_of_positions_are_found_from_the_terms_postings_as_from_their_headers(tmp_path):
    # Every word in 300 documents: its postings fill two full blocks and part of a third.
    index = create_in(str(tmp_path), _schema(PersianCharacters, EVERY_WORD))
    with index.writer() as writer:
        for n in range(900):
            text = " ".join(WORDS[n % 3 :: 3])
            writer.add_document(id=str(n), text=text, text_at=text, text_pairs=text)
    with index.searcher() as searcher:
        reader = searcher.reader()
        for word in WORDS:
            (term,) = persian.analyze(word)
            ids = postings.read_postings(reader, "text", term).ids
            assert len(ids) == 300
            known = postings.read_block_index(reader, "text_at", term, ids)
            walked = postings.read_block_index(reader, "text_at", term)
            assert known.offsets.tolist() == walked.offsets.tolist()
            assert known.last_ids.tolist() == walked.last_ids.tolist()
            assert len(known.offsets) == 3
