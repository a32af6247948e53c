"""Read an article's header: front matter, or title, byline, date, publication and address.

Plain Python, no Django.
"""

import re
import unicodedata
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
    ends_full_stop,
    ends_sentence,
    find_date,
    is_name_like,
    is_outlet_name,
    key_of,
    split_names,
    starts_group,
    starts_organisation,
    starts_section,
    words_of,
)
from archive.importer.signatures import signature_names
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

# A site's name above the title: «ایلنا», «رادیو زمانه», a word naming the kind of outlet.
_OUTLET_WORDS = (
    r"(?:رادیو|راديو|تلویزیون|تلويزيون|خبرگزاری|خبرگزاري|سایت|سايت|پایگاه|پايگاه|کانال|شبکه"
    r"|روزنامه|نشریه|هفته\s?\u200c?نامه|ماهنامه|اخبار|صدای|پیک)"
)
_OUTLET = re.compile(rf"^{_OUTLET_WORDS}(?:\s|\u200c|$)")
# Section and category lines above a title: «بخش عکس», «گفت و گو», «مصاحبه‌ها», «مقالات».
_SECTION = re.compile(
    r"^(?:بخش|سرویس|صفحه|اخبار|خبر|مقالات|مقاله|یادداشت|گزارش|مصاحبه|گفتگو|گفت\s?\u200c?و\s?\u200c?گو"
    r"|دیدگاه|ویژه|پرونده|تحلیل|سیاسی|اجتماعی|اقتصادی|کارگری|ترجمه)(?:\s?\u200c?ها)?(?:\s|$)"
)
# An invocation heading a statement: «به نام خدا», «بسمه تعالی», «به نام خداوند جان و خرد».
_INVOCATION = re.compile(r"^(?:به\s+نام\s+(?:خدا|خداوند|او|ایزد)|بسم|بسمه|باسمه)")
# A repost's or a quote's provenance: «به نقل از X»، «برگرفته از «X»، شماره ۱۰۵۳»، «منبع: X».
_PROVENANCE = re.compile(
    r"^[*\s]*(?:به\s+نقل\s+از|برگرفته\s+از|منتشر\s+شده\s+(?:در|توسط)|انتشار\s+(?:از|توسط)"
    r"|منبع)\s*[:：]?\s*(?P<rest>.+)$"
)
# A lead-in above the title, ending where the title takes over: «… مطرح شد؛», «به نقل از …،».
_LEAD_IN_END = (":", "：", "؛", "،", ",")
# A byline at the end of a title line: «… / مهسا نوری», «… – کاوه دانشمند», «… تهیه و اجرا از؛ X».
_TRAILING_BYLINE = re.compile(
    r"^(?P<title>(?:\S+\s+){3,}\S.*?)\s*(?:(?<=\S)/\s*|\s[–—-]\s+|\s(?:تهیه\s+و\s+اجرا|تهیه\s+و\s+تنظیم|به\s+قلم|نوشته)"
    r"\s*(?:از)?\s*[:：؛]?\s*)(?P<names>[^/–—:؛]+)$"
)
# «رادیو ندا : …», «گزارشگران: …»: the outlet that ran the text, in front of its title.
_OUTLET_PREFIX = re.compile(r"^(?P<pub>[^:：]{2,40}?)\s*[:：]\s*(?P<title>.{8,})$")
# «“quote” گفت‌وگوی نشریه‌ی پیام فلزکار با …»: the quote is the title.
_QUOTE_TITLE = re.compile(
    r"^(?P<quote>[«“\"][^»”\"]{3,}[»”\"])\s+(?P<rest>(?:گفتگو|گفت\s?\u200c?و\s?\u200c?گو|مصاحبه)\S*\s.+)$"
)
_INTERVIEWING_OUTLET = re.compile(
    r"^(?:گفتگو|گفت\s?\u200c?و\s?\u200c?گو|مصاحبه)\S*\s+(?:نشریه|سایت|رادیو|روزنامه|هفته\s?\u200c?نامه|ماهنامه)"
    r"(?:\u200c?ی|ٔ)?\s+(?P<pub>.+?)\s+با\s"
)
# The words a title line can end on only when it goes on, on the next line: «… از نشست».
_OPEN_ENDINGS = frozenset(
    normalize(w) for w in ("از", "در", "به", "با", "برای", "و", "که", "تا", "مورد", "درباره", "بر")
)
# «اعلامیه مشترک چهار حزب و سازمان»: what kind of text follows, above its title.
_JOINT_KIND = re.compile(
    r"^(?:بیانیه|بيانيه|اعلامیه|اعلاميه|اطلاعیه|اطلاعيه)(?:\u200c?ی)?\s+مشترک\s"
)
# An image's file name glued before a caption or title: «photo_2019-04-27_10-15-02 بیانیه …».
_FILE_NAME = re.compile(
    r"^(?:(?:photo|img|image|dsc|pic|screenshot)[_-][\w.-]*|[\w.-]+\.(?:jpe?g|png|gif|webp))\s+",
    re.IGNORECASE,
)
# Whom a letter addresses, and its greeting: «رئیس محترم جمهور», «جناب آقای …», «با سلام،».
_ADDRESSEE = re.compile(
    r"^(?:جناب|حضرت|سرکار|ریاست\s+محترم|\S+\s+محترم|(?:خانم|آقای)\s.{0,80}\sمحترم\s"
    r"|(?:با\s+)?(?:سلام|درود)(?:\s+و\s+احترام)?\s*[،,:]?$)"
)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_HASHTAG = re.compile(r"#(\S+)")

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
    title_goes_on: bool = False  # the title line broke off («… از نشست»): the next line ends it
    author_above_title: bool = False  # the byline was a bare name above the title
    bare_byline: bool = False  # the byline was a bare name, above or under the title


