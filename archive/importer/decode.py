"""Decode an uploaded file's bytes into text, refusing anything that would not read as text.

Plain Python, no Django. A refusal carries the note that says why (archive.importer.notes).
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache

from archive.importer.notes import Code, Note, note


class ImportRefused(Exception):
    """Raised when uploaded bytes are not a readable text; `note` says why, to the user."""

    def __init__(self, refusal: Note):
        super().__init__(refusal.code.value)
        self.note = refusal


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ARABIC_SCRIPT = (
    ("\u0600", "\u06ff"),
    ("\u0750", "\u077f"),
    ("\ufb50", "\ufdff"),
    ("\ufe70", "\ufeff"),
)
# Letters that dominate Persian prose; random bytes or mojibake decoded as cp1256 do not follow
# this distribution (UTF-8 read as cp1256 turns into runs of ط ظ ع غ).
_COMMON_LETTERS = "اآیيىونردهمتبسلکك"
_MOJIBAKE_LETTERS = "طظعغ"


# The checks count classes of characters in texts of thousands of characters: the counting
# happens in the regex engine (patterns of runs) or in str methods, never in a Python loop over
# characters. The classes are built from the predicates they stand for (str.isalpha, category
# Cc), so they count exactly what those predicates would.
def _runs(chars: Iterable[str]) -> re.Pattern[str]:
    """Compile a pattern matching runs of the given characters."""
    points = sorted({ord(c) for c in chars})
    spans: list[list[int]] = []
    for point in points:
        if spans and spans[-1][1] == point - 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    members = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in spans
    )
    return re.compile(f"[{members}]+")


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def _range(first: str, last: str) -> Iterator[str]:
    return map(chr, range(ord(first), ord(last) + 1))


# Category Cc is closed (the C0 and C1 control codes) and lies below U+0100.
_CONTROLS = _runs(
    c
    for c in _range("\x00", "\xff")
    if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v\x85"
)
_LATIN1_LETTERS = _runs(c for c in _range("\u00c0", "\u00ff") if c.isalpha())
_ARABIC_LETTERS = _runs(
    c for first, last in _ARABIC_SCRIPT for c in _range(first, last) if c.isalpha()
)
# Few enough to count one by one with str.count, which is quicker than a pattern.
_ARABIC_COMMON = "".join(sorted({c for c in _COMMON_LETTERS if _ARABIC_LETTERS.fullmatch(c)}))
_ARABIC_MOJIBAKE = "".join(sorted({c for c in _MOJIBAKE_LETTERS if _ARABIC_LETTERS.fullmatch(c)}))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _bmp_letters() -> re.Pattern[str]:
    # Built on first use (a scan of 65,536 code points); letters beyond the BMP are rare and
    # would make every character the class rejects walk a long list of ranges.
    return _runs(c for c in _range("\x00", "\uffff") if c.isalpha())


def _count_letters(text: str) -> int:
    letters = _count(_bmp_letters(), text)
    if _ASTRAL.search(text):
        letters += sum(1 for c in _ASTRAL.findall(text) if c.isalpha())
    return letters


def decode(data: bytes) -> str:
    """Decode an uploaded text file, refusing anything that would not read as text."""
    if not data.strip(b" \t\r\n"):
        raise ImportRefused(note(Code.EMPTY_FILE))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ImportRefused(note(Code.UNDECODABLE)) from None
            return _checked(text, legacy=False)
    try:
        return _decode_unmarked(data)
    except ImportRefused:
        # Only bytes refused as anything else are tried as UTF-16 without a mark, so every file
        # that was read before reads the same.
        text = _utf16_without_bom(data)
        if text is None:
            raise
    return _checked(text, legacy=False)


def _decode_unmarked(data: bytes) -> str:
    if b"\x00" in data:
        raise ImportRefused(note(Code.BINARY_FILE))
    try:
        return _checked(data.decode("utf-8"), legacy=False)
    except UnicodeDecodeError:
        pass
    # Older Persian files were saved in Windows-1256; it maps every byte, so check the result.
    return _checked(data.decode("cp1256", errors="replace"), legacy=True)


# UTF-16 saved without a byte-order mark shows in its high bytes: Persian prose is U+06xx
# letters with ASCII spaces, digits and newlines (U+00xx) and ZWNJ (U+200C), so nearly every
# other byte is one of a few values, where in other files they vary. NUL bytes alone would not
# tell: a Persian line has few of them, and binary files have many. The pattern only says which
# byte order to try; the decoded text must then read as text in the scripts the archive holds.
_UTF16_SAMPLE = 1 << 16  # bytes looked at for the pattern (an even number)
_UTF16_HIGH_BYTES = 3  # 0x06, 0x00 and 0x20 in Persian prose, 0x00 alone in English
_UTF16_HIGH_SHARE = 0.9  # of the high bytes, for the most common ones
_PLAUSIBLE_SHARE = 0.95  # of the decoded characters, for those of `_PLAUSIBLE`
# Latin (ASCII, Latin-1, Extended A/B, IPA and modifier letters, combining marks, Extended
# Additional), Greek, Cyrillic, Arabic with its supplements and presentation forms, general
# punctuation and currency signs, and whitespace.
_PLAUSIBLE = re.compile(
    "[\t\n\v\f\r\x20-\x7e\xa0-\u04ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\ufb50-\ufdff\ufe70-\ufeff]+"
)
# Invisible characters that belong in Persian and bidirectional text (ZWNJ, ZWJ, direction
# marks, embeddings and isolates, the soft hyphen); other format characters are garbage.
_TEXT_FORMAT_CHARS = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_TEXT_FORMAT = re.compile(f"[{_TEXT_FORMAT_CHARS}]")
_NOT_TEXT_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})


def _not_text(char: str) -> bool:
    if char in "\t\n\v\f\r" or _TEXT_FORMAT.match(char):
        return False
    return unicodedata.category(char) in _NOT_TEXT_CATEGORIES


@cache
def _bmp_not_text() -> re.Pattern[str]:
    # Controls, unassigned and private-use code points, lone surrogates and stray format
    # characters: what a wrong decoding of bytes produces and no text contains. Built on first
    # use, like `_bmp_letters`.
    return _runs(c for c in _range("\x00", "\uffff") if _not_text(c))


def _reads_as_text(text: str) -> bool:
    """Whether a decoding without a byte-order mark looks like a text rather than noise."""
    if _bmp_not_text().search(text):
        return False
    if _ASTRAL.search(text) and any(map(_not_text, _ASTRAL.findall(text))):
        return False
    visible = sum(map(len, text.split()))
    return (
        _count(_PLAUSIBLE, text) >= len(text) * _PLAUSIBLE_SHARE
        and _count_letters(text) >= visible * 0.5 > 0
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 text saved without a byte-order mark; None when the bytes are not that."""
    if len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    for encoding, high_bytes in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[::2])):
        common = Counter(high_bytes).most_common(_UTF16_HIGH_BYTES)
        if sum(n for _, n in common) < len(high_bytes) * _UTF16_HIGH_SHARE:
            continue
        try:
            text = data.decode(encoding)  # strict: a lone surrogate is not UTF-16 text
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text):
            return text
    return None


