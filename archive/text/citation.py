"""Ways to cite an article: a plain-text reference, BibTeX, RIS and CSL-JSON.

Reference managers (Zotero, Mendeley, Pandoc's citeproc) add their own quotes around a title
and read digits as numbers, so what they get is the title without the quotes it was published
in and numbers in ASCII digits; people read the plain-text reference in the page's digits.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from archive.text.jalali import format_jalali, to_persian_digits
from archive.text.letters import normalize

_URI_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")
# Quote pairs a title may have been published in: «ما فقط دستمزد نمی‌خواهیم».
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "'": "'", "„": "“"}
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_INTERVIEWED_BY = {"fa": "گفت‌وگو از {names}", "en": "interviewed by {names}"}
_AND = {"fa": " و ", "en": " and "}
_SOLAR_HIJRI = "هجری شمسی"
_FSI, _PDI = "\u2068", "\u2069"
# RIS ends each line with CR LF (the format's own rule; Zotero accepts both).
_RIS_EOL = "\r\n"


@dataclass(frozen=True)
class CitedWork:
    """An article as a citation sees it: names already chosen and ordered by the caller."""

    title: str
    url: str
    key: str
    authors: list[str] = field(default_factory=list)
    # Organisations credited as authors: a name to keep whole, not "family, given".
    organisations: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    interviewees: list[str] = field(default_factory=list)
    publication: str = ""
    # Who publishes the publication (a union's newsletter): Highwire's citation_publisher.
    publisher: str = ""
    issue: str = ""
    published_on: datetime.date | None = None
    date_text: str = ""
    accessed_on: datetime.date | None = None
    language: str = "fa"
    interview: bool = False


def bare_title(title: str) -> str:
    """Return the title without the quotes it was published in, which citations add again."""
    title = title.strip()
    if len(title) > 2 and _QUOTE_PAIRS.get(title[0]) == title[-1]:
        inner = title[1:-1].strip()
        # «الف» و «ب» is two quotations, not one quoted title.
        if title[0] not in inner and title[-1] not in inner:
            return inner
    return title


def _not_the_publication(names: list[str], publication: str) -> list[str]:
    # A publication credited as its own author is not a person: it is cited once, as publication.
    folded = normalize(publication)
    return [name for name in names if normalize(name) != folded]


def creators(work: CitedWork) -> tuple[list[str], list[str]]:
    """Return who the work is by, as (people, organisations).

    An interview is by the people interviewed when the archive knows them (the interviewer is
    credited apart), otherwise by its authors.
    """
    if work.interviewees:
        return work.interviewees, []
    return (
        _not_the_publication(work.authors, work.publication),
        _not_the_publication(work.organisations, work.publication),
    )


def _date_part(work: CitedWork, lang: str) -> str:
    if work.published_on is None:
        return work.date_text
    jalali = format_jalali(work.published_on, lang=lang)
    gregorian = work.published_on.isoformat()
    if lang == "fa":
        gregorian = to_persian_digits(gregorian)
    return f"{jalali} ({gregorian})"


def separator(lang: str) -> str:
    return "، " if lang == "fa" else ", "


def reference_parts(work: CitedWork, *, lang: str = "fa") -> list[str]:
    """Return the reference's parts (authors, interviewer, title, publication, issue, date).

    Pages show each part bidi-isolated, so Persian parts keep their order in English text.
    """
    parts = []
    people, organisations = creators(work)
    if people or organisations:
        parts.append(_AND[lang].join(people + organisations))
    if work.interviewers:
        parts.append(_INTERVIEWED_BY[lang].format(names=_AND[lang].join(work.interviewers)))
    title = bare_title(work.title)
    parts.append(f"«{title}»" if lang == "fa" else f"“{title}”")
    if work.publication:
        parts.append(work.publication)
    if work.issue:
        parts.append(work.issue)
    date = _date_part(work, lang)
    if date:
        parts.append(date)
    return parts


def plain_text(work: CitedWork, *, lang: str = "fa", isolated: bool = False) -> str:
    """Return a one-line reference in the reader's language, ending with the URL.

    `isolated` wraps each part in Unicode isolates (FSI … PDI), as a page wraps it in <bdi>:
    pasted into a document of the other direction, Persian names keep their order.
    """
    parts = reference_parts(work, lang=lang)
    if isolated:
        parts = [f"{_FSI}{part}{_PDI}" for part in parts]
    return f"{separator(lang).join(parts)}. {work.url}"


def _to_uri(url: str) -> str:
    """Percent-encode non-ASCII characters: BibTeX tools expect plain ASCII URLs."""
    return quote(url, safe=_URI_SAFE)


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def issue_number(issue: str) -> str:
    """Return the issue's number in ASCII digits ("شماره ۱۲" → "12"), or the text as written."""
    ascii_issue = issue.translate(_ASCII_DIGITS)
    numbers = re.findall(r"[0-9]+", ascii_issue)
    if len(numbers) == 1:
        return str(int(numbers[0]))
    return ascii_issue