def _outlet_like(text: str, *, max_words: int = 4) -> bool:
    """Tell whether a phrase may name a publication: a name, or an outlet's («کارگر آنلاین»)."""
    return is_name_like(text, max_words=max_words) or is_outlet_name(text)


def read_publication(line: str) -> tuple[str, str] | None:
    m = _PUBLICATION.match(line)
    if m:
        pub = _GENERIC_PUBLICATION.sub("", m["pub"].strip(SEPARATORS))
        if _NUMBERED_DOCUMENT.match(normalize(pub)):
            return None
        if not pub or _outlet_like(pub, max_words=5):
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


def read_header(
    lines: list[str], turn_labels: set[str], *, top: tuple[str, str] = ("", "")
) -> Header:
    """Read title, byline, date, publication and address from the top of the text.

    Lines that are none of these (a subtitle, an intro line) stay in the body, and reading
    goes on past them until the body proper starts: a long line, a sentence or a turn.
    """
    header = Header()
    header.consumed = _masthead_block(lines, header, top)
    seen = 0
    adjacent = False  # the line just above was a header line, with no blank between
    for index, line in enumerate(lines):
        if index in header.consumed:
            continue
        line = _FILE_NAME.sub("", line)
        if not line:
            adjacent = False
            continue
        seen += 1
        words = len(words_of(line))
        following = next((x for x in lines[index + 1 :] if x), "")
        if seen > 8 or words > 25:
            break
        if _is_turn(line, turn_labels) and not _repeated(line, lines[index + 1 :]):
            break
        touching = lines[index + 1] if index + 1 < len(lines) else ""
        if header.title_goes_on and _ends_title(header, line):
            header.consumed.add(index)
            adjacent = True
            continue
        if _read_header_line(header, line, (following, touching), adjacent=adjacent):
            header.consumed.add(index)
            adjacent = True
            continue
        if line.rstrip().endswith(tuple(SENTENCE_END)) and words > 3:
            break  # a sentence: the body has begun
        adjacent = False
    header.consumed |= _title_variants(lines, header)
    if header.date_match is None and header.title:
        # «اخبار کارگری امروز دوشنبه ۷ مهرماه ۱۳۹۹»: the title's own date.
        header.date_match = find_date(header.title)[0]
    return header


