"""Read one text for import: parse it, apply corrections, attribute turns, find mentions.

Plain Python, no Django: archive.importer.save writes what this returns, and a pool of worker
processes can run it for large imports (everything here is picklable; the matcher is built
per worker). The steps: archive.importer.decode, .chrome, .header, .parties, .dialogue.
"""

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date

from archive.importer.chrome import clean, name_on_top, normalise_lines
from archive.importer.decode import ImportRefused, decode
from archive.importer.dialogue import (
    ParsedTurn,
    Speakers,
    assign_roles,
    attribute_speakers,
    ending_date,
    find_turns,
    name_line_hosts,
    publication_host,
    question_turns,
    quoted_guest,
    recurring_labels,
    speaker_label,
    spoken_names,
)
from archive.importer.header import (
    KINDS,
    Header,
    read_footer,
    read_header,
    read_outlet,
    read_publication,
    split_front_matter,
)
from archive.importer.notes import Code, Note, SeenAs, note
from archive.importer.parties import mentions_talk, read_parties, reported_parties
from archive.importer.phrases import (
    QA_LABELS,
    SOURCE_LINE,
    ends_sentence,
    find_date,
    guess_kind,
    key_of,
    split_names,
    words_of,
)
from archive.importer.reasons import field_reasons, uncertain_notes
from archive.importer.signatures import read_signatures
from archive.text.jalali import parse_date
from archive.text.letters import fingerprint
from archive.text.names import EntityMatcher

_LIST_ITEM = re.compile(r"^(?:\w{1,2}[.)]\s|[-*•]\s)")


@dataclass(frozen=True)
class Candidate:
    name: str
    kind_guess: str  # "person" | "organisation"
    seen_as: tuple[SeenAs, ...]  # stored in Candidate.reason


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
    removed: list[str] = field(default_factory=list)  # lines of the text left out of the body
    warnings: list[Note] = field(default_factory=list)
    # field name -> why it holds its value (archive.importer.reasons)
    reasons: dict[str, Note] = field(default_factory=dict)


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
    if ends_sentence(line) or len(words_of(line)) < 10:
        return False
    return following[0].isalpha() and not (_LIST_ITEM.match(following) or speaker_label(following))


_CONVERSATION = (SeenAs.HOST, SeenAs.GUEST, SeenAs.SPEAKER)


def _short_form(short: str, full: str) -> bool:
    """Tell whether `short` is `full` with words left out («سندیکای کارگران واحد»)."""
    words, in_full = [key_of(w) for w in words_of(short)], [key_of(w) for w in words_of(full)]
    if not 2 <= len(words) < len(in_full) or words[0] != in_full[0]:
        return False
    rest = iter(in_full)
    return all(word in rest for word in words)


def _candidates(article: ParsedArticle) -> list[Candidate]:
    reasons: dict[str, list[SeenAs]] = {}
    names_by_key: dict[str, str] = {}
    groups = (
        (article.authors, SeenAs.BYLINE),
        (article.hosts, SeenAs.HOST),
        (article.guests, SeenAs.GUEST),
        (spoken_names(article.turns, article.hosts, article.guests), SeenAs.SPEAKER),
        (article.signatures, SeenAs.SIGNATURE),
    )
    for names, reason in groups:
        for name in names:
            key = key_of(name)
            if not key or key in QA_LABELS:
                continue
            # A label or a one-word name («محمود», «انجمن») is no one by itself.
            if reason in _CONVERSATION and len(words_of(name)) < 2:
                continue
            names_by_key.setdefault(key, name)
            if reason not in reasons.setdefault(key, []):
                reasons[key].append(reason)
    return [
        Candidate(name, guess_kind(name), tuple(reasons[key])) for key, name in names_by_key.items()
    ]


