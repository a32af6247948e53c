"""The Whoosh backend under concurrent writers and faults: nothing lost, writes wait, failures
raise a clear error and free the lock."""

import errno
import multiprocessing
import os
import pickle
import time
import tracemalloc

import pytest
from django.conf import settings
from whoosh.formats import Characters
from whoosh.index import open_dir
from whoosh.writing import SegmentWriter

from archive.search import query as q
from archive.search.engine import Engine, IndexWrite, SearchRequest
from archive.search.engine import engine as backend
from archive.search.engine.whoosh import analysis, postings, store
from archive.search.engine.whoosh.analysis import PersianTokenizer
from archive.search.engine.whoosh.backend import PersianWhooshSearchBackend
from archive.search.errors import IndexUnavailable
from archive.text import persian
from tests.factories import article, indexed

pytestmark = pytest.mark.django_db

CTX = multiprocessing.get_context("fork")


def _document(n: int) -> dict:
    return {
        "id": f"archive.article.{n}",
        "django_ct": "archive.article",
        "django_id": str(n),
        "text": f"سند شماره {n} درباره اعتصاب",
        "title": f"سند {n}",
        "kind": "article",
        "article_id": n,
        "display": "{}",
    }


def _fresh_backend() -> PersianWhooshSearchBackend:
    # A process of its own: its own backend, as a second gunicorn worker or import would have.
    connection = settings.HAYSTACK_CONNECTIONS["default"]
    engine = PersianWhooshSearchBackend("default", **connection)
    engine.setup()
    return engine


def _write_one_by_one(numbers: list[int]) -> None:
    engine = _fresh_backend()
    for n in numbers:
        engine.write(IndexWrite([_document(n)]))


def _hold_the_lock(seconds: float, ready) -> None:
    engine = _fresh_backend()
    writer = engine.index.writer()
    ready.set()
    time.sleep(seconds)
    writer.add_document(**_document(999))
    writer.commit()


def _indexed_ids() -> set[str]:
    with open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).searcher() as searcher:
        return {doc["id"] for doc in searcher.all_stored_fields()}


def test_two_writer_processes_lose_nothing(fresh_index):
    backend().setup()
    writers = [
        CTX.Process(target=_write_one_by_one, args=(list(range(start, 60, 2)),)) for start in (0, 1)
    ]
    for process in writers:
        process.start()
    # An admin save in this process at the same time.
    backend().write(IndexWrite([_document(500)]))
    for process in writers:
        process.join(timeout=120)
        assert process.exitcode == 0
    expected = {f"archive.article.{n}" for n in [*range(60), 500]}
    assert _indexed_ids() == expected


def test_a_delete_waits_for_a_concurrent_writer(fresh_index):
    backend().write(IndexWrite([_document(1)]))
    ready = CTX.Event()
    holder = CTX.Process(target=_hold_the_lock, args=(1.5, ready))
    holder.start()
    assert ready.wait(30)
    # haystack's WhooshSearchBackend.remove() fails here with LockError (and only logs it).
    backend().remove("archive.article.1")
    holder.join(timeout=60)
    assert holder.exitcode == 0
    assert _indexed_ids() == {"archive.article.999"}


def test_a_write_that_cannot_get_the_lock_raises(fresh_index, monkeypatch):
    backend().write(IndexWrite([_document(1)]))
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    ready = CTX.Event()
    holder = CTX.Process(target=_hold_the_lock, args=(2.0, ready))
    holder.start()
    assert ready.wait(30)
    with pytest.raises(IndexUnavailable):
        backend().remove("archive.article.1")
    holder.join(timeout=60)
    assert "archive.article.1" in _indexed_ids()


def test_the_searcher_is_reused_until_the_index_changes(fresh_index):
    backend().write(IndexWrite([_document(1)]))
    first = backend().searcher()
    assert backend().searcher() is first
    backend().write(IndexWrite([_document(2)]))
    assert backend().searcher() is not first
    assert backend().searcher().doc_count() == 2


