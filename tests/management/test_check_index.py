"""The index commands: check_index reports and repairs drift; update_index, rebuild_index and
clear_index work on the archive's own index."""

import copy
import datetime
import errno
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from whoosh.formats import Characters
from whoosh.index import create_in
from whoosh.writing import SegmentWriter

from archive import search
from archive.forms import SEARCH_UNAVAILABLE
from archive.management.commands.check_index import DRIFT_FOUND
from archive.management.commands.rebuild_index import CANCELLED
from archive.models import Article
from archive.search.engine.whoosh.analysis import PersianTokenizer
from archive.text import persian
from tests.factories import (
    article,
    indexed,
    person,
)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def test_a_matching_index_is_reported_as_such(index_on_each_engine):
    indexed(article("یک", "متن", turns=((person("گوینده"), "سخن"),)))
    assert "matches the database" in run()


def test_drift_is_reported_and_repaired(index_on_each_engine):
    # Without a commit in these tests, saves and deletes never reach the index: drift.
    kept = article("ماند", "اعتصاب کارگران", turns=((person("گوینده"), "اعتصاب"),))
    gone = article("رفت", "اعتصاب معلمان")
    changed = article("تغییر", "اعتصاب پرستاران")
    indexed(kept, gone, changed)
    never = article("هرگز", "اعتصاب رانندگان")  # never indexed
    gone.delete()
    Article.objects.filter(pk=changed.pk).update(
        title="تغییر یافته", updated_at=timezone.now() + datetime.timedelta(hours=1)
    )

    with pytest.raises(CommandError, match=DRIFT_FOUND):
        run()

    out = StringIO()
    call_command("check_index", "--repair", stdout=out)
    report = out.getvalue()
    assert "1 documents in the database but not in the index" in report
    assert "1 documents in the index but not in the database" in report
    assert "1 documents changed since they were indexed" in report
    assert f"article {never.pk} (article {never.pk})" in report
    assert "Repaired" in report

    assert "matches the database" in run()
    titles = sorted(h.title for h in search.search(search.SearchQuery(q="اعتصاب")).hits)
    assert titles == sorted(["ماند", "تغییر یافته", "هرگز"])


def test_update_index_shows_progress(index_on_each_engine):
    article("یک", "متن")
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "documents indexed" in out.getvalue()
    assert "matches the database" in run()


def test_rebuild_index_leaves_no_drift(index_on_each_engine):
    article("یک", "متن", turns=((person("گوینده"), "سخن"),))
    out = StringIO()
    call_command("rebuild_index", "--noinput", stdout=out)
    assert "Indexed 2 documents." in out.getvalue()
    assert "matches the database" in run()


def test_rebuild_index_asks_first(index_on_each_engine, monkeypatch):
    indexed(article("یک", "متن"))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match=CANCELLED):
        call_command("rebuild_index", stdout=StringIO())
    assert search.search(search.SearchQuery(q="متن")).count == 1


def test_clear_index_empties_the_archive_index_and_keeps_it_usable(index_on_each_engine):
    indexed(article("یک", "اعتصاب"))
    out = StringIO()
    call_command("clear_index", "--noinput", stdout=out)
    assert "All documents removed." in out.getvalue()
    assert search.search(search.SearchQuery(q="اعتصاب")).count == 0
    with pytest.raises(CommandError, match=DRIFT_FOUND):
        run()  # the article is still in the database: the repair indexes it again
    run("--repair")
    assert search.search(search.SearchQuery(q="اعتصاب")).count == 1


def test_clear_index_asks_first(index_on_each_engine, monkeypatch):
    indexed(article("یک", "اعتصاب"))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    out = StringIO()
    call_command("clear_index", stdout=out)
    assert "No action taken." in out.getvalue()
    assert search.search(search.SearchQuery(q="اعتصاب")).count == 1


