"""Turn a text saved from a website or a messaging channel into an article's parts.

Pure functions, no Django: `decode` bytes, `clean` away website chrome, `parse` the header
(title, byline, date, publication), interview turns and signatures. The stored text keeps its
original letters; `archive.text.persian.normalize` is used only for comparison keys.
"""

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from archive.text.jalali import IMPOSSIBLE_DATE, DateMatch, parse_date
from archive.text.persian import normalize

# Refusal reasons and review notes: stable codes, stored in Article.review_note and shown
# translated by archive.importer.messages. Rewording one here strands the rows stored with the
# old text.
EMPTY_FILE = "فایل خالی است."
BINARY_FILE = "این فایل متنی نیست (فایل دودویی یا آسیب‌دیده است)."
UNDECODABLE = (
    "رمزگذاری فایل شناخته نشد یا متن آن به هم ریخته است؛ لطفاً فایل را با رمزگذاری UTF-8 ذخیره کنید."
)
NO_LETTERS = "فایل هیچ متن خوانایی ندارد."

NO_DATE_FOUND = "تاریخ انتشار پیدا نشد؛ متن بدون تاریخ وارد شد و باید بازبینی شود."
NO_TITLE_FOUND = "عنوان متن پیدا نشد."
SPEAKER_ROLES_UNKNOWN = "میزبان و مهمانان گفتگو مشخص نشد."
UNKNOWN_FRONT_MATTER_KEY = "کلید ناشناخته در سرآغاز نادیده گرفته شد"

RULES_PATH = Path(__file__).with_name("chrome_rules.json")