def test_a_rebuild_elsewhere_is_seen_even_at_the_same_generation(fresh_index):
    backend().write(IndexWrite([_document(1)]))
    assert [d["id"] for d in backend().searcher().all_stored_fields()] == ["archive.article.1"]
    # Another process rebuilds the index: its generations start again from the same numbers.
    other = _fresh_backend()
    other.clear()
    other.write(IndexWrite([_document(2)]))
    assert [d["id"] for d in backend().searcher().all_stored_fields()] == ["archive.article.2"]


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_raises_a_clear_error_and_frees_the_lock(fresh_index, monkeypatch):
    backend().write(IndexWrite([_document(1)]))
    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "_commit_toc", _full_disk)
        with pytest.raises(IndexUnavailable, match="No space left on device") as failed:
            backend().write(IndexWrite([_document(2)]))
    assert str(failed.value).startswith("The search index in ")
    assert _indexed_ids() == {"archive.article.1"}  # the last good commit
    # The lock was released: the next write does not wait for it.
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    backend().write(IndexWrite([_document(3)]))
    assert _indexed_ids() == {"archive.article.1", "archive.article.3"}


def test_clearing_waits_for_a_concurrent_writer_and_leaves_a_working_index(fresh_index):
    backend().write(IndexWrite([_document(1)]))
    ready = CTX.Event()
    holder = CTX.Process(target=_hold_the_lock, args=(1.5, ready))
    holder.start()
    assert ready.wait(30)
    # haystack deletes the directory under the other writer, whose commit then breaks it.
    backend().clear()
    holder.join(timeout=60)
    assert holder.exitcode == 0
    assert _indexed_ids() == set()
    backend().write(IndexWrite([_document(2)]))
    assert _indexed_ids() == {"archive.article.2"}


def test_the_text_format_records_what_whoosh_characters_records():
    # Phrases and snippets read positions and offsets back: the same ones Whoosh records.
    text = "كارگران می کنند، کارگران می‌کنند: ۱۴۰۰ اعتصاب! خواهد خورد"
    analyzer = analysis.PersianAnalyzer()
    ours = analysis.PersianCharacters(field_boost=3.0)
    whooshs = Characters(field_boost=3.0)
    fast = list(ours.word_values(text, analyzer))
    slow = list(whooshs.word_values(text, analyzer))
    assert [(term, freq, weight) for term, freq, weight, _ in fast] == [
        (term, freq, weight) for term, freq, weight, _ in slow
    ]
    for (_, _, _, value), (_, _, _, expected) in zip(fast, slow, strict=True):
        assert ours.decode_characters(value) == whooshs.decode_characters(expected)
        assert ours.decode_positions(value) == whooshs.decode_positions(expected)
        assert ours.decode_frequency(value) == whooshs.decode_frequency(expected)
    assert [(term, freq) for term, freq, _, _ in fast] == [
        ("کارگر", 2),
        ("میکنند", 2),
        ("1400", 1),
        ("اعتصاب", 1),
        ("خواهد", 1),
        ("خورد", 1),
    ]


def test_a_rebuild_writes_a_segment_per_writer_holding_every_document_once(fresh_index):
    # Each search reads a word's postings once per segment: a rebuild leaves few of them.
    backend().write(IndexWrite([_document(n) for n in range(5)]))
    assert backend().rebuild(_document(n) for n in range(3, 400)) == 397
    with open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).searcher() as searcher:
        ids = [doc["id"] for doc in searcher.all_stored_fields()]
        assert len(searcher.leaf_searchers()) <= store.WRITER_PROCESSES
    assert sorted(ids) == sorted(f"archive.article.{n}" for n in range(3, 400))


def _index_files() -> set[str]:
    return set(os.listdir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]))


def test_a_rebuild_on_a_full_disk_raises_a_clear_error_and_keeps_the_old_index(
    fresh_index, monkeypatch
):
    backend().write(IndexWrite([_document(1), _document(2)]))
    before = _index_files()
    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "_commit_toc", _full_disk)
        with pytest.raises(IndexUnavailable, match="No space left on device"):
            backend().rebuild(_document(n) for n in range(300))
    assert _indexed_ids() == {"archive.article.1", "archive.article.2"}
    assert _index_files() == before  # nothing of the failed build is left behind
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    backend().write(IndexWrite([_document(3)]))
    assert "archive.article.3" in _indexed_ids()