# «اخبار روز: www.akhbar-rooz.com»: a site's name beside its home page, not the text's address.
_SITE_LINE = re.compile(r"^(?P<pub>[^:：/]{2,40}?)\s*[:：]\s*(?:https?://|www\.)\S+$")
# «به گزارش داوطلب: …», «کارگر آنلاین | …»: the outlet opening the first paragraph.
_REPORTED_BY = re.compile(
    r"^(?:به\s+گزارش\s+(?:تارنمای|سایت|خبرگزاری|پایگاه\s+خبری)?\s*(?P<pub>[^:：،,«»]{2,40}?)\s*[:：،,]"
    r"|(?P<wrote>[^:：،,«»]{2,30}?)\s+(?:نوشت|گزارش\s+داد)\s*[:：])"
)
_PIPE_PREFIX = re.compile(r"^(?P<pub>[^|]{2,30}?)\s+\|\s+\S")
# «حقوق معلم - کیومرث بابایی:»: the outlet and its reporter, leading into the report.
_OUTLET_REPORTER = re.compile(
    r"^(?P<pub>[^-–—:]{2,30}?)\s+[-–—]\s+(?P<name>[^-–—:]{3,40}?)\s*[:：]$"
)
_OUTLET_LINES = 15
_LEAD_LINES = 3  # the opening lines in which a report names its source
_LEAD_BYLINE = re.compile(r"^(?P<name>[^–—−:،,.-]{3,40}?)\s+[–—−-]\s+\S")


def read_outlet(lines: list[str], header: Header) -> None:
    """Find the outlet a text ran in near its top, when the header named none."""
    content = [i for i, line in enumerate(lines) if line][:_OUTLET_LINES]
    for index in content:
        line = lines[index]
        site = None if SOURCE_LINE.match(line) else _SITE_LINE.match(line)
        if site and _outlet_like(site["pub"]):
            header.publication = header.publication or site["pub"].strip()
            header.consumed.add(index)
            continue
        reporter = _OUTLET_REPORTER.match(line)
        if reporter and _outlet_like(reporter["pub"]) and signature_names(reporter["name"]):
            header.publication = header.publication or reporter["pub"].strip()
            if not header.authors or header.bare_byline:  # a named reporter beats a bare name
                header.authors = signature_names(reporter["name"])
            header.consumed.add(index)
    opening = [lines[i] for i in content if i not in header.consumed][:_LEAD_LINES]
    first = opening[0] if opening else ""
    reported = next((m for m in map(_REPORTED_BY.match, opening) if m), None)
    if reported:
        # «به گزارش تارنمای X»: the text is X's, whatever site carries it.
        pub = (reported["pub"] or reported["wrote"]).strip()
        if _outlet_like(pub):
            header.publication = pub
    piped = _PIPE_PREFIX.match(first)
    if piped and not header.publication and _outlet_like(piped["pub"].strip()):
        header.publication = piped["pub"].strip()
    _lead_byline(first, header)


def _lead_byline(first: str, header: Header) -> None:
    """«ماهرخ آسترکی – اعتصاب کارکنان …»: the reporter opening the first paragraph.

    The name above the title was then the site's, not the author's.
    """
    lead = _LEAD_BYLINE.match(first)
    names = signature_names(lead["name"]) if lead else []
    if len(names) != 1 or starts_organisation(names[0]) or _OUTLET.match(names[0]):
        return
    if header.author_above_title and not header.publication:
        header.publication, header.authors = header.authors[0], []
    if not header.authors:
        header.authors = names


@dataclass
class Footer:
    """What the last lines of a text say about it: who wrote it, when, where it ran first."""

    authors: list[str] = field(default_factory=list)
    date_match: DateMatch | None = None
    publication: str = ""
    issue: str = ""
    source_url: str = ""
    consumed: set[int] = field(default_factory=set)


