"""What the importer has to say about a text, as codes with arguments, never as sentences.

Refusal reasons, review notes and the outcome of each import are `Note`s: a `Code` and a few
named values. `Article.review_note` stores them as JSON (`[{"code": "no_date"}, {"code":
"impossible_date", "date": "۳۰ اسفند ۱۴۰۲"}]`) and `archive.importer.messages` words them in
the reader's language when shown, so rewording a message needs no data migration. Plain Python:
read worker processes use it without Django.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from archive.text import jalali


class Code(StrEnum):
    # why a file was refused
    EMPTY_FILE = "empty_file"
    BINARY_FILE = "binary_file"
    UNDECODABLE = "undecodable"
    NO_LETTERS = "no_letters"
    FILE_TOO_LARGE = "file_too_large"  # size, limit (bytes)
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    SYMLINK = "symlink"
    ZIP_BROKEN = "zip_broken"
    ZIP_MEMBER_BROKEN = "zip_member_broken"
    ZIP_UNSAFE_PATH = "zip_unsafe_path"
    ZIP_TOO_LARGE = "zip_too_large"  # size, limit (bytes)
    ZIP_NESTED = "zip_nested"
    READ_FAILED = "read_failed"
    SAVE_FAILED = "save_failed"
    FORMAT_BROKEN = "format_broken"
    OLD_OFFICE_FILE = "old_office_file"
    NO_MAIN_TEXT = "no_main_text"
    TOO_MANY_PAGES = "too_many_pages"  # limit
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # size, limit (bytes)
    IMAGE_TOO_LARGE = "image_too_large"  # limit (millions of pixels)
    OCR_UNAVAILABLE = "ocr_unavailable"
    OCR_FAILED = "ocr_failed"
    OCR_NO_TEXT = "ocr_no_text"
    # review notes on an imported text
    NO_DATE = "no_date"
    IMPOSSIBLE_DATE = jalali.IMPOSSIBLE_DATE  # date (as written)
    DATE_FROM_BODY = "date_from_body"  # date (as written)
    NO_TITLE = "no_title"
    UNTITLED = "untitled"
    SPEAKER_ROLES_UNKNOWN = "speaker_roles_unknown"
    QA_SPEAKERS_UNKNOWN = "qa_speakers_unknown"
    UNKNOWN_FRONT_MATTER_KEY = "unknown_front_matter_key"  # key
    OCR_REVIEW = "ocr_review"
    PDF_LINES_REVERSED = "pdf_lines_reversed"
    PDF_IMPLAUSIBLE = "pdf_implausible"  # share (per cent of words known)
    NOT_A_NAME = "not_a_name"  # name: one word or generic nouns, not made an entity
    REJECTED_NAME = "rejected_name"  # name: a byline an editor dismissed as a candidate
    LABEL_ONLY = "label_only"  # name: a speaker known by a label, kept hidden for its turns
    REPOST = "repost"  # title, percent: most of the text is an earlier article's
    DATE_AT_END = "date_at_end"  # date: found only at the end of the text, not at the top
    # why a field holds its value (archive.importer.reasons), shown beside it in the preview
    WHY_FRONT_MATTER = "why_front_matter"
    WHY_TITLE_LINE = "why_title_line"
    WHY_TITLE_FALLBACK = "why_title_fallback"
    WHY_DATE_AT_TOP = "why_date_at_top"  # date
    WHY_DATE_AT_END = "why_date_at_end"  # date
    WHY_HEADER_LINE = "why_header_line"
    WHY_BYLINE = "why_byline"
    WHY_TURNS = "why_turns"  # turns (a count)
    WHY_NO_TURNS = "why_no_turns"
    WHY_NOT_FOUND = "why_not_found"
    WHY_CORRECTED = "why_corrected"
    # what became of a text
    IMPORTED = "imported"  # title
    DUPLICATE = "duplicate"  # title
    POSTS_SKIPPED = "posts_skipped"  # count
    CORRECTED = "corrected"  # title: the editor's corrections saved to the article holding the text
    # text that is no code (an editor's, or stored before codes): shown as it is
    TEXT = "text"  # text


class SeenAs(StrEnum):
    """Where the parser saw a candidate name; `Candidate.reason` stores a list of these."""

    BYLINE = "byline"
    HOST = "interview host"
    GUEST = "interview guest"
    SPEAKER = "speaker label"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Note:
    code: Code
    args: tuple[tuple[str, Any], ...] = ()

    def arg(self, name: str, default: Any = "") -> Any:
        return dict(self.args).get(name, default)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code.value, **dict(self.args)}


def note(code: Code, **args: Any) -> Note:
    return Note(code, tuple(args.items()))


def text_note(text: str) -> Note:
    return note(Code.TEXT, text=text)


def dump(notes: Iterable[Note]) -> list[dict[str, Any]]:
    """The notes as stored in `Article.review_note`."""
    return [n.as_json() for n in notes]


def load(stored: object) -> list[Note]:
    """Read stored notes; anything not in the stored form is kept as text, never dropped."""
    if not stored:
        return []
    if not isinstance(stored, list):
        return [text_note(str(stored))]
    notes = []
    for item in stored:
        if isinstance(item, dict) and item.get("code") in Code._value2member_map_:
            args = {k: v for k, v in item.items() if k != "code"}
            notes.append(note(Code(item["code"]), **args))
        else:
            text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            notes.append(text_note(text))
    return notes


def codes(notes: Iterable[Note]) -> list[Code]:
    return [n.code for n in notes]