def test_during_a_rebuild_the_old_index_is_searched_whole_and_written_without_waiting(
    fresh_index, monkeypatch
):
    backend().write(IndexWrite([_document(1), _document(2)]))
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    seen = []

    def documents():
        yield _document(10)
        seen.append(_indexed_ids())
        # An admin save elsewhere: raises if locked.
        _fresh_backend().write(IndexWrite([_document(99)]))
        seen.append(_indexed_ids())
        yield _document(11)

    assert backend().rebuild(documents()) == 2
    assert seen == [
        {"archive.article.1", "archive.article.2"},
        {"archive.article.1", "archive.article.2", "archive.article.99"},
    ]
    # The swap replaces the index: archive.search.rebuild_index writes the save again.
    assert _indexed_ids() == {"archive.article.10", "archive.article.11"}
    assert not [f for f in _index_files() if f.startswith("_REBUILD")]


def test_segments_of_a_replaced_rebuild_are_removed(fresh_index):
    backend().rebuild(_document(n) for n in range(3))
    first = {f for f in _index_files() if f.startswith("REBUILD")}
    assert first
    backend().rebuild(_document(n) for n in range(5, 8))
    assert not first & _index_files()
    assert _indexed_ids() == {f"archive.article.{n}" for n in range(5, 8)}


def test_a_failed_rebuild_leaves_the_index_writable(fresh_index, monkeypatch):
    def documents():
        yield _document(1)
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        backend().rebuild(documents())
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 1.0)
    backend().write(IndexWrite([_document(2)]))  # would wait and raise if the lock were still held
    assert "archive.article.2" in _indexed_ids()


def test_a_searcher_reads_the_index_in_place_instead_of_copying_it(fresh_index):
    # Whoosh copied every segment file into memory per searcher: 400 MB per thread at
    # 20,000 articles, 2.7 GB per web worker.
    words = " ".join(f"واژه{n}" for n in range(400))
    backend().write(
        IndexWrite([{**_document(n), "text": f"{words} اعتصاب {n}"} for n in range(700)])
    )
    path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    index_bytes = sum(entry.stat().st_size for entry in os.scandir(path))
    assert index_bytes > 1_000_000
    backend().setup()  # a new searcher, as a new thread or worker opens
    tracemalloc.start()
    try:
        page = backend().run(SearchRequest(q.Term("text", "اعتصاب"), per_page=5))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.total == 700
    assert peak < index_bytes / 4


def test_an_index_directory_that_cannot_be_created_is_reported_with_one_full_stop(tmp_path):
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("")
    connection = {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(not_a_directory / "ix")}
    engine = PersianWhooshSearchBackend("default", **connection)
    with pytest.raises(IndexUnavailable) as failed:
        engine.setup()
    # haystack's own message ends with a full stop too.
    assert str(failed.value).endswith("cannot be created for the current user/group.")


@pytest.mark.parametrize(
    ("error", "ending"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), ": No space left on device."),
        (OSError("The path is not writable for the current user/group."), "user/group."),
        (OSError("Stopped... "), ": Stopped."),
    ],
)
def test_an_unwritable_index_message_ends_with_one_full_stop(error, ending):
    message = backend()._unwritable(error)
    assert message.startswith("The search index in ")
    assert message.endswith(ending)
    assert not message.endswith("..")


