"""Telegram Desktop exports of a channel: result.json, or the HTML pages messages*.html.

Each post with text becomes a piece: its text rebuilt from the entities with the addresses of
links kept, its date (date_unixtime, as the day it was in Tehran, like the archive's
TIME_ZONE), the channel as publication, the channel it was
forwarded from, and a permalink when the channel is public. Service messages (pins, joins,
title changes) and posts with nothing but media are skipped and counted.

The JSON export names a channel's type but not its username: a public channel's username is
read from the export when a tool wrote it there ("username"), or else from the signature
nearly every post of such a channel ends with (a link or mention of the channel itself).
"""

import json
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive.importer.formats import Extraction, Piece, unreadable

JSON_TYPE = "application/json"
HTML_TYPE = "text/html"
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_SELF_LINK = re.compile(r"(?:https?://)?(?:t\.me|telegram\.me)/([A-Za-z][A-Za-z0-9_]{3,31})/?$")
_MENTION = re.compile(r"^@([A-Za-z][A-Za-z0-9_]{3,31})$")
_SIGNATURE_SHARE = 0.5  # of the posts with text that end with the same channel link
try:
    # A post at half past midnight in Tehran is dated that day, not the day before in UTC.
    POST_TIME_ZONE = ZoneInfo("Asia/Tehran")
except ZoneInfoNotFoundError:  # no time zone data on this machine: Iran's standard offset
    POST_TIME_ZONE = timezone(timedelta(hours=3, minutes=30))


def is_json_export(name: str, data: bytes) -> bool:
    """A .json file is read as an export (and refused if it is none); so is JSON named otherwise
    that starts like one."""
    if name.lower().endswith(".json"):
        return True
    head = data[: 1 << 16].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"messages"' in head


def _entity_text(entity: dict) -> str:
    text = str(entity.get("text", ""))
    href = entity.get("href")
    if entity.get("type") == "text_link" and href and href != text:
        return f"{text} ({href})"
    return text


def post_text(message: dict) -> str:
    """The post's text, from text_entities (or the older mixed `text` list)."""
    entities = message.get("text_entities")
    if entities is None:
        raw = message.get("text", "")
        entities = [
            part if isinstance(part, dict) else {"type": "plain", "text": part}
            for part in (raw if isinstance(raw, list) else [raw])
        ]
    return "".join(_entity_text(e) for e in entities if isinstance(e, dict)).strip()


def _links(message: dict) -> list[str]:
    """The usernames a post links to or mentions (its signature is among them)."""
    found = []
    for entity in message.get("text_entities") or []:
        if not isinstance(entity, dict):
            continue
        for value in (entity.get("href"), entity.get("text")):
            m = _SELF_LINK.match(str(value or "").strip()) or _MENTION.match(
                str(value or "").strip()
            )
            if m:
                found.append(m[1])
                break
    return found


def channel_username(export: dict, posts: list[dict]) -> str:
    """The public channel's username, or "" when the channel is private or it cannot tell."""
    given = str(export.get("username") or "").lstrip("@")
    if _USERNAME.match(given):
        return given
    if not str(export.get("type", "")).startswith("public") or not posts:
        return ""
    signatures = Counter(name.lower() for post in posts for name in set(_links(post)[-1:]))
    if not signatures:
        return ""
    name, count = signatures.most_common(1)[0]
    if count < len(posts) * _SIGNATURE_SHARE:
        return ""
    for post in posts:  # the spelling the channel itself uses
        for linked in _links(post):
            if linked.lower() == name:
                return linked
    return name


def _post_date(message: dict) -> str:
    stamp = message.get("date_unixtime")
    if stamp is not None:
        try:
            return datetime.fromtimestamp(int(stamp), tz=POST_TIME_ZONE).date().isoformat()
        except (TypeError, ValueError, OverflowError, OSError):
            pass
    return str(message.get("date", ""))[:10]


def permalink(username: str, post_id: object) -> str:
    return f"https://t.me/{username}/{post_id}" if username and post_id not in (None, "") else ""


def _piece(
    *, text: str, date: str, channel: str, channel_id: str, post_id: str, url: str, forwarded: str
) -> Piece:
    fixed = {"publication": channel, "date": date}
    if url:
        fixed["source_url"] = url
    origin = {"channel": channel, "channel_id": channel_id, "post_id": post_id, "url": url}
    if forwarded:
        origin["forwarded_from"] = forwarded
    return Piece(text=text, fixed=fixed, origin=origin)


