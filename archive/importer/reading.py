"""Read one text for import: decode, parse, apply corrections, attribute turns, find mentions.

Plain Python, no Django: the importer saves what this returns, and a pool of worker processes
can run it for large imports (everything here is picklable; the matcher is built per worker).
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from archive.importer.parsing import (
    EMPTY_FILE,
    NO_DATE_FOUND,
    ImportRefused,
    ParsedArticle,
    decode,
    parse,
)
from archive.text.jalali import IMPOSSIBLE_DATE, parse_date
from archive.text.names import EntityMatcher
from archive.text.persian import fingerprint, normalize

# Review notes as stable codes, shown translated by archive.importer.messages (see
# archive.importer.parsing).
QA_SPEAKERS_UNKNOWN = "گویندگان پرسش و پاسخ مشخص نشد؛ متن کامل ذخیره شد ولی نوبت‌های گفتگو جدا نشد."
UNTITLED = "عنوان از آغاز متن برداشته شد و باید بازبینی شود."

# Question/answer labels stand for the interviewer and the interviewee, not for people.
_QUESTION_LABELS = frozenset(normalize(w) for w in ["س", "سوال", "سؤال", "پرسش", "q", "question"])
_ANSWER_LABELS = frozenset(normalize(w) for w in ["ج", "جواب", "پاسخ", "a", "answer"])


def is_role_label(label: str) -> bool:
    """Tell whether a turn label is "question"/"answer" rather than a name."""
    key = normalize(label)
    return key in _QUESTION_LABELS or key in _ANSWER_LABELS


@dataclass(frozen=True)
class Overrides:
    """Corrections an editor made in the preview; None leaves the parser's reading."""

    title: str | None = None
    date: str | None = None  # as written, Jalali or Gregorian; "" means no date
    publication: str | None = None
    publication_issue: str | None = None
    authors: list[str] | None = None

    @classmethod
    def from_dict(cls, data: Mapping | None) -> "Overrides":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


def apply_overrides(parsed: ParsedArticle, overrides: Mapping | None) -> ParsedArticle:
    """Apply an editor's corrections to a parsed article (in place) and return it."""
    fix = Overrides.from_dict(overrides)
    if fix.title is not None:
        parsed.title = fix.title.strip()
    if fix.publication is not None:
        parsed.publication = fix.publication.strip()
    if fix.publication_issue is not None:
        parsed.publication_issue = fix.publication_issue.strip()
    if fix.authors is not None:
        parsed.authors = [a.strip() for a in fix.authors if a.strip()]
    if fix.date is not None:
        parsed.warnings = [w for w in parsed.warnings if w not in (NO_DATE_FOUND, IMPOSSIBLE_DATE)]
        match = parse_date(fix.date) if fix.date.strip() else None
        parsed.published_on = match.date if match else None
        parsed.date_text = match.text if match else ""
        parsed.date_error = match.error if match else None
        if parsed.date_error:
            parsed.warnings.append(IMPOSSIBLE_DATE)
        elif parsed.published_on is None:
            parsed.warnings.append(NO_DATE_FOUND)
        parsed.needs_review = parsed.published_on is None
    return parsed


def fallback_title(body: str) -> str:
    """Title an untitled text by the first words of its first line."""
    first = next((line for line in body.splitlines() if line.strip()), "")
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


@dataclass(frozen=True)
class Speakers:
    """Who speaks each label, as names; `by_label` is None when turns cannot be attributed."""

    by_label: dict[str, str] | None
    hosts: list[str]
    guests: list[str]


def attribute_speakers(parsed: ParsedArticle) -> Speakers:
    """Map each turn label to the name of who speaks it (Q/A labels to the host/guest)."""
    hosts, guests = list(parsed.hosts), list(parsed.guests)
    by_label: dict[str, str] = {}
    for label in dict.fromkeys(t.speaker for t in parsed.turns):
        key = normalize(label)
        if key in _QUESTION_LABELS or key in _ANSWER_LABELS:
            names = hosts if key in _QUESTION_LABELS else guests
            if len(names) != 1:
                return Speakers(None, hosts, guests)
            by_label[label] = names[0]
            continue
        words = set(key.split())
        # A short label ("دانشفر:") speaks for the one header name that contains it.
        fuller = [n for n in hosts + guests if words < set(normalize(n).split())]
        by_label[label] = fuller[0] if len(fuller) == 1 else label
    return Speakers(by_label, hosts, guests)


@dataclass
class Reading:
    """A text read for import, or the reason it was refused."""

    error: str | None = None
    parsed: ParsedArticle | None = None
    content_hash: str = ""
    speakers: Speakers | None = None
    mentions: dict[Hashable, int] | None = None  # matcher keys, when a matcher was given
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.parsed is None:
            return ""
        return self.parsed.title or fallback_title(self.parsed.body)


def read_text(
    text: str, *, overrides: Mapping | None = None, matcher: EntityMatcher | None = None
) -> Reading:
    """Parse a text, apply corrections, attribute its turns and (with a matcher) find mentions."""
    try:
        parsed = apply_overrides(parse(text), overrides)
    except ImportRefused as refused:
        return Reading(error=refused.message)
    if not parsed.body.strip():
        return Reading(error=EMPTY_FILE)
    speakers = attribute_speakers(parsed)
    warnings = list(parsed.warnings)
    if speakers.by_label is None:
        warnings.append(QA_SPEAKERS_UNKNOWN)
    if not parsed.title:
        warnings.append(UNTITLED)
    return Reading(
        parsed=parsed,
        content_hash=fingerprint(parsed.body),
        speakers=speakers,
        mentions=matcher.find(f"{parsed.title}\n\n{parsed.body}") if matcher else None,
        warnings=list(dict.fromkeys(warnings)),
    )


def read_bytes(
    data: bytes,
    *,
    overrides: Mapping | None = None,
    matcher: EntityMatcher | None = None,
) -> Reading:
    """Decode uploaded bytes and read the text (see `read_text`)."""
    try:
        text = decode(data)
    except ImportRefused as refused:
        return Reading(error=refused.message)
    return read_text(text, overrides=overrides, matcher=matcher)


# --- worker processes ------------------------------------------------------------------------

_worker_matcher: EntityMatcher | None = None


def init_worker(names: Mapping[Hashable, list[str]]) -> None:
    """Build the worker's own matcher once (matchers are rebuilt, never pickled)."""
    global _worker_matcher
    _worker_matcher = EntityMatcher(names)


def read_in_worker(data: bytes) -> Reading:
    return read_bytes(data, matcher=_worker_matcher)
