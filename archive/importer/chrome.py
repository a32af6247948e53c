"""Strip a saved web page's chrome (menus, share buttons, footers) and normalise its whitespace.

Plain Python, no Django. What counts as chrome is data: chrome_rules.json beside this module.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from archive.importer.phrases import HAS_LETTER, SENTENCE_END
from archive.text.jalali import parse_date
from archive.text.letters import normalize

RULES_PATH = Path(__file__).with_name("chrome_rules.json")

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


def _line_key(folded: str) -> str:
    # Spaces go too: normalize() drops ZWNJs, so «اشتراک‌گذاری» and «اشتراک گذاری» must meet.
    return _SPACES.sub("", _PUNCT.sub("", folded))


# Chrome recognised by the shape of a line, on any site. Lines are matched after normalize():
# digits are Latin, letters folded, ZWNJs gone, lower case.
_NUMBER = r"[0-9][0-9.,٬]*"
_STRUCTURAL = re.compile(
    "|".join(
        (
            # A count on its own: «255», «4.1k», «👁 4.1k», «20.7k subscribers», «0 comments:».
            # Four-digit numbers stay: a year alone may be part of a date.
            r"[^\w\s]*\s*(?!\d{4}$)[0-9][0-9.,]*k?",
            rf"[^\w\s]*\s*{_NUMBER}[km]?\s+(?:subscribers|members|followers|photos|videos"
            r"|files|links|views|comments?|likes|shares|replies)\s*:?",
            # Player time codes and Telegram's edit stamp: «0:00», «0:25:00», «edited 10:24».
            r"(?:edited\s+)?\d{1,2}(?::\d{2}){1,2}(?:\s*/\s*\d{1,2}(?::\d{2}){1,2})?",
            # Reading time: «زمان مطالعه: ۷ دقیقه», «خواندن در ۱۱ دقیقه», «5 min read».
            rf"(?:(?:زمان|مدت)\s*)?(?:مطالعه|خواندن)\s*(?:در\s*)?:?\s*{_NUMBER}\s*دقیقه",
            rf"{_NUMBER}\s*دقیقه\s*(?:زمان\s*)?(?:مطالعه|خواندن)",
            rf"{_NUMBER}\s*min(?:ute)?s?\s+read",
            # An item's number on its site: «کد خبر: 262686».
            rf"(?:کد|شناسه|شماره)\s*(?:خبر|مطلب)\s*:?\s*{_NUMBER}",
            # A captcha sum: «3 × 5 =».
            r"\d{1,3}\s*[×x*+−-]\s*\d{1,3}\s*=\s*\??",
            # Font-size buttons: «A+ A-», «A A+ A-».
            r"(?=.*[+-])(?:a[+-]?\s*){2,4}",
            # A comment form's field labels: «نام *», «ایمیل:», «Website».
            r"(?:نام|ایمیل|پست الکترونیک|وب ?سایت|name|e-?mail|website)\s*[*:]+",
        )
    )
)
# A site's clock: today's date in Persian and in English, then the menu on the same line
# («شنبه ۲۴ آذر ۱۴۰۳ / Saturday 14th December 2024 تماس آشنایی ...»). It is the day the page was
# seen, not the article's date; a date line with nothing after its years stays for the header.
_WEEKDAY_FA = r"(?:(?:یک|دو|سه|چهار|پنج)\s?)?شنبه|جمعه"
_WEEKDAY_EN = r"saturday|sunday|monday|tuesday|wednesday|thursday|friday"
_CLOCK_MENU = re.compile(
    rf"(?:{_WEEKDAY_FA})\W.{{0,30}}?\d{{4}}\s*[/|-]\s*(?:{_WEEKDAY_EN})\W.{{0,30}}?\d{{4}}"
    r"\s+[^\W\d_].*"
)
# A breadcrumb starts at the site's home or topic index: «خانه / اخبار / کارگری», «Home › News».
_CRUMB = r"\s*[/›»>|]\s*[^/›»>|.!?؟]{1,40}"
_BREADCRUMB = re.compile(
    rf"(?:خانه|صفحه (?:اصلی|نخست|اول)|home|موضوعات|دسته ?بندی ?ها)(?:{_CRUMB}){{1,6}}"
)
# A menu written one item a line: a word or two, no digits or punctuation.
_MENU_ITEM = re.compile(r"[^\W\d_]+(?:[\s\u200c-][^\W\d_]+)?")
_MIN_MENU_ITEMS = 3
# Links to the home page, which head a site's menu.
_NAVIGATION = re.compile(
    r"صفحه (?:اصلی|اول|نخست)|خانه|home|پرش به محتوا|رفتن به محتوا|skip to (?:main )?content",
    re.IGNORECASE,
)
# Where a page keeps its chrome: its first and last lines.
_TOP_LINES = 15
_BOTTOM_LINES = 8
_MAX_UI_WORDS = 6
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Addresses only, at least one of them e-mail: a footer's contact line, not the source link.
_ADDRESS = r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://)?www\.\S+)"
_CONTACT_LINE = re.compile(rf"(?:(?:ایمیل|email|e-mail)\s*:\s*)?{_ADDRESS}(?:[\s,،|/]+{_ADDRESS})*")


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
        exact=frozenset(_line_key(normalize(line)) for line in data["exact_lines"]),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["line_patterns"]),
        separators=re.compile("|".join(re.escape(s) for s in links["separators"])),
        min_items=links["min_items"],
        max_item_words=links["max_item_words"],
    )


def _is_chrome(line: str) -> bool:
    if len(line) > 200:  # chrome is short; long lines are prose
        return False
    folded = normalize(line)
    rules = _rules()
    if _line_key(folded) in rules.exact:
        return True
    if _STRUCTURAL.fullmatch(folded) or _BREADCRUMB.fullmatch(folded):
        return True
    if _CLOCK_MENU.fullmatch(folded):
        return True
    if "@" in folded and _CONTACT_LINE.fullmatch(folded):
        return True
    return any(p.fullmatch(folded) for p in rules.patterns)


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
        and HAS_LETTER.search(item)
        and not item.endswith(tuple(SENTENCE_END))
        for item in items
    )


def name_on_top(text: str) -> tuple[str, str]:
    """The name heading a page, told by the chrome right under it: ("site", name) above a menu
    or tags, ("author", name) above an e-mail address; ("", "") for anything else."""
    lines = normalise_lines(text)
    content = [i for i, line in enumerate(lines) if line]
    if len(content) < 2 or content[1] != content[0] + 1:
        return "", ""
    name, below = lines[content[0]], lines[content[1]]
    if not _MENU_ITEM.fullmatch(name) or _is_chrome(name) or not _is_chrome(below):
        return "", ""
    return ("author" if "@" in below else "site"), name


def normalise_lines(text: str) -> list[str]:
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


def _menu_end(lines: list[str], chrome: list[bool]) -> int:
    """Return where a menu written one item a line ends at the top of a page, or 0."""
    # Only after a line already known as navigation (a skip link, «صفحه اول»): without one, a
    # short title, a name and a place on three lines look the same.
    i = 0
    while i < len(lines) and (not lines[i] or chrome[i]):
        i += 1
    if not any(chrome[:i]):
        return 0
    end = i
    while end < len(lines) and _MENU_ITEM.fullmatch(lines[end]):
        end += 1
    # The menu runs into the title on the next line; a short block that ends in a blank line is
    # more likely a header (title, name, place), unless a link home heads it.
    ends_in_blank = end == len(lines) or not lines[end]
    if end - i < _MIN_MENU_ITEMS and not (end > i and _NAVIGATION.fullmatch(lines[i - 1])):
        return 0
    if ends_in_blank and not _NAVIGATION.fullmatch(lines[i - 1]):
        return 0
    return end


def _site_menu(lines: list[str], chrome: list[bool]) -> list[bool]:
    """Mark a menu under the site's name: «پیکار اندیشه» / «صفحه اصلی» / «مقالات» / ….

    The menu is the run of one-item lines after a link home, at the top of the page.
    """
    marked = list(chrome)
    top = [i for i, line in enumerate(lines) if line][:_TOP_LINES]
    home = next((i for i in top if chrome[i] and _NAVIGATION.fullmatch(lines[i])), None)
    if home is None:
        return marked
    index = home + 1
    while index < len(lines) and lines[index]:  # the menu ends at a blank line
        if not (chrome[index] or _MENU_ITEM.fullmatch(lines[index])):
            break
        marked[index] = True
        index += 1
    return marked


def _foreign_ui(line: str) -> bool:
    """A short line with no Persian letters at a page's edge: a Latin or Cyrillic UI string."""
    if _ARABIC_LETTER.search(line) or not HAS_LETTER.search(line):
        return False
    if len(line.split()) > _MAX_UI_WORDS or "://" in line or "www." in line or "@" in line:
        return False
    return parse_date(line) is None  # «Apr 30, 2024 · 12m» dates the page