class ImportRefused(Exception):
    """Raised when uploaded bytes are not a readable text; `message` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedTurn:
    position: int  # 1-based order in the conversation
    speaker: str  # the label as written, without trailing punctuation
    text: str
    start: int  # offset of the turn (its label) in ParsedArticle.body


@dataclass(frozen=True)
class Candidate:
    name: str
    kind_guess: str  # "person" | "organisation"
    reason: str


@dataclass
class ParsedArticle:
    title: str = ""
    body: str = ""
    published_on: date | None = None
    date_text: str = ""
    date_error: str | None = None
    needs_review: bool = False
    publication: str = ""
    publication_issue: str = ""
    authors: list[str] = field(default_factory=list)
    source_url: str = ""
    kind: str = "article"
    hosts: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    turns: list[ParsedTurn] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- decoding ------------------------------------------------------------------------------

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
        raise ImportRefused(EMPTY_FILE)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ImportRefused(UNDECODABLE) from None
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
        raise ImportRefused(BINARY_FILE)
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
        raise ImportRefused(EMPTY_FILE)
    if "\x00" in text:
        raise ImportRefused(BINARY_FILE)
    visible = sum(map(len, text.split()))  # split() drops exactly the isspace() characters
    letters = _count_letters(text)
    # UTF-8 Persian read as Latin-1/cp1252 looks like "Ø§Ù...": Latin-1 letters everywhere.
    if _count(_LATIN1_LETTERS, text) > letters * 0.15 > 0:
        raise ImportRefused(UNDECODABLE)
    if _count(_CONTROLS, text) > len(text) * 0.01:
        raise ImportRefused(BINARY_FILE)
    if text.count("\ufffd") > max(2, visible * 0.005):
        raise ImportRefused(UNDECODABLE)
    if not letters:
        raise ImportRefused(NO_LETTERS)
    if letters < visible * 0.4 and visible > 20:
        raise ImportRefused(UNDECODABLE)
    arabic = _count(_ARABIC_LETTERS, text)
    if legacy and arabic < letters * 0.5:
        raise ImportRefused(UNDECODABLE)
    if arabic >= 20:
        common = sum(map(text.count, _ARABIC_COMMON))
        mojibake = sum(map(text.count, _ARABIC_MOJIBAKE))
        if common < arabic * 0.4 or mojibake > arabic * 0.25:
            raise ImportRefused(UNDECODABLE)
    return text


# --- cleaning ------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# No-break and other fixed-width spaces become plain spaces; zero-width junk goes. ZWNJ stays:
# it is part of Persian spelling.
_SPACE_CHARS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\ufeff\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f"
_LINE_BREAK = re.compile(f"\r\n|[{_LINE_BREAKS}]")
_SPACE_CHAR = re.compile(f"[{_SPACE_CHARS}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
# Most texts contain none of these: one scan for all of them costs less than three passes.
_UNUSUAL_CHAR = re.compile(f"[{_LINE_BREAKS}{_SPACE_CHARS}{_INVISIBLE}]")
_EDGE_CHARS = " \t\u200e\u200f"


def _line_key(line: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", normalize(line))).strip()


@dataclass(frozen=True)
class _ChromeRules:
    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    separators: re.Pattern[str]
    min_items: int
    max_item_words: int


@lru_cache(maxsize=1)
def _rules() -> _ChromeRules:
    data = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    links = data["link_rows"]
    return _ChromeRules(
        exact=frozenset(_line_key(line) for line in data["exact_lines"]),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["line_patterns"]),
        separators=re.compile("|".join(re.escape(s) for s in links["separators"])),
        min_items=links["min_items"],
        max_item_words=links["max_item_words"],
    )


def _is_chrome(line: str) -> bool:
    if len(line) > 200:  # chrome is short; long lines are prose
        return False
    rules = _rules()
    if _line_key(line) in rules.exact:
        return True
    return any(p.fullmatch(line) for p in rules.patterns)


_HAS_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = ".!?؟…;؛"


def _is_link_row(line: str) -> bool:
    if "://" in line or "www." in line:  # slashes of an address, not a menu
        return False
    rules = _rules()
    items = [item.strip() for item in rules.separators.split(line)]
    items = [item for item in items if item]
    if len(items) < rules.min_items:
        return False
    return all(
        len(item.split()) <= rules.max_item_words
        and _HAS_LETTER.search(item)
        and not item.endswith(tuple(_SENTENCE_END))
        for item in items
    )


def _normalise_lines(text: str) -> list[str]:
    if _UNUSUAL_CHAR.search(text):
        text = _INVISIBLE_CHAR.sub("", _SPACE_CHAR.sub(" ", _LINE_BREAK.sub("\n", text)))
    # Halving runs of spaces with str.replace is many times quicker than a pattern for them.
    while "  " in text:
        text = text.replace("  ", " ")
    return [line.strip(_EDGE_CHARS) for line in text.split("\n")]


def _drop_link_runs(lines: list[str]) -> list[str]:
    # Menus and footers sit at the edges of a page; a list inside the text is content.
    start, end = 0, len(lines)
    while start < end and (not lines[start] or _is_link_row(lines[start])):
        start += 1
    while end > start and (not lines[end - 1] or _is_link_row(lines[end - 1])):
        end -= 1
    return lines[start:end]


def _join_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean(text: str) -> str:
    """Remove website chrome and normalise whitespace, keeping paragraphs and letters."""
    lines = [line for line in _normalise_lines(text) if not (line and _is_chrome(line))]
    return _join_lines(_drop_link_runs(lines))


# --- parsing helpers -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Normalise a word, label or name: each comes up again and again while reading a text."""
    return normalize(text)


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Words that do not occur in personal or organisation names but do in titles and sentences.
_FUNCTION_WORDS = _keys(
    "در از به با را که برای این آن تا بر چه چرا است هست بود شد شود می نمی هم نیز یا اما "
    "ولی دیگر ها های ای باد باید چگونه کجا وقتی اگر بی پس پیش روی زیر سر بین درباره "
    "یک یکی گفت گفته میگوید میگفت "
    "the a an of in on to for is are and with by"
)
_DIGIT = re.compile(r"\d")  # \d covers Persian and Arabic-Indic digits too
_ORDINAL_WORDS = _keys(
    "اول دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یکم نخست آخر پایانی اولین دومین سومین"
)
_ORG_WORDS = _keys(
    "حزب سازمان کمیته اتحادیه سندیکا سندیکای شورا شورای کانون انجمن کارگران کارگری جمعی "
    "تشکل تشکلهای فدراسیون کنفدراسیون نشریه کانال تلویزیون رادیو شرکت هیئت هیات گروه "
    "جبهه مجمع نهاد بنیاد کمپین اتحاد جنبش دفتر خبرگزاری روزنامه هسته شبکه جمعیت خانه وزارت "
    "party union committee council federation association organisation organization"
)
# Question/answer labels name roles, not people.
_QA_LABELS = _keys("س ج سوال سؤال پرسش پاسخ جواب q a question answer")