def parse(text: str) -> ParsedArticle:
    """Split a cleaned text into metadata, body, interview turns and signatures."""
    article = ParsedArticle()
    meta, rest, article.warnings = split_front_matter(normalise_lines(text))
    lines = clean("\n".join(rest)).split("\n")

    header = Header()
    # The interview's heading may be any of the first lines, whichever the header takes as title.
    heading = [meta.get("title", ""), *[line for line in lines if line][:8]]
    if not meta.get("title"):
        header = read_header(lines, recurring_labels(lines), top=name_on_top("\n".join(rest)))
        lines = [line for i, line in enumerate(lines) if i not in header.consumed]
        header.consumed = set()
        read_outlet(lines, header)
        lines = [line for i, line in enumerate(lines) if i not in header.consumed]
    footer = read_footer(lines)
    lines = [line for i, line in enumerate(lines) if i not in footer.consumed]
    article.title = meta.get("title") or header.title
    article.source_url = meta.get("source") or header.source_url or footer.source_url
    article.authors = split_names(meta["authors"]) if meta.get("authors") else header.authors
    article.authors = article.authors or footer.authors
    article.publication, article.publication_issue = header.publication, header.issue
    if not article.publication:
        article.publication, article.publication_issue = footer.publication, footer.issue
    if meta.get("publication"):
        article.publication, article.publication_issue = read_publication(meta["publication"]) or (
            meta["publication"],
            "",
        )

    if "source" not in meta and not article.source_url:
        tail = [line for line in lines if line][-3:]
        for line in tail:
            m = SOURCE_LINE.match(line)
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
    article.removed = _removed(rest, article.body, article.title)

    date_match = parse_date(meta["date"]) if meta.get("date") else header.date_match
    if date_match is None and not meta.get("date"):
        date_match = footer.date_match or ending_date(lines)
    if date_match is None and not meta.get("date"):
        date_match = _body_date(paragraphs)
        if date_match is not None and not date_match.error:
            article.warnings.append(note(Code.DATE_FROM_BODY, date=date_match.text))
    if date_match is not None:
        article.date_text = date_match.text
        article.published_on = date_match.date
        article.date_error = date_match.error
    _note_date(article)
    if not article.title:
        article.warnings.append(note(Code.NO_TITLE))

    kind = KINDS.get(meta.get("kind", "").strip().lower(), "")
    if kind != "article":
        announced = _read_interview(article, heading, paragraphs, starts, header, kind)
        interview = article.turns or article.guests or announced
        kind = kind or ("interview" if interview else "article")
    article.kind = kind
    article.signatures = read_signatures(lines)
    # «سندیکای کارگران واحد» in the header, the full name signing at the end: one signatory.
    article.authors = [
        name
        for name in article.authors
        if not any(_short_form(name, full) for full in article.signatures)
    ]
    article.candidates = _candidates(article)
    article.warnings += uncertain_notes(meta, header, article.date_text)
    article.reasons = field_reasons(
        meta,
        header,
        title=article.title,
        date_text=article.date_text,
        publication=article.publication,
        issue=article.publication_issue,
        authors=article.authors,
        turns=len(article.turns),
    )
    return article


def _read_interview(
    article: ParsedArticle,
    heading: list[str],
    paragraphs: list[str],
    starts: list[int],
    header: Header,
    kind: str,
) -> bool:
    """Find the turns, hosts and guests of a text that may be an interview.

    True when its heading announces an interview, though it may name no one.
    """
    parties = read_parties(heading, paragraphs[:4])
    talk = mentions_talk(heading + paragraphs[:4])
    hosts, guests = header.hosts or parties.hosts, parties.guests
    if not guests and talk:
        guests = quoted_guest([article.title, *heading[:3]])
    hosts = hosts or publication_host(paragraphs, article.publication)
    if not hosts and (guests or parties.announced):
        # Who signs an interview asked its questions, unless a name line says otherwise.
        hosts = name_line_hosts(paragraphs[:4], guests) or [
            a for a in article.authors if len(article.authors) == 1 and a not in guests
        ]
    article.turns = find_turns(paragraphs, starts, guests + hosts, forced=kind == "interview")
    if (article.turns or parties.announced) and not guests:
        said = reported_parties(paragraphs[:4])
        hosts, guests = hosts or said.hosts, said.guests
    if article.turns:
        article.hosts, article.guests = assign_roles(article.turns, guests, hosts, article.warnings)
        return parties.announced
    if guests or talk:
        article.turns = question_turns(paragraphs, starts, hosts, guests)
    if article.turns or guests or parties.announced or kind == "interview":
        article.hosts, article.guests = hosts, guests
    return parties.announced


_DATE_CODES = (Code.NO_DATE, Code.IMPOSSIBLE_DATE)


def _removed(original: list[str], body: str, title: str) -> list[str]:
    """The lines of the text that are neither in the body nor the title, in their order."""
    kept = {line.strip() for line in body.split("\n")} | {title.strip()}
    return [line for line in (x.strip() for x in original) if line and line not in kept]


