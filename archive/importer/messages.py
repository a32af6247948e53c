"""The importer's notes (archive.importer.notes) in the reader's language, worded when shown.

Notes are stored and passed on as codes, so a note reads in the language of whoever looks at
it, not of whoever imported the text, and rewording a message here changes every stored note.
"""

from collections.abc import Iterable

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from archive.importer import notes
from archive.importer.notes import Code, Note
from archive.text.jalali import to_persian_digits

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
    Code.FORMAT_BROKEN: _(
        "The file is damaged, protected by a password, or not in the format its name says."
    ),
    Code.OLD_OFFICE_FILE: _(
        "Old Word, Excel or PowerPoint files (.doc, .xls, .ppt) are not read; "
        "save the file as .docx or PDF and upload it again."
    ),
    Code.UNPACKS_TOO_LARGE: _(
        "The file unpacks to more than {limit} ({size}): refused as a possible compression bomb."
    ),
    Code.NO_MAIN_TEXT: _("No article text was found on this web page."),
    Code.TOO_MANY_PAGES: _("The document has more than {limit} pages; split it into articles."),
    Code.IMAGE_TOO_LARGE: _(
        "The image is over {limit} million pixels; scan it at a lower resolution."
    ),
    Code.OCR_UNAVAILABLE: _(
        "This file is a scan or photo. Reading it needs Tesseract OCR with its Persian model, "
        "which is not installed on this server (make ocr installs it)."
    ),
    Code.OCR_FAILED: _("Reading this scan with OCR failed, and nothing of it was saved."),
    Code.OCR_NO_TEXT: _("No text could be read in this scan or image."),
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
    Code.OCR_REVIEW: _(
        "The text was read from an image by OCR: compare it with the page image and correct it."
    ),
    Code.PDF_LINES_REVERSED: _(
        "The PDF stored its lines backwards; they were reversed. Check the word order."
    ),
    Code.PDF_IMPLAUSIBLE: _(
        "The PDF's text reads poorly (only {share}% of its words are known words); "
        "compare it with the original."
    ),
    Code.NOT_A_NAME: _(
        "“{name}” is one word or a generic noun, not a name: no person or organisation was "
        "made of it. Add the full name by hand if it is one."
    ),
    Code.REJECTED_NAME: _(
        "“{name}” was dismissed by an editor as a name: it was not made an author again."
    ),
    Code.LABEL_ONLY: _(
        "The speaker “{name}” is known only by a label, not a full name: readers see the "
        "label in the turns, unlinked, until an editor merges it into the person it names."
    ),
    Code.REPOST: _(
        "A re-post: {percent} in 100 words of this text run as in “{title}”, already in the "
        "archive. It was saved linked to that article; to keep it as an article of its own, "
        "empty “re-post of”."
    ),
    Code.DATE_AT_END: _(
        "The date “{date}” was found only at the end of the text, not beside the title: "
        "check that it is the date of publication."
    ),
    Code.WHY_FRONT_MATTER: _("Given in the text's front matter."),
    Code.WHY_TITLE_LINE: _("The line at the top that reads most like a title."),
    Code.WHY_TITLE_FALLBACK: _("No line reads as a title: the first words of the text."),
    Code.WHY_DATE_AT_TOP: _("Found at the top of the text: “{date}”."),
    Code.WHY_DATE_AT_END: _("Found only at the end of the text: “{date}”."),
    Code.WHY_HEADER_LINE: _("From a line at the top naming a publication or an issue."),
    Code.WHY_BYLINE: _("From a byline at the top of the text."),
    Code.WHY_TURNS: _("{turns} turns of conversation were found."),
    Code.WHY_NO_TURNS: _("No turns of conversation were found."),
    Code.WHY_NOT_FOUND: _("Not found in the text."),
    Code.WHY_CORRECTED: _("As you corrected it."),
    Code.IMPORTED: _("Imported: “{title}”."),
    Code.DUPLICATE: _("This text is already in the archive: “{title}”."),
    Code.POSTS_SKIPPED: _("{count} messages skipped: service messages and posts with only media."),
    Code.CORRECTED: _("Already in the archive; your corrections were saved to “{title}”."),
}
_SIZES = {Code.FILE_TOO_LARGE, Code.ZIP_TOO_LARGE, Code.UNPACKS_TOO_LARGE}
# The review notes in a few words, for the admin's "needs review" filter.
REVIEW_LABELS = {
    Code.NO_DATE: _("no date"),
    Code.IMPOSSIBLE_DATE: _("impossible date"),
    Code.DATE_AT_END: _("date only at the end"),
    Code.NO_TITLE: _("no title found"),
    Code.UNTITLED: _("title from the first words"),
    Code.SPEAKER_ROLES_UNKNOWN: _("host and guests unclear"),
    Code.QA_SPEAKERS_UNKNOWN: _("turns not split"),
    Code.NOT_A_NAME: _("byline that is no name"),
    Code.REJECTED_NAME: _("byline dismissed before"),
    Code.LABEL_ONLY: _("speaker known by a label"),
    Code.REPOST: _("re-post"),
    Code.UNKNOWN_FRONT_MATTER_KEY: _("unknown front-matter key"),
}


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
    elif get_language() == "fa":
        args = {k: to_persian_digits(v) if isinstance(v, int) else v for k, v in args.items()}
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