def test_a_failure_after_the_swap_keeps_the_files_the_live_index_lists(fresh_index, monkeypatch):
    backend().write(IndexWrite([_document(1)]))

    def interrupted(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(store, "clean_files", interrupted)
    with pytest.raises(RuntimeError):
        backend().rebuild(_document(n) for n in range(5, 8))
    assert _indexed_ids() == {f"archive.article.{n}" for n in range(5, 8)}


def test_the_configured_haystack_engine_is_the_archive_engine():
    # HAYSTACK_CONNECTIONS selects it; archive.search and haystack's commands reach the same one.
    from haystack import connections

    assert isinstance(backend(), Engine)
    assert connections["default"].get_backend() is backend()


def _phrase_ids(engine, text: str) -> set[str]:
    page = engine.run(SearchRequest(q.Phrase("text", tuple(persian.analyze(text))), per_page=50))
    return {hit.fields["id"] for hit in page.hits}


def test_phrases_of_common_words_are_found_by_every_process_after_a_rebuild(
    fresh_index, monkeypatch
):
    # A rebuild picks the common words (here: those in half its documents) and pairs them;
    # a worker that did not rebuild writes and reads the pairs of the same words.
    monkeypatch.setattr(store, "COMMON_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(store, "COMMON_SHARE", 0.5)
    other = _fresh_backend()  # opened before the rebuild
    backend().rebuild(_document(n) for n in range(4))
    apart = {**_document(7), "text": "اعتصاب سند درباره شماره"}
    other.write(IndexWrite([_document(5), apart]))
    # Every document holds the pair, the one the other worker wrote too.
    pair = analysis.pair_term(*persian.analyze("درباره اعتصاب"))
    with open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).searcher() as searcher:
        assert searcher.doc_frequency("text_pairs", pair) == 5
    for engine in (backend(), _fresh_backend()):
        engine.setup()
        assert _phrase_ids(engine, "درباره اعتصاب") == {
            f"archive.article.{n}" for n in (0, 1, 2, 3, 5)
        }
        assert _phrase_ids(engine, "شماره 5 درباره") == {"archive.article.5"}
        assert _phrase_ids(engine, "سند درباره") == {"archive.article.7"}


def test_a_preloaded_worker_reads_no_postings_for_its_first_search_of_a_common_word(
    fresh_index, monkeypatch
):
    # As gunicorn's post_worker_init does (archive.search.warm), before the worker serves.
    monkeypatch.setattr(store, "COMMON_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(store, "COMMON_SHARE", 0.5)
    backend().rebuild(_document(n) for n in range(6))
    worker = _fresh_backend()
    assert worker.preload() > 0
    read = []
    monkeypatch.setattr(postings, "read_postings", lambda *args: read.append(args))
    (term,) = persian.analyze("اعتصاب")
    assert worker.run(SearchRequest(q.Term("text", term))).total == 6
    assert read == []


def test_text_fields_use_the_persian_analyzer_from_a_stable_path(fresh_index, settings):
    indexed(article("کارگران", "متن"))
    # Whoosh pickles the schema with the index: reopening it elsewhere must find our class.
    schema = open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).schema
    for name in ("text", "title"):
        analyzer = schema[name].analyzer
        assert isinstance(analyzer, PersianTokenizer)
        unpickled = pickle.loads(pickle.dumps(analyzer))  # noqa: S301 - our own object
        assert type(unpickled).__module__ == "archive.search.engine.whoosh.analysis"
        assert [t.text for t in analyzer("كارگران می کنند")] == ["کارگر", "میکنند"]


def test_a_rebuild_too_big_for_its_memory_sorts_on_disk_and_loses_nothing(fresh_index, monkeypatch):
    # Postings beyond the writer's memory go to run files on disk (pickled in chunks) and
    # are merged back: every document and every word must come out of them again.
    monkeypatch.setattr(store, "REBUILD_LIMIT_MB", 1)
    monkeypatch.setattr(store, "WRITER_PROCESSES", 1)
    monkeypatch.setattr(store, "RUN_CHUNK", 7)
    words = [f"w{i}" for i in range(400)]

    def document(n: int) -> dict:
        return _document(n) | {"text": " ".join(words[n % 7 :: 3]) + f" سند{n} اعتصاب"}

    backend().rebuild(document(n) for n in range(120))
    assert _indexed_ids() == {f"archive.article.{n}" for n in range(120)}
    page = backend().run(SearchRequest(q.Term("text", "اعتصاب"), per_page=200))
    assert page.total == 120
    page = backend().run(SearchRequest(q.Term("text", "w3"), per_page=200))
    assert page.total == len([n for n in range(120) if 3 in range(n % 7, 400, 3)])