_DATE_CODES = (Code.NO_DATE, Code.IMPOSSIBLE_DATE, Code.DATE_FROM_BODY)
_BODY_DATE_PARAGRAPHS = 2


# A date after these words says when something began or ended, not when the text appeared
# («از روز شنبه ۲۹ خرداد ۱۴۰۰ دست از کار کشیده‌اند»).
_SPAN_WORDS = re.compile(r"(?:^|\s)(?:از|تا|since|until)(?:\s+روز)?\s*$")
_WEEKDAY_BEFORE = re.compile(r"(?:یک|دو|سه|چهار|پنج)?\s*(?:‌)?شنبه\s*،?\s*$|جمعه\s*،?\s*$")


def _body_date(paragraphs: list[str]):
    """A full date in the opening paragraphs («امروز، دوشنبه ۵ اردیبهشت …»), for review."""
    for paragraph in paragraphs[:_BODY_DATE_PARAGRAPHS]:
        found, text = find_date(paragraph)
        if found is None or found.error:
            continue
        before = text[: found.start]
        weekday = _WEEKDAY_BEFORE.search(before)
        if _SPAN_WORDS.search(before[: weekday.start()] if weekday else before):
            continue
        return found
    return None


def _note_date(article: ParsedArticle) -> None:
    """Flag an article whose date is missing or impossible."""
    if article.date_error:
        article.warnings.append(note(Code.IMPOSSIBLE_DATE, date=article.date_text))
    elif article.published_on is None:
        article.warnings.append(note(Code.NO_DATE))
    article.needs_review = article.published_on is None


@dataclass(frozen=True)
class Overrides:
    """Corrections an editor made in the preview; None leaves the parser's reading."""

    title: str | None = None
    date: str | None = None  # as written, Jalali or Gregorian; "" means no date
    publication: str | None = None
    publication_issue: str | None = None
    authors: list[str] | None = None
    source_url: str | None = None
    kind: str | None = None  # "article" or "interview"
    speakers: Mapping[str, str] | None = None  # turn label -> the name of who speaks it
    turns: list[tuple[str, str]] | None = None  # (label, text), in the order spoken
    mentions: list[str] | None = None  # the known names to link, instead of those found

    @classmethod
    def from_dict(cls, data: Mapping | None) -> "Overrides":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


def apply_overrides(parsed: ParsedArticle, overrides: Mapping | None) -> ParsedArticle:
    """Apply an editor's corrections to a parsed article (in place) and return it."""
    fix = Overrides.from_dict(overrides)
    _note_corrections(parsed, fix)
    if fix.title is not None:
        parsed.title = fix.title.strip()
    if fix.publication is not None:
        parsed.publication = fix.publication.strip()
    if fix.publication_issue is not None:
        parsed.publication_issue = fix.publication_issue.strip()
    if fix.authors is not None:
        parsed.authors = [a.strip() for a in fix.authors if a.strip()]
    if fix.source_url is not None:
        parsed.source_url = fix.source_url.strip()
    if fix.turns is not None:
        parsed.turns = [
            ParsedTurn(position, label.strip(), text.strip(), 0)
            for position, (label, text) in enumerate(fix.turns, start=1)
        ]
    if fix.kind is not None:
        parsed.kind = fix.kind
    if parsed.kind != "interview":
        # An article has no conversation: no turns, hosts or guests are saved for it.
        parsed.turns, parsed.hosts, parsed.guests = [], [], []
    if fix.date is not None:
        parsed.warnings = [w for w in parsed.warnings if w.code not in _DATE_CODES]
        match = parse_date(fix.date) if fix.date.strip() else None
        parsed.published_on = match.date if match else None
        parsed.date_text = match.text if match else ""
        parsed.date_error = match.error if match else None
        _note_date(parsed)
    return parsed


def apply_evidence(parsed: ParsedArticle, evidence: Mapping[str, str] | None) -> ParsedArticle:
    """Fill what the text's own header left empty from what its file says (a page's meta tags)."""
    if not evidence:
        return parsed
    filled = {
        key: value
        for key, value in evidence.items()
        if value
        and (
            (key == "title" and not parsed.title)
            or (key == "date" and parsed.published_on is None and not parsed.date_error)
            or (key == "publication" and not parsed.publication)
            or (key == "source_url" and not parsed.source_url)
        )
    }
    if not parsed.authors and evidence.get("authors"):
        parsed.authors = split_names(evidence["authors"])
    if filled.get("title"):
        parsed.warnings = [w for w in parsed.warnings if w.code is not Code.NO_TITLE]
    return apply_overrides(parsed, filled)