def _channel(export: dict) -> tuple[list[Piece], int]:
    """The pieces of one chat's export, and how many of its messages were skipped."""
    messages = [m for m in export["messages"] if isinstance(m, dict)]
    posts = [m for m in messages if m.get("type") == "message" and post_text(m)]
    channel = str(export.get("name") or "").strip()
    channel_id = str(export.get("id") or channel)
    username = channel_username(export, posts)
    pieces = []
    for post in posts:
        piece = _piece(
            text=post_text(post),
            date=_post_date(post),
            channel=channel,
            channel_id=channel_id,
            post_id=str(post.get("id", "")),
            url=permalink(username, post.get("id")),
            forwarded=str(post.get("forwarded_from") or "").strip(),
        )
        # A channel that signs its posts names each post's admin: the byline, if the text has none.
        if str(post.get("author") or "").strip():
            piece.evidence["authors"] = str(post["author"]).strip()
        pieces.append(piece)
    return pieces, len(messages) - len(posts)


def _chats(export: dict) -> list[dict]:
    """The chats of an export: one chat's, or the channels of a whole account's export."""
    if isinstance(export.get("messages"), list):
        return [export]
    listed = (
        (export.get("chats") or {}).get("list") if isinstance(export.get("chats"), dict) else None
    )
    return [
        chat
        for chat in listed or []
        if isinstance(chat, dict)
        and str(chat.get("type", "")).endswith("channel")
        and isinstance(chat.get("messages"), list)
    ]


def extract_json(data: bytes) -> Extraction:
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return unreadable(JSON_TYPE)
    chats = _chats(export) if isinstance(export, dict) else []
    if not chats:
        return unreadable(JSON_TYPE)
    extraction = Extraction(content_type=JSON_TYPE)
    for chat in chats:
        pieces, skipped = _channel(chat)
        extraction.pieces += pieces
        extraction.skipped += skipped
    return extraction


# --- the HTML export ---------------------------------------------------------------------------

_HTML_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_MESSAGE_ID = re.compile(r"^message(-?\d+)$")


def is_html_export(data: bytes) -> bool:
    head = data[: 1 << 16]
    return b'class="page_header"' in head and b'class="message' in head


def _text_of(element) -> str:
    """An HTML post's text: line breaks kept, a link's address after its words."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for link in element.iter("a"):
        href = link.get("href") or ""
        words = link.text_content().strip()
        if href.startswith(("http://", "https://")) and href != words:
            link.tail = f" ({href})" + (link.tail or "")
    return element.text_content().strip()


def _first(element, xpath: str):
    found = element.xpath(xpath)
    return found[0] if found else None


_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"


def _child(element, cls: str):
    return _first(element, f"./*[{_HAS_CLASS.format(cls)}]")


def extract_html(data: bytes) -> Extraction:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return unreadable(HTML_TYPE)
    header = _first(
        root, f"//*[{_HAS_CLASS.format('page_header')}]//*[{_HAS_CLASS.format('text')}]"
    )
    channel = header.text_content().strip() if header is not None else ""
    pieces, skipped = [], 0
    for message in root.xpath(f"//*[{_HAS_CLASS.format('message')}]"):
        classes = (message.get("class") or "").split()
        body = _child(message, "body")
        if "service" in classes or body is None:
            skipped += 1
            continue
        forwarded = _child(body, "forwarded")
        text_element = _child(forwarded if forwarded is not None else body, "text")
        text = _text_of(text_element) if text_element is not None else ""
        if not text:
            skipped += 1
            continue
        date_element = _child(body, "date")
        m = _HTML_DATE.search(date_element.get("title", "")) if date_element is not None else None
        forwarded_name = ""
        if forwarded is not None:
            name = _child(forwarded, "from_name")
            if name is not None:
                for details in name.xpath(".//*[@class='details']"):
                    details.drop_tree()
                forwarded_name = name.text_content().strip()
        post_id = _MESSAGE_ID.match(message.get("id") or "")
        pieces.append(
            _piece(
                text=text,
                date=f"{m[3]}-{m[2]}-{m[1]}" if m else "",
                channel=channel,
                channel_id=channel,
                post_id=post_id[1] if post_id else "",
                url="",
                forwarded=forwarded_name,
            )
        )
    return Extraction(content_type=HTML_TYPE, pieces=pieces, skipped=skipped)
