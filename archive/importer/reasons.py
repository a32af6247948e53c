"""Why the reader chose each field's value: one note per field, shown beside it in the preview.

Plain Python, like archive.importer.read which calls it: the notes are codes
(archive.importer.notes), worded by archive.importer.messages when shown.
"""

from collections.abc import Mapping

from archive.importer.header import Header
from archive.importer.notes import Code, Note, note

# The preview's fields, and the reader's fields they show.
FIELDS = ("title", "date", "publication", "publication_issue", "authors", "kind")
_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "publication": "publication",
    "publication_issue": "publication",
    "authors": "authors",
    "kind": "kind",
}


def field_reasons(
    meta: Mapping[str, str],
    header: Header,
    *,
    title: str,
    date_text: str,
    publication: str,
    issue: str,
    authors: list[str],
    turns: int,
) -> dict[str, Note]:
    """Say where each field's value was found (or that it was not)."""
    found = {
        "title": note(Code.WHY_TITLE_LINE) if title else note(Code.WHY_TITLE_FALLBACK),
        "date": _date_reason(header, date_text),
        "publication": note(Code.WHY_HEADER_LINE) if publication else note(Code.WHY_NOT_FOUND),
        "publication_issue": note(Code.WHY_HEADER_LINE) if issue else note(Code.WHY_NOT_FOUND),
        "authors": note(Code.WHY_BYLINE) if authors else note(Code.WHY_NOT_FOUND),
        "kind": note(Code.WHY_TURNS, turns=turns) if turns else note(Code.WHY_NO_TURNS),
    }
    for name, key in _FRONT_MATTER_KEYS.items():
        if meta.get(key):
            found[name] = note(Code.WHY_FRONT_MATTER)
    return found


def _date_reason(header: Header, date_text: str) -> Note:
    if not date_text:
        return note(Code.WHY_NOT_FOUND)
    if header.date_match is not None and header.date_match.text == date_text:
        return note(Code.WHY_DATE_AT_TOP, date=date_text)
    return note(Code.WHY_DATE_AT_END, date=date_text)


def uncertain_notes(meta: Mapping[str, str], header: Header, date_text: str) -> list[Note]:
    """The review notes for fields read from weak evidence: a date found only at the end."""
    if date_text and not meta.get("date") and header.date_match is None:
        return [note(Code.DATE_AT_END, date=date_text)]
    return []