_FOOTER_LINES = 6
# A blog's or a CMS's line under the post: «نوشته شده در … ساعت ۱۰:۲۰ توسط X | نظر بدهید»,
# «ارسال شده توسط X در ۱۰:۱۵ ب.ظ», «این نوشته در نوامبر ۱۶, ۲۰۱۰ در مقالات ارسال شده است».
_POSTED = re.compile(
    r"^(?:این\s+(?:نوشته|مطلب|پست)\s+در|(?:نوشته|ارسال|منتشر)\s+شده\s+(?:در|توسط)|posted\s)",
    re.IGNORECASE,
)
_POSTED_BY = re.compile(
    r"(?:توسط|by)\s+(?P<name>[^|:؛،,]+?)(?=\s+در\s|\s+on\s|\s*[|،,]|\s*$)", re.IGNORECASE
)
# «نویسنده: سروه مرادی» or «به قلم …» closing the text.
_CLOSING_BYLINE = re.compile(
    r"^(?:نویسنده|نویسندگان|نوشته|ترجمه|مترجم|برگردان|به\s+قلم|author)\s*[:：]?\s*"
    r"(?P<names>[^:：]+)$",
    re.IGNORECASE,
)


def read_footer(lines: list[str]) -> Footer:
    """Read the byline, posting line and provenance («منبع: …», «برگرفته از …») at the end."""
    footer = Footer()
    tail = [i for i, line in enumerate(lines) if line][-_FOOTER_LINES:]
    for index in tail:
        if _read_footer_line(footer, lines[index]):
            footer.consumed.add(index)
    return footer


def _read_footer_line(footer: Footer, line: str) -> bool:
    if len(line) > 200:
        return False
    provenance = _PROVENANCE.match(line)
    if provenance:
        found = Header()
        _take_provenance(found, provenance["rest"])
        footer.publication = footer.publication or found.publication
        footer.issue = footer.issue or found.issue
        footer.source_url = footer.source_url or found.source_url
        footer.date_match = footer.date_match or found.date_match
        return bool(found.publication or found.source_url)
    if _POSTED.match(line):
        by = _POSTED_BY.search(line)
        dm, _ = find_date(line)
        if not (by or dm):
            return False
        names = split_names(by["name"]) if by else []
        if names and _all_names(names) and not footer.authors:
            footer.authors.extend(names)
        footer.date_match = footer.date_match or dm
        return True
    byline = _CLOSING_BYLINE.match(line)
    if byline and not footer.authors:
        # «مترجم: مراد شیرین، ۲۷ دسامبر ۲۰۰۳.»: the date goes to the date.
        dm, rest = date_line(byline["names"].rstrip("."), max_rest_words=6)
        names = split_names(rest if dm else byline["names"])
        if len(names) == 1 and is_outlet_name(names[0]):
            # «Author ایران اینترنشنال» under a podcast: the outlet, not a person.
            footer.publication = footer.publication or names[0]
            return True
        if _all_names(names) and len(words_of(line)) <= 12:
            footer.authors.extend(names)
            footer.date_match = footer.date_match or dm
            return True
    return False


_TAGLINE_WORDS = 10
_VARIANT_OVERLAP = 0.75
_VARIANT_LINES = 12


def _title_variants(lines: list[str], header: Header) -> set[int]:
    """The title given again in other words near the top («فراخوان به تجمع …» under «فراخوان
    تجمع …»): a caption or a page heading, not text."""
    title = {key_of(w) for w in words_of(header.title)}
    if len(title) < 3:
        return set()
    found = set()
    for index in [i for i, line in enumerate(lines) if line][:_VARIANT_LINES]:
        words = {key_of(w) for w in words_of(lines[index])}
        overlap = len(title & words) / len(title | words)
        if lines[index] != header.title and overlap >= _VARIANT_OVERLAP:
            found.add(index)
    return found