def _note_corrections(parsed: ParsedArticle, fix: Overrides) -> None:
    """Give the fields the editor changed their reason: the editor's word."""
    given = {
        "title": (fix.title, parsed.title),
        "date": (fix.date, parsed.date_text),
        "publication": (fix.publication, parsed.publication),
        "publication_issue": (fix.publication_issue, parsed.publication_issue),
    }
    for name, (value, read) in given.items():
        if value is not None and value.strip() != read:
            parsed.reasons[name] = note(Code.WHY_CORRECTED)
    if fix.authors is not None and [a.strip() for a in fix.authors if a.strip()] != parsed.authors:
        parsed.reasons["authors"] = note(Code.WHY_CORRECTED)


def fallback_title(body: str) -> str:
    """Title an untitled text by the first words of its first line."""
    first = next((line for line in body.splitlines() if line.strip()), "")
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


@dataclass
class Reading:
    """A text read for import, or the reason it was refused."""

    error: Note | None = None
    parsed: ParsedArticle | None = None
    content_hash: str = ""
    speakers: Speakers | None = None
    mentions: dict[Hashable, int] | None = None  # matcher keys, when a matcher was given
    warnings: list[Note] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.parsed is None:
            return ""
        return self.parsed.title or fallback_title(self.parsed.body)


def read_text(
    text: str,
    *,
    overrides: Mapping | None = None,
    matcher: EntityMatcher | None = None,
    evidence: Mapping[str, str] | None = None,
) -> Reading:
    """Parse a text, apply corrections, attribute its turns and (with a matcher) find mentions.

    `evidence` fills what the text's header does not say; `overrides` replace what it says.
    """
    try:
        parsed = apply_overrides(apply_evidence(parse(text), evidence), overrides)
    except ImportRefused as refused:
        return Reading(error=refused.note)
    if not parsed.body.strip():
        return Reading(error=note(Code.EMPTY_FILE))
    fix = Overrides.from_dict(overrides)
    speakers = attribute_speakers(parsed.turns, parsed.hosts, parsed.guests)
    speakers = _named(speakers, [t.speaker for t in parsed.turns], fix.speakers)
    warnings = list(parsed.warnings)
    if speakers.by_label is None:
        warnings.append(note(Code.QA_SPEAKERS_UNKNOWN))
    if not parsed.title:
        warnings.append(note(Code.UNTITLED))
    return Reading(
        parsed=parsed,
        content_hash=fingerprint(parsed.body),
        speakers=speakers,
        mentions=_mentions(parsed, matcher, fix.mentions),
        warnings=list(dict.fromkeys(warnings)),
    )


def _named(speakers: Speakers, labels: list[str], names: Mapping[str, str] | None) -> Speakers:
    """Who speaks each label, as the editor named them; unnamed labels keep the parser's name.

    Turns the parser could not attribute (question/answer with several guests) become
    attributable once the editor has named the speaker of every label.
    """
    named = {label: name.strip() for label, name in (names or {}).items() if name.strip()}
    named = {label: name for label, name in named.items() if label in labels}
    if not named or (speakers.by_label is None and not set(labels) <= set(named)):
        return speakers
    return Speakers({**(speakers.by_label or {}), **named}, speakers.hosts, speakers.guests)


def _mentions(
    parsed: ParsedArticle, matcher: EntityMatcher | None, names: list[str] | None
) -> dict[Hashable, int] | None:
    """The entities the text names, or those the editor listed (each read by the matcher)."""
    if matcher is None:
        return None
    if names is None:
        return matcher.find(f"{parsed.title}\n\n{parsed.body}")
    return {key: count for name in names for key, count in matcher.find(name).items()}


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
        return Reading(error=refused.note)
    return read_text(text, overrides=overrides, matcher=matcher)


# --- worker processes ------------------------------------------------------------------------

_worker_matcher: EntityMatcher | None = None


def init_worker(names: Mapping[Hashable, list[str]]) -> None:
    """Build the worker's own matcher once (matchers are rebuilt, never pickled)."""
    global _worker_matcher
    _worker_matcher = EntityMatcher(names)


def worker_matcher() -> EntityMatcher | None:
    """The matcher `init_worker` built in this worker process."""
    return _worker_matcher
