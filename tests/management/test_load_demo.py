import errno
import io
import json
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from whoosh.writing import SegmentWriter

from archive.linking import mentions
from archive.management.commands.load_demo import DEMO_DIR, RELINK_FAILED
from archive.models import Article, ArticlePerson, Organisation, Person, RelinkJob
from archive.search import INDEX_NOT_UPDATED, IndexUnavailable
from tests.helpers import in_english

pytestmark = pytest.mark.django_db

CAST = {
    "people": [{"name": "مریم رحیمی", "aliases": ["مريم رحيمي"], "description": "معلم"}],
    "organisations": [
        {"name": "سندیکای کارگران شرکت واحد", "aliases": ["سندیکای واحد"], "kind": "union"}
    ],
}


@pytest.fixture
def demo_dir(tmp_path):
    (tmp_path / "cast.json").write_text(json.dumps(CAST, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a text", encoding="utf-8")
    (tmp_path / "01.txt").write_text(
        "گزارش تجمع معلمان\n۱۲ مهر ۱۴۰۰\n\nمريم رحيمي گفت سندیکای واحد هم حمایت کرد.",
        encoding="utf-8",
    )
    (tmp_path / "02.txt").write_text(
        "بیانیه رانندگان\n۱۳ مهر ۱۴۰۰\n\nرانندگان خواهان قرارداد دائم هستند.", encoding="utf-8"
    )
    return tmp_path


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_cast_is_created_and_the_texts_imported_and_linked(demo_dir):
    out = load("--dir", str(demo_dir))
    assert "texts imported: 2" in out
    assert Article.objects.count() == 2  # README.md is not a text
    maryam = Person.objects.get(name="مریم رحیمی")
    assert maryam.aliases.filter(name="مريم رحيمي").exists()
    assert Organisation.objects.get(name="سندیکای کارگران شرکت واحد").kind == "union"
    report = Article.objects.get(title="گزارش تجمع معلمان")
    assert ArticlePerson.objects.filter(article=report, person=maryam, role="mentioned").exists()
    assert report.organisation_roles.filter(role="mentioned").count() == 1


def test_if_empty_leaves_a_filled_archive_alone(demo_dir):
    load("--dir", str(demo_dir))
    (demo_dir / "03.txt").write_text("خبر\n۱ آبان ۱۴۰۰\n\nمتن تازه.", encoding="utf-8")
    out = load("--dir", str(demo_dir), "--if-empty")
    assert "not empty" in out
    assert Article.objects.count() == 2


def load_failing(*args) -> tuple[str, str, str]:
    """Run load_demo expecting it to fail; return its message, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("load_demo", *args, stdout=out, stderr=err)
    assert failed.value.returncode == 1
    return str(failed.value), out.getvalue(), err.getvalue()


def assert_no_traceback(err: str, caplog) -> None:
    assert "Traceback" not in err
    assert not [record for record in caplog.records if record.exc_info]


def test_an_unwritable_index_while_relinking_keeps_the_texts_and_ends_in_one_line(
    demo_dir, monkeypatch, caplog
):
    def unwritable(article_ids):
        raise IndexUnavailable("The search index in /x could not be written: No space left.")

    monkeypatch.setattr(mentions, "index_changed", unwritable)
    message, out, err = load_failing("--dir", str(demo_dir))
    assert message.startswith(in_english(INDEX_NOT_UPDATED).split("{error}")[0])
    assert "No space left." in message
    assert "check_index --repair" in message and "manage.py relink" in message
    assert "\n" not in message
    assert "texts imported: 2" in out
    assert_no_traceback(err, caplog)
    assert Article.objects.count() == 2
    assert RelinkJob.objects.get().status == RelinkJob.Status.FAILED


def test_a_relink_failing_on_the_database_keeps_the_texts_and_ends_in_one_line(
    demo_dir, monkeypatch, caplog
):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(mentions, "relink_all", locked)
    message, out, err = load_failing("--dir", str(demo_dir))
    assert message == RELINK_FAILED.format(error="database is locked")
    assert "texts imported: 2" in out
    assert_no_traceback(err, caplog)
    assert Article.objects.count() == 2
    assert RelinkJob.objects.get().error == "database is locked"


@pytest.mark.django_db(transaction=True)
def test_a_full_disk_while_importing_keeps_the_texts_and_ends_in_one_line(
    demo_dir, fresh_index, monkeypatch, caplog
):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:  # undone before fresh_index clears the index
        patch.setattr(SegmentWriter, "_commit_toc", full_disk)
        message, out, err = load_failing("--dir", str(demo_dir))
    assert message.startswith(in_english(INDEX_NOT_UPDATED).split("{error}")[0])
    assert "No space left on device" in message
    assert "\n" not in message
    assert "texts imported: 2" in out
    assert_no_traceback(err, caplog)
    assert Article.objects.count() == 2
    assert not RelinkJob.objects.exists()  # re-linking waits for an index it can write


def test_loading_twice_creates_nothing_new(demo_dir):
    load("--dir", str(demo_dir))
    out = load("--dir", str(demo_dir))
    assert "already in archive: 2" in out
    assert Person.objects.count() == 1


@pytest.mark.skipif(not (DEMO_DIR / "cast.json").exists(), reason="demo texts not in this tree")
def test_the_shipped_demo_loads_completely():
    out = load()
    texts = sorted(DEMO_DIR.glob("*.txt"))
    assert f"texts imported: {len(texts)}" in out
    assert "refused: 0" in out
    cast = json.loads((DEMO_DIR / "cast.json").read_text(encoding="utf-8"))
    assert Person.objects.filter(name__in=[p["name"] for p in cast["people"]]).count() == len(
        cast["people"]
    )
    # Every person of the cast turns up linked in at least one text.
    linked = set(ArticlePerson.objects.values_list("person__name", flat=True))
    assert linked >= {p["name"] for p in cast["people"]}