def _masthead_block(lines: list[str], header: Header, top: tuple[str, str]) -> set[int]:
    """Read the site's name heading a page: «تریبون زمانه» / «صدای کارگران», then the title.

    A block of two or three short names, or one organisation's name («حزب کمونیست ایران»), set
    apart by a blank line above a longer title; the first line names the publication. `top` is
    what the chrome under the first line told of it (see archive.importer.chrome.name_on_top):
    a site's name above its menu, an author's above an e-mail address.
    """
    content = [i for i, line in enumerate(lines) if line]
    if not content:
        return set()
    role, name = top
    if name and lines[content[0]] == name:
        if role == "site":
            header.publication = name
        else:
            header.authors = signature_names(name)
        return {content[0]}
    block = []
    for index in range(content[0], len(lines)):
        if not lines[index]:
            break
        block.append(index)
    title = next((lines[i] for i in content if i > block[-1]), "")
    names = [lines[i] for i in block]
    # The site's name, then a tagline or slogan («کار، مسکن، آزادی …!») if any.
    taglines_ok = all(
        len(words_of(n)) <= _TAGLINE_WORDS and not n.rstrip().endswith(".") and not DIGIT.search(n)
        for n in names[1:]
    )
    if not (
        _title_like(title)
        and not title.rstrip().endswith(".")
        and is_name_like(names[0])
        and taglines_ok
        and len(words_of(title)) > len(words_of(names[0]))
    ):
        return set()
    # One bare name above a title is its author, and «کارگران و زحمتکشان» a category.
    single = starts_organisation(names[0]) and not re.search(r"\sو\s", names[0])
    if len(block) == 1 and not (single or _OUTLET.match(names[0])):
        return set()
    if len(block) > 3:
        return set()
    header.publication = _GENERIC_PUBLICATION.sub("", names[0])
    return set(block)


def _teaser(line: str, following: str) -> bool:
    """A title cut short above itself in full."""
    return line.endswith("…") and following.startswith(line.rstrip("…").rstrip())


def _repeated(line: str, below: list[str]) -> bool:
    """A title given twice, or cut short then in full: its «label:» recurs, yet is no turn."""
    following = next((x for x in below if x), "")
    return _teaser(line, following) or line in below[:8]


def _is_turn(line: str, turn_labels: set[str]) -> bool:
    label = speaker_label(line)
    if not label or not label_ok(label[0]):
        return False
    key = key_of(label[0])
    return key in turn_labels or key in QA_LABELS


def _ends_title(header: Header, line: str) -> bool:
    """Join a title broken over two lines; False when `line` does not go on with it."""
    header.title_goes_on = False
    if not _title_like(line) or len(words_of(line)) > 12:
        return False
    header.title = f"{header.title} {line}"
    return True


def _read_header_line(
    header: Header, line: str, following: tuple[str, str], *, adjacent: bool
) -> bool:
    """Take one header line into `header`; False when it is not a header line.

    `following` is the next line with text, and the line right below (maybe blank).
    """
    if _ADDRESSEE.match(line):
        return False  # a letter's «جناب …», «با سلام»: the letter has begun
    source = SOURCE_LINE.match(line)
    if source and not header.source_url:
        header.source_url = source["url"]
        return True
    if header.date_match is None:
        dm, rest = date_line(line, max_rest_words=8)
        if dm is not None and not header.title and _CLOCK.search(rest):
            # «یکشنبه ۳۰ دی ۱۴۰۳ تهران ۰۲:۲۹» above the title: the site's clock, the day the
            # page was saved, not the day the text was written.
            return True
        if dm is not None:
            publication = read_publication(rest) if rest else None
            if publication and DIGIT.search(rest):  # «شهروند ۱۱۹۶ ـ ۲۵ سپتامبر ۲۰۰۸»
                header.date_match = dm
                header.publication, header.issue = publication
                return True
            if rest and not (header.title or is_name_like(rest, max_words=8)):
                return _take_title(header, line, following)
            header.date_match = dm
            if publication and (DIGIT.search(rest) or _PUBLICATION_PREFIX.match(rest)):
                header.publication, header.issue = publication
            elif len(words_of(rest)) >= 2 and _all_names(split_names(rest)):
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
    # "Title / Author / Date": a bare name under the title.
    # A name right under the title and date, or an organisation's right under the title.
    dated_above = adjacent and (header.date_match is not None or starts_organisation(line))
    if key_of(header.title).startswith(key_of(line)):
        return False  # the title's first words again, as a page breaks its title up
    names = [] if header.authors else _bare_byline(line, following[0], dated_above=dated_above)
    if names:
        header.authors.extend(names)
        header.bare_byline = True
        return True
    return False


