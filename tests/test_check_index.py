"""manage.py check_index: drift between database and index is reported and repaired."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive import search
from archive.management.commands.check_index import DRIFT_FOUND
from archive.management.commands.rebuild_index import CANCELLED
from archive.models import Article
from tests.search_factories import (
    article,
    indexed,
    person,
)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def test_a_matching_index_is_reported_as_such(fresh_index):
    indexed(article("یک", "متن", turns=((person("گوینده"), "سخن"),)))
    assert "matches the database" in run()


def test_drift_is_reported_and_repaired(fresh_index):
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


def test_update_index_shows_progress(fresh_index):
    article("یک", "متن")
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "documents indexed" in out.getvalue()
    assert "matches the database" in run()


def test_rebuild_index_leaves_no_drift(fresh_index):
    article("یک", "متن", turns=((person("گوینده"), "سخن"),))
    out = StringIO()
    call_command("rebuild_index", "--noinput", stdout=out)
    assert "Indexed 2 documents." in out.getvalue()
    assert "matches the database" in run()


def test_rebuild_index_asks_first(fresh_index, monkeypatch):
    indexed(article("یک", "متن"))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match=CANCELLED):
        call_command("rebuild_index", stdout=StringIO())
    assert search.search(search.SearchQuery(q="متن")).count == 1