def _edges(lines: list[str]) -> set[int]:
    content = [i for i, line in enumerate(lines) if line]
    return set(content[:_TOP_LINES]) | set(content[-_BOTTOM_LINES:])


def clean(text: str) -> str:
    """Remove website chrome and normalise whitespace, keeping paragraphs and letters.

    Cleaning a cleaned text changes nothing: a UI string is known by standing at a page's
    edge, and once it is gone the line after it stands there, so the text is cleaned again
    until no line goes (only lines go: this ends; most texts need one pass).
    """
    cleaned, dropped = _clean_once(text)
    while dropped:
        cleaned, dropped = _clean_once(cleaned)
    return cleaned


def _clean_once(text: str) -> tuple[str, bool]:
    """Return the text cleaned once, and whether a line of text was dropped as chrome."""
    lines = normalise_lines(text)
    chrome = [bool(line) and _is_chrome(line) for line in lines]
    # A page's edges are its first and last lines of text once the chrome is gone, as they
    # are when the cleaned text is cleaned again.
    edges = _edges([line if not gone else "" for line, gone in zip(lines, chrome, strict=True)])
    chrome = [
        is_chrome or (bool(line) and i in edges and _foreign_ui(line))
        for i, (line, is_chrome) in enumerate(zip(lines, chrome, strict=True))
    ]
    chrome = _site_menu(lines, chrome)
    start = _menu_end(lines, chrome)
    kept = [
        line for line, is_chrome in zip(lines[start:], chrome[start:], strict=True) if not is_chrome
    ]
    unlinked = _drop_link_runs(kept)
    return _join_lines(unlinked), sum(map(bool, unlinked)) < sum(map(bool, lines))