_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<label>[^\s:：*_!؟?.«»\"'()\[\]][^:：\n*!؟?«»\"()\[\]]{0,50}?)"
    r"\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.DOTALL,
)
_INTERVIEW_HEADER = re.compile(
    r"(?:گفتگو|گفت\s*و\s*گو|گفت\u200cو\u200cگو|مصاحبه|میزگرد)(?:ی\s+[^\s]+(?:\s+[^\s]+)?)?"
    r"\s+با(?:\s+حضور)?\s+"
    r"(?P<names>.+?)(?=\s+(?:در|درباره|پیرامون|حول|به\s+مناسبت|برای|دربار)\s|[.:؛؟!?(]|$)"
)
# Who asks the questions: "گفتگو از X", "اجرا: X", "مجری: X".
_HOST_LINE = re.compile(
    r"^(?:(?:گفتگو|گفت\s*و\s*گو|مصاحبه)\s+از|(?:اجرا|مجری|میزبان|مصاحبه\s*\u200c?کننده)\s*[:：])"
    r"\s*(?P<names>[^.؛:!؟?]+?)\s*$"
)
_HOST_MENTION = re.compile(r"(?:اجرا|مجری|میزبان)\s*[:：]\s*(?P<names>[^.؛:!؟?،\n]+)")
_DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
_LIST_SPLIT = re.compile(r"\s+و\s+|\s*[،,]\s*")
_SOURCE_LINE = re.compile(
    r"^(?:(?:منبع|لینک|نشانی|source|url)\s*[:：]\s*)?(?P<url>(?:https?://|www\.)\S+)$",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:نویسنده|نویسندگان|نوشته|ترجمه|گزارش(?:\s+خبری)?|گزارشگر|خبرنگار|author)\s*[:：]"
    r"|به\s+قلم|از|by)\s*(?P<names>.+)$",
    re.IGNORECASE,
)
# Words that open a periodical's name: "نشریه …", "هفته‌نامه …", "روزنامه …".
_PERIODICAL = r"(?:نشریه|هفته\s?\u200c?نامه|ماهنامه|روزنامه|بولتن|گاهنامه)"
_PUBLICATION = re.compile(
    rf"^(?P<pub>{_PERIODICAL}?[^\d:：!؟?]{{0,60}}?)"
    r"\s*[-–,،]?\s*(?:شماره|no\.?|#)?\s*(?P<issue>\d{1,5})$",
    re.IGNORECASE,
)
_PUBLICATION_PREFIX = re.compile(rf"^{_PERIODICAL}\s")
# "نشریه" is the generic word ("the journal X"), not part of the name.
_GENERIC_PUBLICATION = re.compile(r"^نشریه\s+")
_DATE_PREFIX = re.compile(
    r"^(?:تاریخ(?:\s+انتشار)?|منتشر\s+شده\s+در|انتشار|date|published)\s*[:：]?\s*",
    re.IGNORECASE,
)
_SEPARATORS = " \t-–—|,،:：/"
_LIST_ITEM = re.compile(r"^(?:\w{1,2}[.)]\s|[-*•]\s)")
_SIGNATURE_PREFIX = re.compile(r"^(?:امضا(?:ها)?|امضاکنندگان|امضا\s*کنندگان)\s*[:：]\s*")


def _words(text: str) -> list[str]:
    return text.split()


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(tuple(_SENTENCE_END + ':»"”)]'))


def _is_name_like(text: str, *, max_words: int = 4) -> bool:
    """Tell whether a short phrase could be a person's or an organisation's name."""
    words = _words(text)
    if not 1 <= len(words) <= max_words or _DIGIT.search(text):
        return False
    if any(c in text for c in ':：!؟?.«»"“”()[]{}@#/\\'):
        return False
    keys = [_key(w) for w in words]
    if any(k in _FUNCTION_WORDS or k in _ORDINAL_WORDS for k in keys):
        return False
    return all(_HAS_LETTER.search(w) for w in words)


def _kind_guess(name: str) -> str:
    keys = {_key(w) for w in _words(name)}
    return "organisation" if keys & _ORG_WORDS or len(keys) > 4 else "person"


def _starts_organisation(name: str) -> bool:
    words = _words(name)
    return bool(words) and _key(words[0]) in _ORG_WORDS


