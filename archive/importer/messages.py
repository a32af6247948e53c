"""The parser's refusal reasons and review notes, shown in the reader's language.

`archive.importer.parsing`, `archive.importer.reading` and `archive.text.jalali` stay free of
Django, so they cannot translate: the Persian texts they write are stable codes, stored as
they are in
`Article.review_note` and passed on in `ImportRefused`. They are translated here when shown,
so a note reads in the language of whoever looks at it, not of whoever imported the text.
Rows stored before this hold the same texts and read translated too.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from archive.importer import parsing, reading
from archive.text import jalali

# What `archive.importer.importing` joins the notes of one article with in `review_note`.
NOTE_SEPARATOR = "؛ "

LABELS = {
    parsing.EMPTY_FILE: _("The file is empty."),
    parsing.BINARY_FILE: _("This is not a text file (it is binary or damaged)."),
    parsing.UNDECODABLE: _(
        "The file's encoding was not recognised or its text is garbled; "
        "please save the file as UTF-8."
    ),
    parsing.NO_LETTERS: _("The file has no readable text."),
    parsing.NO_DATE_FOUND: _(
        "No publication date was found; the text was imported without a date and needs review."
    ),
    parsing.NO_TITLE_FOUND: _("The text's title was not found."),
    parsing.SPEAKER_ROLES_UNKNOWN: _("The interview's host and guests could not be told apart."),
    jalali.IMPOSSIBLE_DATE: _("This date does not exist (the day or month is not valid)."),
    reading.QA_SPEAKERS_UNKNOWN: _(
        "The question and answer speakers could not be told apart; the whole text was saved, "
        "but not split into the turns of the conversation."
    ),
    reading.UNTITLED: _("The title was taken from the start of the text and needs review."),
}
UNKNOWN_FRONT_MATTER_KEY = _("An unknown key in the front matter was ignored: {key}")
_KEY_PREFIX = f"{parsing.UNKNOWN_FRONT_MATTER_KEY}: "
# Longest first: a code that begins another must not cut it short.
_CODES = sorted(LABELS, key=len, reverse=True)


def message_display(message: object) -> str:
    """One refusal reason or review note in the current language; other text as given."""
    text = str(message)
    if text in LABELS:
        return str(LABELS[text])
    if text.startswith(_KEY_PREFIX):
        return UNKNOWN_FRONT_MATTER_KEY.format(key=text.removeprefix(_KEY_PREFIX))
    return text


def _starts_with_note(text: str, code: str) -> bool:
    return text == code or text.startswith(code + NOTE_SEPARATOR)


def _split_note(note: str) -> list[str]:
    """Split a stored review note into its notes; unknown text stays one piece per separator."""
    pieces = []
    rest = note
    while rest:
        # Notes contain the separator themselves, so known codes are matched before splitting.
        piece = next((code for code in _CODES if _starts_with_note(rest, code)), None)
        if piece is None:
            piece = rest.split(NOTE_SEPARATOR, 1)[0]
        pieces.append(piece)
        rest = rest[len(piece) :].removeprefix(NOTE_SEPARATOR)
    return pieces


def review_note_display(note: str) -> str:
    """A stored review note in the current language; what is not the parser's, as stored."""
    pieces = _split_note(note)
    if not any(message_display(piece) != piece for piece in pieces):
        return note
    separator = pgettext("review notes separator", "; ")
    return separator.join(message_display(piece) for piece in pieces)
