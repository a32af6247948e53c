"""The importer's notes (archive.importer.notes) in the reader's language, worded when shown.

Notes are stored and passed on as codes, so a note reads in the language of whoever looks at
it, not of whoever imported the text, and rewording a message here changes every stored note.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from archive.importer import notes
from archive.importer.notes import Code, Note

MESSAGES = {
    Code.EMPTY_FILE: _("The file is empty."),
    Code.BINARY_FILE: _("This is not a text file (it is binary or damaged)."),
    Code.UNDECODABLE: _(
        "The file's encoding was not recognised or its text is garbled; "
        "please save the file as UTF-8."
    ),
    Code.NO_LETTERS: _("The file has no readable text."),
    Code.FILE_TOO_LARGE: _("The file size ({size}) is over the limit ({limit})."),
    Code.NOT_FOUND: _("File or folder not found."),
    Code.UNREADABLE: _("The file could not be read."),
    Code.SYMLINK: _("Symbolic links (symlinks) are not accepted."),
    Code.ZIP_BROKEN: _("The zip file is broken or cannot be read."),
    Code.ZIP_MEMBER_BROKEN: _(
        "This file inside the zip file is broken, encrypted or compressed with an unknown method."
    ),
    Code.ZIP_UNSAFE_PATH: _(
        "Unsafe paths inside a zip file (absolute, or with “..”) are not accepted."
    ),
    Code.ZIP_TOO_LARGE: _(
        "The unpacked size of the zip file ({size}) is over the limit ({limit})."
    ),
    Code.ZIP_NESTED: _("Zip files inside a zip file are not accepted; upload them separately."),
    Code.READ_FAILED: _("Reading this text failed, and nothing of it was saved."),
    Code.SAVE_FAILED: _("Saving this text failed, and nothing of it was saved."),
    Code.NO_DATE: _(
        "No publication date was found; the text was imported without a date and needs review."
    ),
    Code.IMPOSSIBLE_DATE: _("This date does not exist (the day or month is not valid)."),
    Code.DATE_FROM_BODY: _(
        "The date was taken from the text's first paragraphs ({date}), not from its header; "
        "it needs review."
    ),
    Code.NO_TITLE: _("The text's title was not found."),
    Code.UNTITLED: _("The title was taken from the start of the text and needs review."),
    Code.SPEAKER_ROLES_UNKNOWN: _("The interview's host and guests could not be told apart."),
    Code.QA_SPEAKERS_UNKNOWN: _(
        "The question and answer speakers could not be told apart; the whole text was saved, "
        "but not split into the turns of the conversation."
    ),
    Code.UNKNOWN_FRONT_MATTER_KEY: _("An unknown key in the front matter was ignored: {key}"),
    Code.IMPORTED: _("Imported: “{title}”."),
    Code.DUPLICATE: _("This text is already in the archive: “{title}”."),
}
_SIZES = {Code.FILE_TOO_LARGE, Code.ZIP_TOO_LARGE}


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)  # unreachable


class _Args(dict):
    def __missing__(self, name: str) -> str:
        return ""


def render(note: Note) -> str:
    """One note in the current language."""
    if note.code is Code.TEXT:
        return str(note.arg("text"))
    args = dict(note.args)
    if note.code in _SIZES:
        args = {name: human_size(int(value)) for name, value in args.items()}
    # A value missing from a stored note leaves a gap rather than an error page.
    return str(MESSAGES[note.code]).format_map(_Args(args))


def message_display(message: object) -> str:
    """A note in the current language; any other message (a lazy text, a string) as given."""
    if isinstance(message, Note):
        return render(message)
    return str(message)


def notes_display(shown: Iterable[Note]) -> str:
    return pgettext("review notes separator", "; ").join(render(n) for n in shown)


def review_note_display(stored: object) -> str:
    """A stored `Article.review_note` in the current language."""
    return notes_display(notes.load(stored))