def _split_names(text: str) -> list[str]:
    """Split a list of names at dashes, and at "و" or commas unless that cuts a name apart.

    Organisations' names hold both ("وزارت تعاون، کار و رفاه اجتماعی", "شرکت کشت و صنعت"):
    where a piece would be a lone word, or the first reads as an organisation and another
    does not open like one, the part stays whole. Two organisations ("رادیو پژواک و نشریه
    سپیده") are still two.
    """
    names: list[str] = []
    for part in _DASH_SPLIT.split(text):
        pieces = [p.strip(_SEPARATORS) for p in _LIST_SPLIT.split(part) if p.strip(_SEPARATORS)]
        if len(pieces) > 1 and (
            any(len(_words(p)) < 2 for p in pieces)
            or (
                _kind_guess(pieces[0]) == "organisation"
                and not all(_starts_organisation(p) for p in pieces)
            )
        ):
            pieces = [part.strip(_SEPARATORS)]
        names.extend(p for p in pieces if p)
    return names


def _date_rest(line: str, start: int, end: int) -> str:
    rest = (line[:start] + " " + line[end:]).strip(_SEPARATORS + ".")
    return _DATE_PREFIX.sub("", rest).strip(_SEPARATORS + ".")


# --- front matter --------------------------------------------------------------------------

_FRONT_MATTER_KEYS = {
    "title": "title",
    "عنوان": "title",
    "date": "date",
    "تاریخ": "date",
    "publication": "publication",
    "نشریه": "publication",
    "authors": "authors",
    "author": "authors",
    "نویسندگان": "authors",
    "نویسنده": "authors",
    "source": "source",
    "منبع": "source",
    "kind": "kind",
    "نوع": "kind",
}
_KINDS = {
    "interview": "interview",
    "گفتگو": "interview",
    "مصاحبه": "interview",
    "article": "article",
    "مقاله": "article",
}
_FENCE = re.compile(r"^\s*-{3,}\s*$")


def _split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """Split a leading `---` block of `key: value` lines off the text."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _FENCE.match(lines[first]):
        return {}, lines, []
    meta: dict[str, str] = {}
    warnings: list[str] = []
    for i in range(first + 1, min(len(lines), first + 40)):
        line = lines[i].strip()
        if _FENCE.match(line):
            return meta, lines[i + 1 :], warnings
        if not line:
            continue
        key, colon, value = line.partition(":")
        if not colon:
            key, colon, value = line.partition("：")
        canonical = _FRONT_MATTER_KEYS.get(key.strip().lower())
        if not colon or canonical is None:
            warnings.append(f"{UNKNOWN_FRONT_MATTER_KEY}: {key.strip()[:40]}")
            continue
        meta[canonical] = value.strip()
    return {}, lines, []  # no closing fence: it was not front matter


# --- header --------------------------------------------------------------------------------


@dataclass
class _Header:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    date_match: DateMatch | None = None
    publication: str = ""
    issue: str = ""
    source_url: str = ""
    hosts: list[str] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indices of the lines read as header


def _publication(line: str) -> tuple[str, str] | None:
    m = _PUBLICATION.match(line)
    if m:
        pub = _GENERIC_PUBLICATION.sub("", m["pub"].strip(_SEPARATORS))
        if not pub or _is_name_like(pub, max_words=5):
            return pub, m["issue"]
    if _PUBLICATION_PREFIX.match(line) and len(_words(line)) <= 5:
        return _GENERIC_PUBLICATION.sub("", line.strip()), ""
    return None


def _date_line(line: str, *, max_rest_words: int = 0) -> tuple[DateMatch | None, str]:
    """Return the line's date match when the line is a date (plus at most a few words)."""
    if len(line) > 120:  # a sentence that mentions a date is not a date line
        return None, ""
    dm = parse_date(line)
    if dm is None:
        return None, ""
    rest = _date_rest(line, dm.start, dm.end)
    if len(_words(rest)) > max_rest_words:
        return None, rest
    return dm, rest


def _title_like(line: str) -> bool:
    if not 0 < len(_words(line)) <= 25 or parse_date(line) is not None:
        return False
    return not (
        _byline_names(line)
        or _HOST_LINE.match(line)
        or _SOURCE_LINE.match(line)
        or _publication(line)
    )


def _read_header(lines: list[str], turn_labels: set[str]) -> _Header:
    """Read title, byline, date, publication and address from the top of the text.

    Lines that are none of these (a subtitle, an intro line) stay in the body, and reading
    goes on past them until the body proper starts: a long line, a sentence or a turn.
    """
    header = _Header()
    seen = 0
    adjacent = False  # the line just above was a header line, with no blank between
    for index, line in enumerate(lines):
        if not line:
            adjacent = False
            continue
        seen += 1
        words = len(_words(line))
        if seen > 8 or words > 25 or _is_turn(line, turn_labels):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _read_header_line(header, line, following, adjacent=adjacent):
            header.consumed.add(index)
            adjacent = True
            continue
        if line.rstrip().endswith(tuple(_SENTENCE_END)) and words > 3:
            break  # a sentence: the body has begun
        adjacent = False
    return header


