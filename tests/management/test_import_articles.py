import errno
import io
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command
from whoosh.writing import SegmentWriter

from archive import linking, search
from archive.importer.notes import Code
from archive.linking.candidates import accept_candidate
from archive.models import Article, ArticlePerson, Candidate
from archive.search import INDEX_NOT_UPDATED, indexing
from tests.helpers import in_english
from tests.persian_notes import PERSIAN, shown

pytestmark = pytest.mark.django_db

BINARY_FILE = PERSIAN[Code.BINARY_FILE]

TEXTS = {
    "one.txt": "اعتصاب در پالایشگاه\n۳ اسفند ۱۴۰۲\n\nکارگران پالایشگاه دست از کار کشیدند.",
    "two.txt": "تجمع بازنشستگان\n۴ اسفند ۱۴۰۲\n\nبازنشستگان در برابر مجلس تجمع کردند.",
    "three.txt": "گفتگو\n۵ اسفند ۱۴۰۲\n\nخلیل کیوان: چه شد؟\n\nشهلا دانشفر: پیروز شدیم.\n\n"
    "خلیل کیوان: بعد؟\n\nشهلا دانشفر: ادامه می‌دهیم.",
}


def run(*paths, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "texts" / "more").mkdir(parents=True)
    (tmp_path / "texts" / "one.txt").write_text(TEXTS["one.txt"], encoding="utf-8")
    (tmp_path / "texts" / "more" / "two.txt").write_text(TEXTS["two.txt"], encoding="utf-8")
    return tmp_path / "texts"


def test_a_file_is_imported_with_a_summary_and_exit_code_0(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(TEXTS["one.txt"], encoding="utf-8")
    code, out, err = run(path)
    assert code == 0
    assert "imported: 1, already in archive: 0, refused: 0" in out
    assert "importing [" in err  # the progress bar
    assert Article.objects.get().title == "اعتصاب در پالایشگاه"


def test_a_folder_is_imported_recursively(folder):
    code, out, _ = run(folder)
    assert code == 0
    assert "imported: 2," in out
    assert Article.objects.count() == 2


def test_a_zip_is_imported(tmp_path):
    path = tmp_path / "texts.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in TEXTS.items():
            archive.writestr(f"batch/{name}", text.encode())
    code, out, _ = run(path)
    assert code == 0
    assert "imported: 3," in out
    assert Article.objects.filter(kind="interview").count() == 1


def test_importing_again_changes_nothing_and_says_so(folder):
    run(folder)
    code, out, _ = run(folder)
    assert code == 0
    assert "imported: 0, already in archive: 2, refused: 0" in out
    assert "Nothing changed" in out
    assert Article.objects.count() == 2


def test_a_refused_file_gets_a_line_with_its_reason_and_exit_code_1(folder):
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(300))
    (folder / "data.bin").write_bytes(bytes(range(256)) * 4)
    code, out, err = run(folder)
    assert code == 1
    assert f"photo.jpg: {shown(Code.FORMAT_BROKEN)}" in err  # a damaged photo
    assert f"data.bin: {BINARY_FILE}" in err
    assert "imported: 2, already in archive: 0, refused: 2" in out
    assert Article.objects.count() == 2  # the good files are saved either way


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_byte_order_mark_is_imported(tmp_path, encoding):
    path = tmp_path / "one.txt"
    path.write_bytes(TEXTS["one.txt"].encode(encoding))
    code, out, err = run(path)
    assert code == 0, err
    assert "imported: 1, already in archive: 0, refused: 0" in out
    article = Article.objects.get()
    assert article.title == "اعتصاب در پالایشگاه"
    assert article.body == "کارگران پالایشگاه دست از کار کشیدند."


def test_a_missing_path_is_refused(tmp_path):
    code, _, err = run(tmp_path / "nothing.txt")
    assert code == 1
    assert shown(Code.NOT_FOUND) in err


def test_new_speakers_are_linked_into_older_articles_once_accepted(tmp_path):
    (tmp_path / "a.txt").write_text(
        "یادداشت\n۱ اسفند ۱۴۰۲\n\nخلیل کیوان برنامه را اجرا کرد.", encoding="utf-8"
    )
    run(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(TEXTS["three.txt"], encoding="utf-8")
    code, _, err = run(tmp_path / "b.txt")
    assert code == 0
    assert "re-linking" in err
    older = Article.objects.get(title="یادداشت")
    mentioned = ArticlePerson.objects.filter(
        article=older, person__name="خلیل کیوان", role="mentioned"
    )
    assert not mentioned.exists()  # proposed by the import, not accepted yet
    accept_candidate(candidate=Candidate.objects.get(name="خلیل کیوان"))
    linking.run_pending_jobs()
    assert ArticlePerson.objects.filter(
        article=older, person__name="خلیل کیوان", role="mentioned"
    ).exists()


def test_new_articles_go_to_the_search_service_unless_no_index(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(indexing, "index_articles", lambda ids: calls.append(sorted(ids)))
    (tmp_path / "one.txt").write_text(TEXTS["one.txt"], encoding="utf-8")
    (tmp_path / "two.txt").write_text(TEXTS["two.txt"], encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path / "one.txt", no_index=True, no_relink=True)
        run(tmp_path / "two.txt", no_relink=True)
    assert calls == [[Article.objects.get(title="تجمع بازنشستگان").pk]]


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.django_db(transaction=True)
def test_a_full_disk_keeps_the_articles_and_says_so_in_one_line(folder, fresh_index, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "_commit_toc", _full_disk)
        with pytest.raises(CommandError) as failed:
            call_command("import_articles", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(failed.value)
    assert message.startswith(in_english(INDEX_NOT_UPDATED).split("{error}")[0])
    assert "No space left on device" in message
    assert "check_index --repair" in message
    assert "\n" not in message
    assert Article.objects.count() == 2

    # Space freed: the repair indexes what the import saved.
    call_command("check_index", "--repair", stdout=io.StringIO())
    assert search.search(search.SearchQuery(q="بازنشستگان")).count == 1