def test_an_index_that_cannot_be_written_ends_an_index_command_in_one_line(
    fresh_index, monkeypatch
):
    indexed(article("یک", "اعتصاب"))

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "_commit_toc", full_disk)
        for command in (("clear_index", "--noinput"), ("rebuild_index", "--noinput")):
            with pytest.raises(CommandError) as failed:
                call_command(*command, stdout=StringIO())
            message = str(failed.value)
            assert message.startswith("The search index in ") and "No space left" in message
            assert "\n" not in message
    assert search.search(search.SearchQuery(q="اعتصاب")).count == 1  # the last good commit


def _rewrite_as_an_older_version(index, *, text_format=None, analyzer_module=None) -> None:
    """Replace the live index by one an older version of the archive wrote (empty)."""
    schema = copy.deepcopy(index.schema)
    if text_format is not None:
        schema["text"].format = text_format(field_boost=schema["text"].format.field_boost)
    written = create_in(index.path, schema, indexname=index.index.indexname)  # files replaced
    if analyzer_module is not None:
        # The schema is pickled with the analyzer's import path: as if the class had moved.
        toc = Path(index.path) / f"_{written.indexname}_{written.latest_generation()}.toc"
        ours = PersianTokenizer.__module__.encode()
        assert len(analyzer_module) == len(ours)
        toc.write_bytes(toc.read_bytes().replace(ours, analyzer_module.encode()))
    index.setup()  # as a new process would open it


@pytest.mark.parametrize(
    "older",
    [
        {"text_format": Characters},  # positions as Whoosh pickles them, before our format
        {"analyzer_module": "archive.search.engine.whoosh.analysix"},  # an analyzer since moved
    ],
    ids=["whoosh positions", "moved analyzer"],
)
def test_an_index_of_an_older_version_is_rebuilt_by_the_repair(fresh_index, older):
    indexed(article("ماند", "اعتصاب کارگران"))
    _rewrite_as_an_older_version(fresh_index, **older)

    with pytest.raises(CommandError) as failed:
        run()
    message = str(failed.value)
    assert "older version" in message and "check_index --repair" in message
    assert "\n" not in message
    with pytest.raises(search.IndexOutdated):
        search.search(search.SearchQuery(q="اعتصاب"))

    assert "Rebuilt: 1 documents indexed" in run("--repair")
    assert "matches the database" in run()
    assert [h.title for h in search.search(search.SearchQuery(q="اعتصاب")).hits] == ["ماند"]


def test_search_says_it_is_unavailable_while_the_index_cannot_be_read(fresh_index, client):
    indexed(article("ماند", "اعتصاب کارگران"))
    _rewrite_as_an_older_version(fresh_index, text_format=Characters)

    page = client.get(reverse("archive:search"), {"q": "اعتصاب"})
    assert page.status_code == 503
    assert str(SEARCH_UNAVAILABLE) in page.content.decode()
    api = client.get(reverse("archive:api-search"), {"q": "اعتصاب"})
    assert api.status_code == 503
    assert api.json() == {"error": str(SEARCH_UNAVAILABLE)}


def test_an_index_written_by_another_analyzer_version_is_rebuilt(fresh_index, monkeypatch):
    indexed(article("ماند", "اعتصاب کارگران"))
    # As if this index had been written before the analyzer last changed its terms.
    monkeypatch.setattr(persian, "ANALYZER_VERSION", persian.ANALYZER_VERSION + 1)
    fresh_index.setup()  # as a new process would open it

    with pytest.raises(CommandError) as failed:
        run()
    assert "older version" in str(failed.value)
    assert "Rebuilt: 1 documents indexed" in run("--repair")
    assert "matches the database" in run()
    assert [h.title for h in search.search(search.SearchQuery(q="اعتصاب")).hits] == ["ماند"]


def test_a_worker_warms_up_on_a_readable_index_and_still_starts_on_an_unreadable_one(
    fresh_index, caplog
):
    indexed(article("ماند", "اعتصاب کارگران"))
    search.warm()  # what gunicorn's post_worker_init runs: no error on a good index
    assert [h.title for h in search.search(search.SearchQuery(q="کارگران")).hits] == ["ماند"]

    _rewrite_as_an_older_version(fresh_index, text_format=Characters)
    search.warm()  # the worker still boots; its first request answers 503 with the reason
    assert "search not warmed up" in caplog.text