def _is_turn(line: str, turn_labels: set[str]) -> bool:
    label = _speaker_label(line)
    if not label or not _label_ok(label[0]):
        return False
    key = _key(label[0])
    return key in turn_labels or key in _QA_LABELS


def _read_header_line(header: _Header, line: str, following: str, *, adjacent: bool) -> bool:
    """Take one header line into `header`; False when it is not a header line."""
    source = _SOURCE_LINE.match(line)
    if source and not header.source_url:
        header.source_url = source["url"]
        return True
    if header.date_match is None:
        dm, rest = _date_line(line, max_rest_words=8)
        if dm is not None:
            if rest and not (header.title or _is_name_like(rest, max_words=8)):
                return _take_title(header, line, following)
            header.date_match = dm
            publication = _publication(rest) if rest else None
            if publication and (_DIGIT.search(rest) or _PUBLICATION_PREFIX.match(rest)):
                header.publication, header.issue = publication
            elif len(_words(rest)) >= 2 and _is_name_like(rest, max_words=8):
                # A lone word beside a date is usually a place ("تهران، ۱۴ اسفند").
                header.authors.extend(_split_names(rest))
            return True
    host = _HOST_LINE.match(line)
    if host and not header.hosts:
        names = [n for n in _split_names(host["names"]) if _is_name_like(n)]
        if names:
            header.hosts.extend(names)
            return True
    names = _byline_names(line)
    if names and not header.authors:
        header.authors.extend(names)
        return True
    if header.title or _PUBLICATION_PREFIX.match(line):
        publication = _publication(line)
        if publication and not header.publication:
            header.publication, header.issue = publication
            return True
    if not header.title:
        return _take_title(header, line, following)
    # "Title / Author / Date": a bare name right under another header line.
    if adjacent and not header.authors and _is_name_like(line, max_words=6):
        header.authors.extend(_split_names(line))
        return True
    return False


def _byline_names(line: str) -> list[str]:
    byline = _BYLINE_PREFIX.match(line)
    if not byline or len(_words(line)) > 10:
        return []
    names = _split_names(byline["names"])
    if names and all(_is_name_like(n, max_words=6) for n in names):
        return names
    return []


def _take_title(header: _Header, line: str, following: str) -> bool:
    words = len(_words(line))
    if words > 25 or (words > 15 and _ends_sentence(line)):
        return False
    # "Author / Title / Date" layout: a bare name right above a longer title line (a title
    # does not end in a full stop; a first sentence of the body does).
    if (
        not header.authors
        and _is_name_like(line)
        and _title_like(following)
        and not _ends_sentence(following)
        and len(_words(following)) > words
    ):
        header.authors.extend(_split_names(line))
        return True
    header.title = line
    return True


# --- body and paragraphs -------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines separate, and so do ends of sentences."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following and not _continues(line, following):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return ["\n".join(p) for p in paragraphs]


def _continues(line: str, following: str) -> bool:
    # A hard-wrapped line: long, unfinished, and the next one goes on with a word.
    if _ends_sentence(line) or len(_words(line)) < 10:
        return False
    return following[0].isalpha() and not (_LIST_ITEM.match(following) or _speaker_label(following))


def _speaker_label(paragraph: str) -> tuple[str, str] | None:
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = m["label"].strip().rstrip(" .،,-–")
    if not label or len(_words(label)) > 4:
        return None
    return label, m["rest"]


def _label_ok(label: str) -> bool:
    key = _key(label)
    return key in _QA_LABELS or (_is_name_like(label) and all(len(w) > 1 for w in _words(label)))


def _interview_names(texts: list[str]) -> list[str]:
    for text in texts:
        if len(_words(text)) > 40:
            continue
        m = _INTERVIEW_HEADER.search(text)
        if m:
            names = [n for n in _split_names(m["names"]) if _is_name_like(n)]
            if names:
                return names
    return []


def _host_names(texts: list[str]) -> list[str]:
    for text in texts:
        m = _HOST_MENTION.search(text) if len(_words(text)) <= 40 else None
        if m:
            names = [n for n in _split_names(m["names"]) if _is_name_like(n)]
            if names:
                return names
    return []


