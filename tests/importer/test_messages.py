import pytest
from django.utils import translation

from archive.importer.messages import MESSAGES, message_display, render, review_note_display
from archive.importer.notes import Code, note, text_note
from tests.persian_notes import PERSIAN

# Codes whose message takes values: what each is shown with here.
ARGS = {
    Code.FILE_TOO_LARGE: {"size": 3 * 1024 * 1024, "limit": 2 * 1024 * 1024},
    Code.ZIP_TOO_LARGE: {"size": 3 * 1024 * 1024, "limit": 2 * 1024 * 1024},
    Code.UNKNOWN_FRONT_MATTER_KEY: {"key": "نوع2"},
    Code.IMPORTED: {"title": "اعتصاب"},
    Code.DUPLICATE: {"title": "اعتصاب"},
    Code.IMPOSSIBLE_DATE: {"date": "۳۰ اسفند ۱۴۰۲"},
    Code.TOO_MANY_PAGES: {"limit": 300},
    Code.UNPACKS_TOO_LARGE: {"size": 300 * 1024 * 1024, "limit": 256 * 1024 * 1024},
    Code.IMAGE_TOO_LARGE: {"limit": 60},
    Code.PDF_IMPLAUSIBLE: {"share": 35},
    Code.POSTS_SKIPPED: {"count": 4},
}


def test_every_code_but_text_has_a_message():
    assert set(MESSAGES) == set(Code) - {Code.TEXT}


@pytest.mark.parametrize("code", list(MESSAGES))
def test_every_note_reads_in_english_and_in_persian(code):
    shown = note(code, **ARGS.get(code, {}))
    with translation.override("en"):
        english = render(shown)
        assert str(MESSAGES[code]).replace("“", "").replace("”", "").isascii()
    with translation.override("fa"):
        assert render(shown) != english


@pytest.mark.parametrize("code", list(PERSIAN))
def test_persian_readers_read_the_sentences_they_always_read(code):
    with translation.override("fa"):
        assert render(note(Code(code))) == PERSIAN[code]


def test_notes_that_contain_the_separator_are_not_cut_apart():
    stored = [{"code": "no_date"}, {"code": "qa_speakers_unknown"}, {"code": "untitled"}]
    codes = (Code.NO_DATE, Code.QA_SPEAKERS_UNKNOWN, Code.UNTITLED)
    with translation.override("en"):
        assert review_note_display(stored) == "; ".join(str(MESSAGES[c]) for c in codes)
    with translation.override("fa"):
        assert review_note_display(stored) == "؛ ".join(PERSIAN[c] for c in codes)


def test_an_unknown_front_matter_key_keeps_the_key():
    with translation.override("en"):
        assert message_display(note(Code.UNKNOWN_FRONT_MATTER_KEY, key="نوع2")) == (
            "An unknown key in the front matter was ignored: نوع2"
        )


def test_sizes_are_shown_in_units_a_reader_knows():
    with translation.override("en"):
        assert render(note(Code.FILE_TOO_LARGE, **ARGS[Code.FILE_TOO_LARGE])) == (
            "The file size (3.0 MB) is over the limit (2.0 MB)."
        )


def test_other_text_is_shown_as_stored_beside_translated_notes():
    with translation.override("en"):
        assert review_note_display([{"code": "text", "text": "تاریخ ناخوانا"}]) == "تاریخ ناخوانا"
        assert review_note_display(
            [
                {"code": "impossible_date", "date": "۳۰ اسفند ۱۴۰۲"},
                text_note("تاریخ ناخوانا").as_json(),
            ]
        ) == ("This date does not exist (the day or month is not valid).; تاریخ ناخوانا")
        assert message_display(note(Code.UNDECODABLE)).endswith("save the file as UTF-8.")
        assert review_note_display([]) == ""
        # A value that is no stored note (an old export's text) is shown as it is.
        assert review_note_display("تاریخ ناخوانا") == "تاریخ ناخوانا"
        assert review_note_display([{"code": "retired_code"}]) == '{"code": "retired_code"}'
        assert message_display("just text") == "just text"
