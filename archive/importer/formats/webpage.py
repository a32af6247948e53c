"""Saved web pages (.html, .htm, and .mhtml as browsers save them): the main text, and the
page's <title>, meta dates and og: tags as evidence for the article's header.

trafilatura finds the main text (comments left out); the reader then cleans chrome and reads
the header as for any text. The page title goes on top of the text unless the text already
begins with it, so the header reader finds the title where it looks for one.
"""

import email
import email.policy
import re

from archive.importer.decode import ImportRefused, decode
from archive.importer.formats import Extraction, Piece, refusal, unreadable
from archive.importer.notes import Code, note

HTML_TYPE = "text/html"
MHTML_TYPE = "multipart/related"
_HTML_PARTS = frozenset({"text/html", "application/xhtml+xml"})
# trafilatura drops characters that are not printable, ZWNJ among them: it travels through
# the extractor as a printable stand-in no Persian text uses.
_ZWNJ = "\u200c"
_ZWNJ_STAND_IN = "\u2e3b"
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publishdate",
    "sailthru.date",
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _meta(root) -> dict[str, str]:
    """The page's meta tags by lower-cased name or property, the first of each."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return found


def _date(root, meta: dict[str, str]) -> str:
    candidates = [meta.get(key, "") for key in _DATE_META]
    candidates += [t.get("datetime", "") for t in root.iter("time")][:1]
    for value in candidates:
        m = _ISO_DATE.search(value)
        if m:
            return m[0]
    return ""


def _canonical(root, meta: dict[str, str]) -> str:
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href", "").startswith(
            ("http://", "https://")
        ):
            return link.get("href")
    url = meta.get("og:url", "")
    return url if url.startswith(("http://", "https://")) else ""


def evidence_of(html: str) -> dict[str, str]:
    """What the page's head says about the article: title, date, publication, address."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    meta = _meta(root)
    title_tag = root.find(".//title")
    title = meta.get("og:title") or (
        title_tag.text_content().strip() if title_tag is not None else ""
    )
    found = {
        "title": title,
        "date": _date(root, meta),
        "publication": meta.get("og:site_name", ""),
        "source_url": _canonical(root, meta),
        "authors": meta.get("author", "") if not meta.get("author", "").startswith("http") else "",
    }
    return {key: value for key, value in found.items() if value}


def main_text(html: str) -> str:
    import trafilatura

    protected = _ZWNJ_STAND_IN not in html
    source = html.replace(_ZWNJ, _ZWNJ_STAND_IN) if protected else html
    text = trafilatura.extract(
        source, include_comments=False, include_tables=True, favor_recall=True
    )
    text = text or ""
    return text.replace(_ZWNJ_STAND_IN, _ZWNJ) if protected else text


def _with_title(text: str, title: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not title or first == title or title.startswith(first):
        return text
    return f"{title}\n\n{text}"


def extract_html(data: bytes, content_type: str = HTML_TYPE) -> Extraction:
    try:
        html = decode(data)
    except ImportRefused as refused:
        return refusal(refused.note, content_type)
    return _page(html, content_type)


def _page(html: str, content_type: str) -> Extraction:
    evidence = evidence_of(html)
    text = main_text(html).strip()
    if not text:
        return refusal(note(Code.NO_MAIN_TEXT), content_type)
    return Extraction(
        content_type=content_type,
        pieces=[Piece(text=_with_title(text, evidence.get("title", "")), evidence=evidence)],
    )


def extract_mhtml(data: bytes) -> Extraction:
    """A page saved as one MIME file: its first HTML part."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        part = next((p for p in message.walk() if p.get_content_type() in _HTML_PARTS), None)
        payload = part.get_payload(decode=True) if part is not None else None
    except (LookupError, ValueError, TypeError, AttributeError):
        payload = None
    if not payload:
        return unreadable(MHTML_TYPE)
    # Browsers seldom name the part's charset (the page's <meta> does): decoded as any text.
    return extract_html(payload, MHTML_TYPE)
