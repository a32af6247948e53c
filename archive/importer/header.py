"""Read an article's header: front matter, or title, byline, date, publication and address.

Plain Python, no Django.
"""

import re
from dataclasses import dataclass, field

from archive.importer.dialogue import label_ok, speaker_label
from archive.importer.notes import Code, Note, note
from archive.importer.phrases import (
    DIGIT,
    QA_LABELS,
    SENTENCE_END,
    SEPARATORS,
    SOURCE_LINE,
    date_line,
    ends_sentence,
    is_name_like,
    key_of,
    split_names,
    words_of,
)
from archive.text.jalali import DateMatch, parse_date
from archive.text.letters import normalize

# Who asks the questions: "گفتگو از X", "اجرا: X", "مجری: X".
_HOST_LINE = re.compile(
    r"^(?:(?:گفتگو|گفت\s*و\s*گو|مصاحبه)\s+از|(?:اجرا|مجری|میزبان|مصاحبه\s*\u200c?کننده)\s*[:：])"
    r"\s*(?P<names>[^.؛:!؟?]+?)\s*$"
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
# Organisations number their documents, not only periodicals their issues: «بیانیه شماره ۱»
# is the first statement of its signatories, not issue 1 of a publication named «بیانیه».
# The word alone only: «پیام کارگر» and «نامه مردم» are periodicals.
_NUMBERED_DOCUMENT = re.compile(
    r"^(?:بیانیه|اطلاعیه|اعلامیه|فراخوان|قطعنامه|نامه|گزارش|پیام)(?: (?:مشترک|پایانی))?$"
)

# The fields front matter can set, each with the keys that name it in English and Persian.
_FRONT_MATTER_FIELDS = {
    "title": ("title", "عنوان"),
    "date": ("date", "تاریخ"),
    "publication": ("publication", "نشریه"),
    "authors": ("authors", "author", "نویسندگان", "نویسنده"),
    "source": ("source", "منبع"),
    "kind": ("kind", "نوع"),
}
_FRONT_MATTER_KEYS = {key: name for name, keys in _FRONT_MATTER_FIELDS.items() for key in keys}
# The values of `kind:`, in English and Persian.
_KIND_WORDS = {"interview": ("interview", "گفتگو", "مصاحبه"), "article": ("article", "مقاله")}
KINDS = {word: kind for kind, words in _KIND_WORDS.items() for word in words}
_FENCE = re.compile(r"^\s*-{3,}\s*$")


def split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str], list[Note]]:
    """Split a leading `---` block of `key: value` lines off the text."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _FENCE.match(lines[first]):
        return {}, lines, []
    meta: dict[str, str] = {}
    warnings: list[Note] = []
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
            warnings.append(note(Code.UNKNOWN_FRONT_MATTER_KEY, key=key.strip()[:40]))
            continue
        meta[canonical] = value.strip()
    return {}, lines, []  # no closing fence: it was not front matter


@dataclass
class Header:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    date_match: DateMatch | None = None
    publication: str = ""
    issue: str = ""
    source_url: str = ""
    hosts: list[str] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indices of the lines read as header


def read_publication(line: str) -> tuple[str, str] | None:
    m = _PUBLICATION.match(line)
    if m:
        pub = _GENERIC_PUBLICATION.sub("", m["pub"].strip(SEPARATORS))
        if _NUMBERED_DOCUMENT.match(normalize(pub)):
            return None
        if not pub or is_name_like(pub, max_words=5):
            return pub, m["issue"]
    if _PUBLICATION_PREFIX.match(line) and len(words_of(line)) <= 5:
        return _GENERIC_PUBLICATION.sub("", line.strip()), ""
    return None


def _title_like(line: str) -> bool:
    if not 0 < len(words_of(line)) <= 25 or parse_date(line) is not None:
        return False
    return not (
        _byline_names(line)
        or _HOST_LINE.match(line)
        or SOURCE_LINE.match(line)
        or read_publication(line)
    )


def read_header(lines: list[str], turn_labels: set[str]) -> Header:
    """Read title, byline, date, publication and address from the top of the text.

    Lines that are none of these (a subtitle, an intro line) stay in the body, and reading
    goes on past them until the body proper starts: a long line, a sentence or a turn.
    """
    header = Header()
    seen = 0
    adjacent = False  # the line just above was a header line, with no blank between
    for index, line in enumerate(lines):
        if not line:
            adjacent = False
            continue
        seen += 1
        words = len(words_of(line))
        if seen > 8 or words > 25 or _is_turn(line, turn_labels):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _read_header_line(header, line, following, adjacent=adjacent):
            header.consumed.add(index)
            adjacent = True
            continue
        if line.rstrip().endswith(tuple(SENTENCE_END)) and words > 3:
            break  # a sentence: the body has begun
        adjacent = False
    return header


def _is_turn(line: str, turn_labels: set[str]) -> bool:
    label = speaker_label(line)
    if not label or not label_ok(label[0]):
        return False
    key = key_of(label[0])
    return key in turn_labels or key in QA_LABELS


def _read_header_line(header: Header, line: str, following: str, *, adjacent: bool) -> bool:
    """Take one header line into `header`; False when it is not a header line."""
    source = SOURCE_LINE.match(line)
    if source and not header.source_url:
        header.source_url = source["url"]
        return True
    if header.date_match is None:
        dm, rest = date_line(line, max_rest_words=8)
        if dm is not None:
            if rest and not (header.title or is_name_like(rest, max_words=8)):
                return _take_title(header, line, following)
            header.date_match = dm
            publication = read_publication(rest) if rest else None
            if publication and (DIGIT.search(rest) or _PUBLICATION_PREFIX.match(rest)):
                header.publication, header.issue = publication
            elif len(words_of(rest)) >= 2 and is_name_like(rest, max_words=8):
                # A lone word beside a date is usually a place ("تهران، ۱۴ اسفند").
                header.authors.extend(split_names(rest))
            return True
    host = _HOST_LINE.match(line)
    if host and not header.hosts:
        names = [n for n in split_names(host["names"]) if is_name_like(n)]
        if names:
            header.hosts.extend(names)
            return True
    names = _byline_names(line)
    if names and not header.authors:
        header.authors.extend(names)
        return True
    if header.title or _PUBLICATION_PREFIX.match(line):
        publication = read_publication(line)
        if publication and not header.publication:
            header.publication, header.issue = publication
            return True
    if not header.title:
        return _take_title(header, line, following)
    # "Title / Author / Date": a bare name right under another header line.
    if adjacent and not header.authors and is_name_like(line, max_words=6):
        header.authors.extend(split_names(line))
        return True
    return False


def _byline_names(line: str) -> list[str]:
    byline = _BYLINE_PREFIX.match(line)
    if not byline or len(words_of(line)) > 10:
        return []
    names = split_names(byline["names"])
    if names and all(is_name_like(n, max_words=6) for n in names):
        return names
    return []


def _take_title(header: Header, line: str, following: str) -> bool:
    words = len(words_of(line))
    if words > 25 or (words > 15 and ends_sentence(line)):
        return False
    # "Author / Title / Date" layout: a bare name right above a longer title line (a title
    # does not end in a full stop; a first sentence of the body does).
    if (
        not header.authors
        and is_name_like(line)
        and _title_like(following)
        and not ends_sentence(following)
        and len(words_of(following)) > words
    ):
        header.authors.extend(split_names(line))
        return True
    header.title = line
    return True