def _bare_byline(line: str, following: str, *, dated_above: bool) -> list[str]:
    """The names on a line under the title, when the line reads as a byline.

    Names with a date right above them or a date or an address below them are a byline; a
    subtitle is not one, so without them only one person's name (two or three words) is.
    """
    names = signature_names(line)
    if not names:
        return []
    if dated_above or date_line(following, max_rest_words=3)[0] or SOURCE_LINE.match(following):
        return names
    single = len(names) == 1 and not starts_organisation(names[0])
    return names if single and not re.search(r"\sو\s|[،,]", line) else []


def _all_names(names: list[str]) -> bool:
    return bool(names) and all(is_name_like(n, max_words=8) for n in names)


def _byline_names(line: str) -> list[str]:
    byline = _BYLINE_PREFIX.match(line)
    if not byline or len(words_of(line)) > 10:
        return []
    names = split_names(byline["names"])
    if names and all(is_name_like(n, max_words=6) for n in names):
        return names
    return []


def _take_title(header: Header, line: str, following_lines: tuple[str, str]) -> bool:
    following, touching = following_lines
    words = len(words_of(line))
    if words > 25 or (words > 15 and ends_sentence(line)):
        return False
    if _INVOCATION.match(line):
        return True  # «به نام خدا» heads the statement; it is not its title
    provenance = _PROVENANCE.match(line)
    if provenance:
        _take_provenance(header, provenance["rest"])
        return True
    if _above_title(header, line, following):
        return True
    # "Author / Title / Date" layout: a bare name right above a longer title line (a title
    # does not end in a full stop; a first sentence of the body does).
    below = touching or following
    if (
        not header.authors
        and is_name_like(line)
        and (touching or (words >= 2 and not re.search(r"\sو\s|[،,]", line)))
        and _title_like(below)
        and not ends_sentence(below)
        and len(words_of(below)) > words
    ):
        header.authors.extend(split_names(line))
        header.author_above_title = header.bare_byline = True
        return True
    if _teaser(line, following):
        line = following.rstrip(".")  # a teaser cut short, then the title in full
    header.title = _title_of(header, line)
    header.title_goes_on = _title_breaks_off(header.title, touching)
    return True


def _title_breaks_off(title: str, touching: str) -> bool:
    """Tell whether the title goes on on the line right below it.

    It does when it ends on a word that cannot end a title («از», «در مورد»), or when a word or
    three with an exclamation close it («… فعالانه شرکت کنیم!»).
    """
    if not touching or ends_sentence(title):
        return False
    last = key_of(words_of(title)[-1]) if words_of(title) else ""
    closing = len(words_of(touching)) <= 3 and touching.rstrip().endswith(("!", "؟", "?"))
    return last in _OPEN_ENDINGS or closing


def _above_title(header: Header, line: str, following: str) -> bool:
    """Take a line that sits above the title without being it: a masthead, a section, a lead-in.

    Each needs a title-like line after it: with none, the line is the title after all.
    """
    if not _title_like(following) and not SOURCE_LINE.match(following):
        return False
    stripped = line.rstrip()
    if stripped.endswith(_LEAD_IN_END):
        # «جمعی از کارگران ایران خودرو:» names who writes; «… مطرح شد؛» only leads in.
        lead = stripped.rstrip("".join(_LEAD_IN_END)).strip()
        first = words_of(lead)[0] if lead else ""
        if (
            not header.authors
            and len(words_of(lead)) >= 2
            and is_name_like(lead, max_words=8)
            and not _NUMBERED_DOCUMENT.match(normalize(first))
        ):
            header.authors.extend(split_names(lead))
        return True
    if ends_full_stop(following):
        return False  # the body's first sentence follows: the line is the title
    if not header.publication and _is_masthead(line, following):
        # «اخبار» alone is a section; «اخبار روز» a site.
        named = len(words_of(line)) > 1 and _OUTLET.match(line)
        if named or not _SECTION.match(normalize(line)):
            header.publication = _GENERIC_PUBLICATION.sub("", line)
        return True
    if _JOINT_KIND.match(line):
        return True
    # «بخش عکس», «گفت و گو»: a section of the site, above a longer title.
    # «کارگران و زحمتکشان»: two nouns joined by «و» name a category, never a person.
    # A lone word above a longer title is a category of the site («زحمتکشان») too.
    section = starts_section(line) or (
        len(words_of(line)) <= 3
        and (_SECTION.match(normalize(line)) or " و " in f" {line} " or len(words_of(line)) == 1)
    )
    longer = len(words_of(following)) > len(words_of(line))
    return bool(section) and longer


