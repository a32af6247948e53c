"""Every imported file is kept as uploaded, once, and each article records where it came from."""

import contextlib
import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.importer.originals import keep_original
from archive.models import Article, Original, Provenance

pytestmark = pytest.mark.django_db

STATEMENT = "بیانیه درباره دستمزد\n۳ اسفند ۱۴۰۲\n\nما خواهان دستمزد عادلانه هستیم.\n".encode()


def run(*paths) -> str:
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # a refused file exits with 1
        call_command("import_articles", *map(str, paths), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_imported_file_is_kept_with_its_name_type_size_and_checksum(tmp_path):
    path = tmp_path / "بیانیه.txt"
    path.write_bytes(STATEMENT)
    run(path)
    original = Original.objects.get()
    assert original.name == "بیانیه.txt"
    assert original.content_type == "text/plain"
    assert original.size == len(STATEMENT)
    assert original.sha256 == hashlib.sha256(STATEMENT).hexdigest()
    assert original.file.read() == STATEMENT
    provenance = Provenance.objects.get()
    assert provenance.article == Article.objects.get()
    assert provenance.file_name == str(path)


def test_the_same_file_under_two_names_is_kept_once_and_linked_from_its_article(tmp_path):
    (tmp_path / "a.txt").write_bytes(STATEMENT)
    (tmp_path / "b.txt").write_bytes(STATEMENT)
    run(tmp_path)
    assert Original.objects.count() == 1
    article = Article.objects.get()
    # The second copy is a duplicate of the text: the article knows both names it came under.
    assert sorted(p.file_name.rsplit("/", 1)[-1] for p in article.provenance.all()) == [
        "a.txt",
        "b.txt",
    ]


def test_a_refused_file_keeps_nothing(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    run(tmp_path)
    assert not Original.objects.exists()


def test_keeping_is_content_addressed():
    first = keep_original(name="x.txt", data=b"same bytes")
    again = keep_original(name="y.txt", data=b"same bytes")
    assert again == first
    assert first.file.name.endswith(first.sha256)


def test_prune_originals_deletes_old_files_no_article_came_from(tmp_path):
    path = tmp_path / "بیانیه.txt"
    path.write_bytes(STATEMENT)
    run(path)
    used = Original.objects.get()
    left = keep_original(name="پیش‌نمایش.txt", data=b"a preview never saved")
    recent = keep_original(name="tazeh.txt", data=b"a preview of a moment ago")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Original.objects.exclude(pk=recent.pk).update(created_at=long_ago)
    out = io.StringIO()

    call_command("prune_originals", "--dry-run", stdout=out)
    assert "Would delete 1 unused files" in out.getvalue()
    assert left.file.storage.exists(left.file.name)

    call_command("prune_originals", stdout=out)
    assert set(Original.objects.all()) == {used, recent}
    assert not left.file.storage.exists(left.file.name)
    assert used.file.read() == STATEMENT  # the article's file stays
