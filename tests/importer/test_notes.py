"""The importer's notes as stored codes, and the migration that made stored sentences codes."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archive.importer.notes import Code, dump, load, note, text_note

MIGRATION = import_module("archive.migrations.0004_review_note_and_reason_as_codes")
BEFORE = [("archive", "0003_relinkjob_reason_args")]
AFTER = [("archive", "0004_review_note_and_reason_as_codes")]
PERSIAN = MIGRATION.SENTENCES
SEP = MIGRATION.NOTE_SEPARATOR


def test_notes_are_stored_as_codes_with_their_values_and_read_back():
    notes = [note(Code.NO_DATE), note(Code.IMPOSSIBLE_DATE, date="۳۰ اسفند ۱۴۰۲")]
    assert dump(notes) == [
        {"code": "no_date"},
        {"code": "impossible_date", "date": "۳۰ اسفند ۱۴۰۲"},
    ]
    assert load(dump(notes)) == notes


def test_what_is_not_a_stored_note_is_kept_as_text():
    assert load("") == [] and load(None) == []
    assert load("تاریخ ناخوانا") == [text_note("تاریخ ناخوانا")]
    assert load(["یادداشت", {"code": "gone"}]) == [
        text_note("یادداشت"),
        text_note('{"code": "gone"}'),
    ]


def test_each_stored_sentence_becomes_its_code():
    stored = SEP.join([PERSIAN["no_date"], PERSIAN["qa_speakers_unknown"], PERSIAN["untitled"]])
    assert MIGRATION.notes_from_text(stored) == [
        {"code": "no_date"},
        {"code": "qa_speakers_unknown"},
        {"code": "untitled"},
    ]


def test_an_unknown_key_keeps_its_key_and_other_text_is_kept():
    stored = f"{PERSIAN['no_title']}{SEP}کلید ناشناخته در سرآغاز نادیده گرفته شد: نوع2{SEP}ناخوانا"
    assert MIGRATION.notes_from_text(stored) == [
        {"code": "no_title"},
        {"code": "unknown_front_matter_key", "key": "نوع2"},
        {"code": "text", "text": "ناخوانا"},
    ]
    # None of it the parser's: one text, as it was shown.
    assert MIGRATION.notes_from_text(f"ناخوانا{SEP}بپرسید") == [
        {"code": "text", "text": f"ناخوانا{SEP}بپرسید"}
    ]
    # Cut off at the old field's length: no longer a known sentence.
    cut = PERSIAN["no_title"][:-3]
    assert MIGRATION.notes_from_text(cut) == [{"code": "text", "text": cut}]


@pytest.mark.parametrize(
    "stored",
    [
        SEP.join([PERSIAN["impossible_date"], PERSIAN["speaker_roles_unknown"]]),
        f"کلید ناشناخته در سرآغاز نادیده گرفته شد: نوع2{SEP}{PERSIAN['no_date']}",
        "یادداشت ویراستار",
    ],
)
def test_going_back_writes_the_sentences_as_they_were(stored):
    assert MIGRATION.text_from_notes(MIGRATION.notes_from_text(stored)) == stored


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_stored_rows_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Article = old.get_model("archive", "Article")
    Candidate = old.get_model("archive", "Candidate")
    note_text = SEP.join([PERSIAN["no_date"], "منبع را بپرسید"])
    Article.objects.create(title="الف", slug="a", body="متن", content_hash="a" * 64)
    Article.objects.create(
        title="ب", slug="b", body="متن", content_hash="b" * 64, review_note=note_text
    )
    Candidate.objects.create(name="رضا", key="رضا", kind="person", reason="byline, signature")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    notes = dict(new.get_model("archive", "Article").objects.values_list("slug", "review_note"))
    assert notes == {
        "a": [],
        "b": [{"code": "no_date"}, {"code": "text", "text": "منبع را بپرسید"}],
    }
    assert new.get_model("archive", "Candidate").objects.get().reason == ["byline", "signature"]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    notes = dict(old.get_model("archive", "Article").objects.values_list("slug", "review_note"))
    assert notes == {"a": "", "b": note_text}
    assert old.get_model("archive", "Candidate").objects.get().reason == "byline, signature"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