def _recurring_labels(lines: list[str]) -> set[str]:
    """Keys of name-like labels that open two or more lines: the speakers of a transcript."""
    counts = Counter(
        _key(label[0]) for line in lines if (label := _speaker_label(line)) and _label_ok(label[0])
    )
    return {key for key, count in counts.items() if count >= 2}


def _same_name(label: str, name: str) -> bool:
    label_words = set(_key(label).split())
    name_words = set(_key(name).split())
    return bool(label_words) and (label_words <= name_words or name_words <= label_words)


def _find_turns(
    paragraphs: list[str], starts: list[int], header_names: list[str], *, forced: bool
) -> list[ParsedTurn]:
    labelled = [(i, _speaker_label(p)) for i, p in enumerate(paragraphs)]
    labels = [(i, lab) for i, lab in labelled if lab and _label_ok(lab[0])]
    counts = Counter(_key(lab[0]) for _, lab in labels)
    speakers = {
        key
        for key, count in counts.items()
        if forced
        or count >= 2
        or key in _QA_LABELS
        or any(_same_name(key, n) for n in header_names)
    }
    if len(speakers) < 2:
        return []
    turns: list[ParsedTurn] = []
    speaker_at = {i: lab for i, lab in labels if _key(lab[0]) in speakers}
    first = min(speaker_at)
    texts: list[list[str]] = []
    for i in range(first, len(paragraphs)):
        if i in speaker_at:
            speaker, rest = speaker_at[i]
            turns.append(ParsedTurn(len(turns) + 1, speaker, "", starts[i]))
            texts.append([rest.strip()] if rest.strip() else [])
        else:
            texts[-1].append(paragraphs[i])
    return [
        ParsedTurn(t.position, t.speaker, "\n\n".join(text), t.start)
        for t, text in zip(turns, texts, strict=True)
    ]


def _unique(names: list[str]) -> list[str]:
    """Drop repeated names, comparing spellings by their normalised form."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_key(name), name)
    return list(seen.values())


def _roles(
    turns: list[ParsedTurn], guest_names: list[str], host_names: list[str], warnings: list[str]
) -> tuple[list[str], list[str]]:
    people = _unique([t.speaker for t in turns if _key(t.speaker) not in _QA_LABELS])
    if guest_names or host_names:
        guests = [p for p in people if any(_same_name(p, n) for n in guest_names)]
        hosts = [p for p in people if any(_same_name(p, n) for n in host_names)]
        others = [p for p in people if p not in guests and p not in hosts]
        # Whoever the header does not name takes the other role.
        (hosts if guest_names else guests).extend(others)
        guests += [n for n in guest_names if not any(_same_name(g, n) for g in guests)]
        hosts += [n for n in host_names if not any(_same_name(h, n) for h in hosts)]
        return _unique(hosts), _unique(guests)
    if len(people) < len({_key(t.speaker) for t in turns}):
        return [], []  # question/answer labels and no names in the header
    # Without a header, the host is who asks (turns ending in a question) or addresses others.
    asks: Counter[str] = Counter()
    for turn in turns:
        asked = turn.text.rstrip().endswith(("?", "؟"))
        opening = normalize(turn.text[:80])
        addressed = any(not _same_name(p, turn.speaker) and _key(p) in opening for p in people)
        asks[_key(turn.speaker)] += 1 if asked or addressed else -1
    hosts = [p for p in people if asks[_key(p)] > 0]
    if not hosts or len(hosts) == len(people):
        warnings.append(SPEAKER_ROLES_UNKNOWN)
        return [], []
    return hosts, [p for p in people if p not in hosts]


def _signature_names(line: str) -> list[str]:
    line = _SIGNATURE_PREFIX.sub("", line).strip(_SEPARATORS)
    if not line or len(_words(line)) > 16 or _ends_sentence(line.rstrip(".")):
        return []
    names = _split_names(line)
    if names and all(2 <= len(_words(n)) <= 8 and _is_name_like(n, max_words=8) for n in names):
        return names
    return []


def _find_signatures(lines: list[str]) -> list[str]:
    """Names signing the text: short name lines above a date line, at the end of the text,
    or set right under a letter's last paragraph."""
    content = [line for line in lines if line]
    anchors = [i for i, line in enumerate(content) if _date_line(line, max_rest_words=3)[0]]
    anchors.append(len(content))
    found: list[str] = []
    for anchor in anchors:
        block: list[str] = []
        i = anchor - 1
        while i >= 0 and len(block) < 10:
            names = _signature_names(content[i])
            if not names:
                break
            block = names + block
            i -= 1
        # At the very end a lone short line is too often a slogan; ask for a real block.
        if block and (anchor < len(content) or len(block) >= 2):
            found.extend(block)
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        closes = i + 1 == len(lines) or not lines[i + 1]
        if line and closes and len(_words(previous)) >= 12 and _ends_sentence(previous):
            found.extend(_signature_names(line))
    return _unique(found)