def _checked(text: str, *, legacy: bool) -> str:
    if not text.strip():
        raise ImportRefused(note(Code.EMPTY_FILE))
    if "\x00" in text:
        raise ImportRefused(note(Code.BINARY_FILE))
    visible = sum(map(len, text.split()))  # split() drops exactly the isspace() characters
    letters = _count_letters(text)
    # UTF-8 Persian read as Latin-1/cp1252 looks like "Ø§Ù...": Latin-1 letters everywhere.
    if _count(_LATIN1_LETTERS, text) > letters * 0.15 > 0:
        raise ImportRefused(note(Code.UNDECODABLE))
    if _count(_CONTROLS, text) > len(text) * 0.01:
        raise ImportRefused(note(Code.BINARY_FILE))
    if text.count("\ufffd") > max(2, visible * 0.005):
        raise ImportRefused(note(Code.UNDECODABLE))
    if not letters:
        raise ImportRefused(note(Code.NO_LETTERS))
    if letters < visible * 0.4 and visible > 20:
        raise ImportRefused(note(Code.UNDECODABLE))
    arabic = _count(_ARABIC_LETTERS, text)
    if legacy and arabic < letters * 0.5:
        raise ImportRefused(note(Code.UNDECODABLE))
    if arabic >= 20:
        common = sum(map(text.count, _ARABIC_COMMON))
        mojibake = sum(map(text.count, _ARABIC_MOJIBAKE))
        if common < arabic * 0.4 or mojibake > arabic * 0.25:
            raise ImportRefused(note(Code.UNDECODABLE))
    return text