def _note(work: CitedWork) -> str:
    """Say in Persian what the fields cannot: the interviewer and the Jalali date."""
    notes = []
    if work.interviewers:
        notes.append(_INTERVIEWED_BY["fa"].format(names=_AND["fa"].join(work.interviewers)))
    if work.published_on is not None:
        notes.append(f"{format_jalali(work.published_on, lang='fa')} {_SOLAR_HIJRI}")
    elif work.date_text:
        notes.append(work.date_text)
    return "؛ ".join(notes)


def bibtex(work: CitedWork) -> str:
    """Return a BibTeX entry; Persian text stays as UTF-8 (biblatex reads it)."""
    people, organisations = creators(work)
    fields: list[tuple[str, str]] = [("title", _bibtex_escape(bare_title(work.title)))]
    # An organisation's name in braces: BibTeX would read its last word as a family name.
    names = [_bibtex_escape(n) for n in people] + [
        f"{{{_bibtex_escape(n)}}}" for n in organisations
    ]
    if names:
        fields.append(("author", " and ".join(names)))
    if work.publication:
        fields.append(("journal", _bibtex_escape(work.publication)))
    if work.issue:
        fields.append(("number", _bibtex_escape(issue_number(work.issue))))
    if work.published_on is not None:
        fields.append(("year", str(work.published_on.year)))
        fields.append(("date", work.published_on.isoformat()))
    note = _note(work)
    if note:
        fields.append(("note", _bibtex_escape(note)))
    fields.append(("url", _to_uri(work.url)))
    if work.accessed_on is not None:
        fields.append(("urldate", work.accessed_on.isoformat()))
    fields.append(("langid", "persian" if work.language == "fa" else "english"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    entry_type = "article" if work.publication else "online"
    return f"@{entry_type}{{{work.key},\n{body}\n}}"


def ris(work: CitedWork) -> str:
    """Return an RIS record (the format EndNote, Zotero and Mendeley import)."""
    people, organisations = creators(work)
    lines = [("TY", "JOUR" if work.publication else "ELEC"), ("TI", bare_title(work.title))]
    lines += [("AU", name) for name in people + organisations]
    if work.publication:
        lines.append(("T2", work.publication))
    if work.issue:
        lines.append(("IS", issue_number(work.issue)))
    if work.published_on is not None:
        lines.append(("PY", str(work.published_on.year)))
        lines.append(("DA", work.published_on.strftime("%Y/%m/%d")))
    note = _note(work)
    if note:
        lines.append(("N1", note))
    lines.append(("UR", _to_uri(work.url)))
    if work.accessed_on is not None:
        lines.append(("Y2", work.accessed_on.strftime("%Y/%m/%d")))
    lines += [("LA", work.language), ("ER", "")]
    return _RIS_EOL.join(f"{tag}  - {value}".rstrip() for tag, value in lines) + _RIS_EOL


def _csl_names(names: list[str]) -> list[dict]:
    # Persian names have no reliable family/given split: each is one literal name.
    return [{"literal": name} for name in names]


def _csl_type(work: CitedWork) -> str:
    if work.interview:
        return "interview"
    return "article-journal" if work.publication else "webpage"


def csl_json(work: CitedWork) -> list[dict]:
    """Return the work as CSL-JSON (a list of one item), the input of citeproc and Zotero."""
    people, organisations = creators(work)
    item: dict = {
        "id": work.key,
        "type": _csl_type(work),
        "title": bare_title(work.title),
        "URL": _to_uri(work.url),
        "language": work.language,
    }
    if people or organisations:
        item["author"] = _csl_names(people + organisations)
    if work.interviewers:
        item["interviewer"] = _csl_names(work.interviewers)
    if work.publication:
        item["container-title"] = work.publication
    if work.issue:
        item["issue"] = issue_number(work.issue)
    if work.published_on is not None:
        day = work.published_on
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
        item["note"] = f"{format_jalali(day, lang='fa')} {_SOLAR_HIJRI}"
    elif work.date_text:
        item["issued"] = {"literal": work.date_text}
    if work.accessed_on is not None:
        day = work.accessed_on
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    return [item]


def highwire(work: CitedWork) -> list[tuple[str, str]]:
    """Return the Highwire Press `citation_*` meta tags (name, content) Zotero reads from a page."""
    people, organisations = creators(work)
    tags = [("citation_title", bare_title(work.title))]
    tags += [("citation_author", name) for name in people + organisations]
    if work.published_on is not None:
        tags.append(("citation_date", work.published_on.strftime("%Y/%m/%d")))
        tags.append(("citation_publication_date", work.published_on.strftime("%Y/%m/%d")))
    if work.publication:
        tags.append(("citation_journal_title", work.publication))
    if work.publisher:
        tags.append(("citation_publisher", work.publisher))
    if work.issue:
        tags.append(("citation_issue", issue_number(work.issue)))
    tags.append(("citation_language", work.language))
    tags.append(("citation_public_url", work.url))
    return tags
