"""Ways to cite an article: a plain-text reference and a BibTeX entry."""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from archive.text.jalali import format_jalali, to_persian_digits
from archive.text.letters import normalize

_URI_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")


@dataclass(frozen=True)
class CitedWork:
    title: str
    url: str
    key: str
    authors: list[str] = field(default_factory=list)
    publication: str = ""
    issue: str = ""
    published_on: datetime.date | None = None
    date_text: str = ""
    accessed_on: datetime.date | None = None


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
    """Return the reference's parts (authors, title, publication, issue, date), in order.

    Pages show each part bidi-isolated, so Persian parts keep their order in English text.
    """
    parts = []
    if work.authors:
        joiner = " و " if lang == "fa" else " and "
        parts.append(joiner.join(work.authors))
    parts.append(f"«{work.title}»" if lang == "fa" else f"“{work.title}”")
    if work.publication:
        parts.append(work.publication)
    if work.issue:
        parts.append(work.issue)
    date = _date_part(work, lang)
    if date:
        parts.append(date)
    return parts


def plain_text(work: CitedWork, *, lang: str = "fa") -> str:
    """Return a one-line reference in the reader's language, ending with the URL."""
    reference = separator(lang).join(reference_parts(work, lang=lang))
    return f"{reference}. {work.url}"


def _to_uri(url: str) -> str:
    """Percent-encode non-ASCII characters: BibTeX tools expect plain ASCII URLs."""
    return quote(url, safe=_URI_SAFE)


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def _issue_number(issue: str) -> str:
    """Return the issue's number in ASCII digits ("شماره ۱۲" → "12"), or the text as written."""
    digits = re.findall(r"\d+", issue)
    if len(digits) == 1:
        return str(int(digits[0]))
    return issue


def bibtex(work: CitedWork) -> str:
    """Return a BibTeX @article entry; Persian text stays as UTF-8 (biblatex reads it)."""
    fields: list[tuple[str, str]] = [("title", work.title)]
    # A publication credited as its own author is not a person: BibTeX gets it once, as journal.
    authors = [a for a in work.authors if normalize(a) != normalize(work.publication)]
    if authors:
        fields.append(("author", " and ".join(authors)))
    if work.publication:
        fields.append(("journal", work.publication))
    if work.issue:
        fields.append(("number", _issue_number(work.issue)))
    if work.published_on is not None:
        fields.append(("year", str(work.published_on.year)))
        fields.append(("date", work.published_on.isoformat()))
        fields.append(("note", f"{format_jalali(work.published_on, lang='fa')} هجری شمسی"))
    elif work.date_text:
        fields.append(("note", work.date_text))
    fields.append(("url", _to_uri(work.url)))
    if work.accessed_on is not None:
        fields.append(("urldate", work.accessed_on.isoformat()))
    fields.append(("langid", "persian"))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}}"
        for name, value in fields
    )
    return f"@article{{{work.key},\n{body}\n}}"