def _strip_symbols(line: str) -> str:
    """Drop the emoji and pictographs a channel puts before a title («⏯ …», «🔹 …»)."""
    start = 0
    while start < len(line) and (
        line[start].isspace() or unicodedata.category(line[start]) in ("So", "Sk", "Cf")
    ):
        start += 1
    return line[start:]


def _is_masthead(line: str, following: str) -> bool:
    """A site's name: above its address, alone as one word, or opening with «رادیو», «کانال» …."""
    if (_OUTLET.match(line) and is_name_like(line, max_words=8)) or is_outlet_name(line):
        return True
    # «زحمتکشان» alone is a category of the site, not its name.
    alone = len(words_of(line)) == 1 and not starts_group(line)
    return is_name_like(line, max_words=4) and (bool(SOURCE_LINE.match(following)) or alone)


# «منبع: کمیته هماهنگی برای کمک به ایجاد تشکل‌های کارگری»: a source may be a long name.
_MAX_SOURCE_WORDS = 10
_QUOTED = re.compile(r"«([^«»]{2,60})»")
_ISSUE = re.compile(r"شماره\s*(\d{1,5})")


def _take_provenance(header: Header, rest: str) -> None:
    """Read «به نقل از X», «برگرفته از «X»، شماره ۱۰۵۳، ۲۱ خرداد ۱۳۹۷» as publication (and date)."""
    rest = rest.strip(SEPARATORS + ".*")
    url = SOURCE_LINE.match(rest)
    if url:
        header.source_url = header.source_url or url["url"]
        return
    dm, rest_without = find_date(rest)
    if dm is not None and header.date_match is None:
        header.date_match = dm
        rest = (rest_without[: dm.start] + rest_without[dm.end :]).strip(SEPARATORS + ".")
    quoted = _QUOTED.search(rest)
    if quoted and rest.strip(SEPARATORS) != quoted[0]:
        # «آلکساندر تراختنبرگ، «تاریخ اول ماه مه»، ۱۹۳۲»: the quoted name is the publication.
        issue = _ISSUE.search(rest)
        if not header.publication:
            header.publication, header.issue = quoted[1].strip(), issue[1] if issue else ""
        return
    rest = rest.replace("«", "").replace("»", "").strip(SEPARATORS)
    publication = read_publication(rest)
    if publication is None and rest and len(words_of(rest)) <= _MAX_SOURCE_WORDS:
        publication = (_GENERIC_PUBLICATION.sub("", rest), "")
    if publication and not header.publication:
        header.publication, header.issue = publication


def _title_of(header: Header, line: str) -> str:
    """Take the title out of its line, and the byline, outlet or quote that share the line."""
    line = _strip_symbols(line)
    if "#" in line:  # «🔹 #بیانیه_کانون_صنفی درباره …»: a channel's hashtags spell the title
        line = _HASHTAG.sub(lambda m: m[1].replace("_", " "), line)
    quote = _QUOTE_TITLE.match(line)
    interview = _INTERVIEWING_OUTLET.match(quote["rest"] if quote else line)
    if interview and not header.publication and _outlet_like(interview["pub"]):
        header.publication = interview["pub"]  # «مصاحبه سایت اتحاد با …»: the site asked
    if quote:
        return quote["quote"]
    trailing = _TRAILING_BYLINE.match(line)
    if trailing and not header.authors:
        names = split_names(trailing["names"])
        if names and all(len(words_of(n)) >= 2 and is_name_like(n, max_words=5) for n in names):
            header.authors.extend(names)
            line = trailing["title"].strip(SEPARATORS)
    prefix = _OUTLET_PREFIX.match(line)
    if prefix and not header.publication:
        pub = prefix["pub"].strip()
        if is_outlet_name(pub) or (
            is_name_like(pub, max_words=4) and (len(words_of(pub)) == 1 or _OUTLET.match(pub))
        ):
            header.publication = pub
            line = prefix["title"].strip()
    return line