def _ending_date(lines: list[str]) -> DateMatch | None:
    """Date of a statement signed at its end ("... / ۲۷/۰۲/۲۰۲۴ - آلمان")."""
    for line in [line for line in lines if line][-4:][::-1]:
        dm, _ = _date_line(line, max_rest_words=3)
        if dm is not None:
            return dm
    return None


def _candidates(article: ParsedArticle) -> list[Candidate]:
    reasons: dict[str, list[str]] = {}
    names_by_key: dict[str, str] = {}
    # Stored codes, not wording: the admin shows them translated (Candidate.SeenAs).
    groups = (
        (article.authors, "byline"),
        (article.hosts, "interview host"),
        (article.guests, "interview guest"),
        ([t.speaker for t in article.turns], "speaker label"),
        (article.signatures, "signature"),
    )
    for names, reason in groups:
        for name in names:
            key = _key(name)
            if not key or key in _QA_LABELS:
                continue
            names_by_key.setdefault(key, name)
            if reason not in reasons.setdefault(key, []):
                reasons[key].append(reason)
    return [
        Candidate(name, _kind_guess(name), ", ".join(reasons[key]))
        for key, name in names_by_key.items()
    ]


# --- parse ---------------------------------------------------------------------------------


def parse(text: str) -> ParsedArticle:
    """Split a cleaned text into metadata, body, interview turns and signatures."""
    article = ParsedArticle()
    meta, rest, article.warnings = _split_front_matter(_normalise_lines(text))
    lines = clean("\n".join(rest)).split("\n")

    header = _Header()
    if not meta.get("title"):
        header = _read_header(lines, _recurring_labels(lines))
        lines = [line for i, line in enumerate(lines) if i not in header.consumed]
    article.title = meta.get("title") or header.title
    article.source_url = meta.get("source") or header.source_url
    article.authors = _split_names(meta["authors"]) if meta.get("authors") else header.authors
    article.publication, article.publication_issue = header.publication, header.issue
    if meta.get("publication"):
        article.publication, article.publication_issue = _publication(meta["publication"]) or (
            meta["publication"],
            "",
        )

    if "source" not in meta and not article.source_url:
        tail = [line for line in lines if line][-3:]
        for line in tail:
            m = _SOURCE_LINE.match(line)
            if m:
                article.source_url = m["url"]
                lines = [x for x in lines if x != line]
                break

    paragraphs = _paragraphs(lines)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 2
    article.body = "\n\n".join(paragraphs)

    date_match = parse_date(meta["date"]) if meta.get("date") else header.date_match
    if date_match is None and not meta.get("date"):
        date_match = _ending_date(lines)
    if date_match is not None:
        article.date_text = date_match.text
        article.published_on = date_match.date
        article.date_error = date_match.error
    if article.date_error:
        article.warnings.append(IMPOSSIBLE_DATE)
    elif article.published_on is None:
        article.warnings.append(NO_DATE_FOUND)
    article.needs_review = article.published_on is None
    if not article.title:
        article.warnings.append(NO_TITLE_FOUND)

    kind = _KINDS.get(meta.get("kind", "").strip().lower(), "")
    intro = [article.title, *paragraphs[:3]]
    guest_names = _interview_names(intro)
    host_names = header.hosts or _host_names(intro)
    if kind != "article":
        article.turns = _find_turns(
            paragraphs, starts, guest_names + host_names, forced=kind == "interview"
        )
    article.kind = kind or ("interview" if article.turns else "article")
    if article.turns:
        article.hosts, article.guests = _roles(
            article.turns, guest_names, host_names, article.warnings
        )
    elif article.kind == "interview":
        article.hosts, article.guests = host_names, guest_names
    article.signatures = _find_signatures(lines)
    article.candidates = _candidates(article)
    return article
