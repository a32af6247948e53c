"""Telegram Desktop exports of a channel: each post with text becomes an article."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.importer.files import read_file
from archive.importer.formats import extract
from archive.importer.formats.telegram import channel_username, post_text
from archive.importer.notes import Code
from archive.models import Article, Provenance
from tests.admin.test_imports import URL, hidden_fields
from tests.importer.formats.files import (
    plain,
    post,
    telegram_export,
    telegram_html,
    telegram_posts,
    unixtime,
)
from tests.persian_notes import shown


def test_each_post_with_text_is_a_piece_and_the_rest_are_counted():
    extraction = extract("result.json", telegram_export())
    assert [p.origin["post_id"] for p in extraction.pieces] == ["2", "3", "5"]
    assert extraction.skipped == 2  # the service message and the photo without a caption


def test_a_post_keeps_its_links_and_hashtags():
    first = extract("result.json", telegram_export()).pieces[0]
    assert "تجمع کردند (https://example.org/r/2)" in first.text
    assert "#بازنشستگان" in first.text
    second = extract("result.json", telegram_export()).pieces[1]
    assert "https://example.org/r/3" in second.text


def test_a_post_is_dated_by_its_timestamp_with_the_channel_as_publication():
    first = extract("result.json", telegram_export()).pieces[0]
    assert first.fixed["date"] == "2024-03-04"
    assert first.fixed["publication"] == "کانال خبری کارگران"


def test_a_post_is_dated_by_the_day_in_tehran_not_in_utc():
    late = post(7, [plain("خبر شبانه\n\nمتن خبر.")], day=4)
    late["date_unixtime"] = unixtime(2024, 3, 4, hour=21)  # 00:30 on the 5th in Tehran
    [piece] = extract("result.json", telegram_export([late])).pieces
    assert piece.fixed["date"] == "2024-03-05"


def test_a_signed_post_is_bylined_by_its_signature():
    signed = post(8, [plain("گزارش اعتصاب\n\nکارگران دست از کار کشیدند.")], author="نسرین کاظمی")
    [reading] = [r for _p, r in read_file("result.json", telegram_export([signed])).texts]
    assert reading.parsed.authors == ["نسرین کاظمی"]


def test_a_public_channel_gets_permalinks_and_a_private_one_none():
    public = extract("result.json", telegram_export()).pieces[0]
    assert public.fixed["source_url"] == "https://t.me/kargar_news_sample/2"
    private = extract("result.json", telegram_export(public=False)).pieces[0]
    assert "source_url" not in private.fixed and not private.origin["url"]


def test_a_username_the_export_names_is_used():
    export = {"type": "public_channel", "username": "@named_channel"}
    assert channel_username(export, []) == "named_channel"


def test_a_public_channel_without_a_signature_on_most_posts_gets_no_guessed_username():
    posts = [post(i, [plain("متن")]) for i in range(4)]
    posts[0]["text_entities"].append({"type": "mention", "text": "@someone_else"})
    assert channel_username({"type": "public_channel"}, posts) == ""


def test_the_older_mixed_text_list_is_read_too():
    message = {"text": ["اعتصاب ", {"type": "bold", "text": "کارگران"}, " ادامه دارد"]}
    assert post_text(message) == "اعتصاب کارگران ادامه دارد"


def test_a_whole_account_export_gives_the_posts_of_its_channels():
    channel = json.loads(telegram_export())
    chat = {**channel, "name": "گفتگوی خصوصی", "type": "personal_chat", "id": 99}
    account = {"about": "…", "chats": {"about": "…", "list": [chat, channel]}}
    extraction = extract("result.json", json.dumps(account, ensure_ascii=False).encode())
    assert [p.origin["post_id"] for p in extraction.pieces] == ["2", "3", "5"]
    assert {p.origin["channel_id"] for p in extraction.pieces} == {"1234"}


def test_a_broken_export_is_refused_as_damaged():
    extraction = extract("result.json", b'{"messages": [')
    assert extraction.error.code is Code.FORMAT_BROKEN


def test_the_html_export_gives_the_same_posts():
    extraction = extract("messages.html", telegram_html())
    assert [p.origin["post_id"] for p in extraction.pieces] == ["2", "3"]
    assert extraction.skipped == 2
    first, second = extraction.pieces
    assert first.fixed == {"publication": "کانال خبری کارگران", "date": "2024-03-04"}
    assert "تجمع کردند (https://example.org/r/2)" in first.text
    assert "#بازنشستگان" in first.text
    assert first.text.startswith("تجمع بازنشستگان فولاد\n\n")
    assert second.origin["forwarded_from"] == "شورای هماهنگی رانندگان"


# --- as an editor imports them ----------------------------------------------------------------


def run(*paths) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_articles_makes_an_article_of_each_post(tmp_path):
    export = tmp_path / "ChatExport_2024-03-06"
    (export / "photos").mkdir(parents=True)
    (export / "result.json").write_bytes(telegram_export())
    (export / "photos" / "photo_4.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    out, _ = run(export)
    assert "imported: 3, already in archive: 0, refused: 0" in out
    assert "skipped channel messages (service messages, posts with only media): 2" in out

    article = Article.objects.get(title="تجمع بازنشستگان فولاد")
    assert article.published_on.isoformat() == "2024-03-04"
    assert article.publication.name == "کانال خبری کارگران"
    assert article.source_url == "https://t.me/kargar_news_sample/2"
    assert "#بازنشستگان" in article.body
    forwarded = Provenance.objects.get(post_id="3")
    assert forwarded.forwarded_from == "شورای هماهنگی رانندگان"
    assert forwarded.channel == "کانال خبری کارگران"
    assert forwarded.original.name == "result.json"


@pytest.mark.django_db
def test_a_newer_export_of_the_channel_adds_only_the_new_posts(tmp_path):
    older = tmp_path / "older.json"
    older.write_bytes(telegram_export())
    run(older)
    newer_posts = telegram_posts()
    # An edited post is the same post: it is not imported again.
    newer_posts[1]["text_entities"] = [plain("تجمع بازنشستگان فولاد\n\nمتن ویرایش‌شده.")]
    newer_posts.append(post(6, [plain("تجمع پرستاران\n\nپرستاران در تهران تجمع کردند.")], day=7))
    newer = tmp_path / "newer.json"
    newer.write_bytes(telegram_export(newer_posts))
    out, _ = run(newer)
    assert "imported: 1, already in archive: 3, refused: 0" in out
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_the_admin_previews_each_post_and_saves_them_with_their_provenance(staff_client):
    upload = SimpleUploadedFile("result.json", telegram_export())
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    assert "result.json #2" in html and "result.json #5" in html
    assert shown(Code.POSTS_SKIPPED, count=2) in html
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.count() == 3
    assert sorted(Provenance.objects.values_list("post_id", flat=True)) == ["2", "3", "5"]
    assert Article.objects.get(provenance__post_id="5").source_url == (
        "https://t.me/kargar_news_sample/5"
    )


@pytest.mark.django_db
def test_the_admin_marks_posts_already_in_the_archive(staff_client, tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(telegram_export())
    run(path)
    changed = telegram_posts()
    changed[1]["text_entities"] = [plain("تجمع بازنشستگان فولاد\n\nمتن ویرایش‌شده.")]
    upload = SimpleUploadedFile("result.json", telegram_export(changed))
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    data = hidden_fields(html)
    assert "item-0-include" not in data  # unchecked: already in the archive


def test_the_export_fixture_is_what_telegram_desktop_writes():
    export = json.loads(telegram_export())
    assert {"name", "type", "id", "messages"} <= set(export)
    assert all("date_unixtime" in m for m in export["messages"] if m["type"] == "message")
