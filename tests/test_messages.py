import pytest
from django.utils import translation

from archive.importer.messages import LABELS, NOTE_SEPARATOR, message_display, review_note_display
from archive.importer.parsing import (
    NO_DATE_FOUND,
    NO_TITLE_FOUND,
    UNDECODABLE,
    UNKNOWN_FRONT_MATTER_KEY,
)
from archive.importer.reading import QA_SPEAKERS_UNKNOWN, UNTITLED
from archive.text.jalali import IMPOSSIBLE_DATE


@pytest.mark.parametrize("code", list(LABELS))
def test_every_parser_message_reads_in_english_and_as_itself_in_persian(code):
    with translation.override("en"):
        english = message_display(code)
    assert english != code and english.isascii()
    with translation.override("fa"):
        assert message_display(code) == code


def test_notes_that_contain_the_separator_are_not_cut_apart():
    note = NOTE_SEPARATOR.join([NO_DATE_FOUND, QA_SPEAKERS_UNKNOWN, UNTITLED])
    with translation.override("en"):
        assert review_note_display(note) == "; ".join(
            str(LABELS[code]) for code in (NO_DATE_FOUND, QA_SPEAKERS_UNKNOWN, UNTITLED)
        )
    with translation.override("fa"):
        assert review_note_display(note) == note


def test_an_unknown_front_matter_key_keeps_the_key():
    with translation.override("en"):
        assert message_display(f"{UNKNOWN_FRONT_MATTER_KEY}: نوع2") == (
            "An unknown key in the front matter was ignored: نوع2"
        )


def test_other_text_is_shown_as_stored_beside_translated_notes():
    with translation.override("en"):
        assert review_note_display("تاریخ ناخوانا") == "تاریخ ناخوانا"
        assert review_note_display(f"{IMPOSSIBLE_DATE}{NOTE_SEPARATOR}تاریخ ناخوانا") == (
            "This date does not exist (the day or month is not valid).; تاریخ ناخوانا"
        )
        assert message_display(UNDECODABLE).endswith("save the file as UTF-8.")
        assert review_note_display("") == ""
        # A note cut off at the field's length is no longer a known text: shown as stored.
        assert review_note_display(NO_TITLE_FOUND[:-3]) == NO_TITLE_FOUND[:-3]
