"""What the parser looks for in short lines: names, dates, sentence ends, list separators.

Plain Python, no Django: the shared vocabulary of the header, dialogue and read steps.
"""

import re
from functools import lru_cache

from archive.text.jalali import JALALI_MONTHS, DateMatch, parse_date
from archive.text.letters import normalize

HAS_LETTER = re.compile(r"[^\W\d_]")
SENTENCE_END = ".!?؟…;؛"


@lru_cache(maxsize=4096)
def key_of(text: str) -> str:
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
# Groups that sign as one: «بازنشستگان فلزکار مکانیک», «معلمان معترض شهرستان …».
_GROUP_NOUNS = _keys("بازنشستگان معلمان فعالان فعالین رانندگان اعضای نمایندگان کارکنان زحمتکشان")
_DETACHED_PLURAL = _keys("ها های")
DIGIT = re.compile(r"\d")  # \d covers Persian and Arabic-Indic digits too
_ORDINAL_WORDS = _keys(
    "اول دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یکم نخست آخر پایانی اولین دومین سومین"
)
# Numbers never stand in a person's name (an organisation's or a group's may: «هفت تپه»).
_NUMBER_WORDS = _keys("دو سه چهار پنج شش هفت هشت نه ده صد هزار میلیون")
# Words that make a name an outlet's: «ایران اینترنشنال», «کارگر آنلاین», «ایران پرس».
_OUTLET_NAME_WORDS = _keys("اینترنشنال انترنشنال اینترناشنال نیوز آنلاین انلاین پرس تایمز")
# A section of a site, never the first word of a name: «پرونده ویژه …», «بخش …».
_SECTION_WORDS = _keys("پرونده ویژه ویژه‌نامه بخش سرویس")
_ORG_WORDS = _keys(
    "حزب سازمان کمیته اتحادیه سندیکا سندیکای شورا شورای کانون انجمن کارگران کارگری جمعی "
    "تشکل تشکلهای فدراسیون کنفدراسیون نشریه کانال تلویزیون رادیو شرکت هیئت هیات گروه "
    "جبهه مجمع نهاد بنیاد کمپین اتحاد جنبش دفتر خبرگزاری روزنامه هسته شبکه جمعیت خانه وزارت "
    "party union committee council federation association organisation organization"
)
# Question/answer labels name roles, not people.
QA_LABELS = _keys("س ج سوال سؤال پرسش پاسخ جواب q a question answer")

# «جمعی از کارگران …», «گروهی از معلمان …»: a collective signature, a name whatever its «از».
_COLLECTIVE = re.compile(r"^(?:جمعی|گروهی|شماری|تنی\s+چند)\s+از\s+")
# «سازمان فدائیان (اقلیت)», «کانون صنفی معلمان ایران (تهران)»: a branch or a wing, in brackets.
_QUALIFIER = re.compile(r"(?<=\S)\s*\([^()\d]{2,30}\)$")
_DASH_SPLIT = re.compile(r"\s*[-–—]\s+|\s+[-–—]\s*")
_LIST_SPLIT = re.compile(r"\s+و\s+|\s*[،,]\s*")
SOURCE_LINE = re.compile(
    r"^(?:(?:منبع|لینک|نشانی|source|url)\s*[:：]\s*)?(?P<url>(?:https?://|www\.)\S+)$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    r"^(?:تاریخ(?:\s+انتشار)?|منتشر\s+شده\s+در|انتشار|date|published)\s*[:：]?\s*",
    re.IGNORECASE,
)
SEPARATORS = " \t-–—|,،:：/"


def words_of(text: str) -> list[str]:
    return text.split()


# «… تجمع کردند. #بازنشستگان»: a channel's hashtags, mentions and links after the full stop.
_TRAILING_TAGS = re.compile(r"(?:\s+(?:#\S+|@\w+|https?://\S+|www\.\S+))+\s*$")


def ends_sentence(line: str) -> bool:
    line = _TRAILING_TAGS.sub("", line)
    return line.rstrip().endswith(tuple(SENTENCE_END + ':»"”)]'))


def ends_full_stop(line: str) -> bool:
    """A sentence of the body, as a title never is: it ends on a full stop."""
    return _TRAILING_TAGS.sub("", line).rstrip().endswith(".")


def is_name_like(text: str, *, max_words: int = 4) -> bool:
    """Tell whether a short phrase could be a person's or an organisation's name."""
    organisation = starts_organisation(text)
    text = _QUALIFIER.sub("", _COLLECTIVE.sub("", text))
    # «انجمن فرهنگی ، حمایتی کارگران»: a comma set apart is no word of the name.
    words = [w for w in words_of(text) if w not in ("،", ",")]
    if not 1 <= len(words) <= max_words or DIGIT.search(text):
        return False
    if any(c in text for c in ':：!؟?.«»"“”()[]{}@#/\\'):
        return False
    keys = [key_of(w) for w in words]
    # «کمیته های کارگری»: an organisation's name may write its plural apart.
    allowed = _DETACHED_PLURAL if organisation else frozenset()
    if any((k in _FUNCTION_WORDS and k not in allowed) or k in _ORDINAL_WORDS for k in keys):
        return False
    if starts_section(text) or is_outlet_name(text):
        return False
    if not (organisation or keys[0] in _GROUP_NOUNS) and any(k in _NUMBER_WORDS for k in keys):
        return False  # «دو بخش کامل» after a title: its parts, not its author
    return all(HAS_LETTER.search(w) for w in words)


def starts_section(text: str) -> bool:
    """Tell whether a line opens with a site's section («پرونده ویژه …»), as no name does."""
    words = words_of(text)
    return bool(words) and key_of(words[0]) in _SECTION_WORDS


def is_outlet_name(text: str) -> bool:
    """Tell whether a short phrase names a news outlet by its shape («ایران اینترنشنال»)."""
    keys = [key_of(w) for w in words_of(text)]
    return 1 < len(keys) <= 4 and any(k in _OUTLET_NAME_WORDS for k in keys)


def guess_kind(name: str) -> str:
    keys = {key_of(w) for w in words_of(name)}
    return "organisation" if keys & _ORG_WORDS or len(keys) > 4 else "person"


def starts_organisation(name: str) -> bool:
    """Tell whether a name opens like an organisation's («سندیکای …», «جمعی از …»)."""
    words = words_of(name)
    return bool(words) and (key_of(words[0]) in _ORG_WORDS or bool(_COLLECTIVE.match(name)))


def starts_group(name: str) -> bool:
    """Tell whether a name opens with a group of people that signs as one («بازنشستگان …»)."""
    words = words_of(name)
    return bool(words) and key_of(words[0]) in _GROUP_NOUNS


def split_names(text: str) -> list[str]:
    """Split a list of names at dashes, and at "و" or commas unless that cuts a name apart.

    Organisations' names hold both ("وزارت تعاون، کار و رفاه اجتماعی", "شرکت کشت و صنعت"):
    where a piece would be a lone word, or the first reads as an organisation and another
    does not open like one, the part stays whole. Two organisations ("رادیو پژواک و نشریه
    سپیده") are still two.
    """
    names: list[str] = []
    for part in _DASH_SPLIT.split(text):
        pieces = [p.strip(SEPARATORS) for p in _LIST_SPLIT.split(part) if p.strip(SEPARATORS)]
        if len(pieces) > 1 and (
            any(len(words_of(p)) < 2 for p in pieces)
            or (
                guess_kind(pieces[0]) == "organisation"
                and not all(starts_organisation(p) for p in pieces)
            )
        ):
            pieces = _organisations(part.strip(SEPARATORS))
        names.extend(p for p in pieces if p)
    return names


def _organisations(text: str) -> list[str]:
    """Cut a list at each «و» that opens another organisation, the others left in its name.

    «کانون نویسندگان ایران و نشریه کار و زندگی» is two organisations, the second with a «و»
    of its own; «شرکت کشت و صنعت» stays one.
    """
    pieces = re.split(r"\s+و\s+", text)
    names = [pieces[0]]
    for piece in pieces[1:]:
        if starts_organisation(piece) and len(words_of(names[-1])) >= 2:
            names.append(piece)
        else:
            names[-1] += f" و {piece}"
    return names


def _date_rest(line: str, start: int, end: int) -> str:
    rest = (line[:start] + " " + line[end:]).strip(SEPARATORS + "ـ.")
    return _DATE_PREFIX.sub("", rest).strip(SEPARATORS + ".")


# Jalali dates as people write them but the calendar parser does not read them: the month glued
# to «ماه» («مهرماه»), a clock glued to the year («۱۳۹۵ساعت»), the year first («۱۳۹۴ فروردین
# ۲۵»), a two-digit or spelt-out year («هفتم بهمن ۸۴», «مرداد ماه هشتاد و چهار») and the
# imperial year of some exile sites («۵ اردیبهشت ۲۵۸۱», the Solar Hijri year + 1180).
_J_MONTH = "|".join(m.replace("ی", "[یي]").replace("ک", "[کك]") for m in JALALI_MONTHS)
_GLUED_MONTH = re.compile(rf"(?<![^\W\d_])({_J_MONTH})(ماه)")
_GLUED_DIGIT = re.compile(r"(\d)(?=[^\W\d_])")
_YEAR_FIRST = re.compile(rf"(?<!\d)(\d{{4}})\s+({_J_MONTH})\s+(\d{{1,2}})(?![\d/])")
_SHORT_YEAR = re.compile(rf"((?:{_J_MONTH})(?:\s+ماه)?[\s,،]+)(\d{{2}})(?![\d/.:])")
_IMPERIAL_YEAR = re.compile(rf"((?:{_J_MONTH})(?:\s+ماه)?[\s,،]+)([2۲][56۵۶]\d\d)(?!\d)")
_TENS = {"هفتاد": 70, "هشتاد": 80, "نود": 90}
_UNIT_WORDS = ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_UNITS = {w: n for n, w in enumerate(_UNIT_WORDS, 1)}
_SPELT_YEAR = re.compile(
    rf"((?:{_J_MONTH})(?:\s+ماه)?\s+)({'|'.join(_TENS)})(?:\s+و\s+({'|'.join(_UNITS)}))?"
    r"(?![^\W\d_])"
)
IMPERIAL_OFFSET = 1180


def _full_year(two_digits: int) -> int:
    # The archive's texts run from the 1350s to the 1400s.
    return 1300 + two_digits if two_digits >= 50 else 1400 + two_digits


def _respell_dates(text: str) -> str:
    text = _GLUED_DIGIT.sub(r"\1 ", _GLUED_MONTH.sub(r"\1 \2", text))
    text = _YEAR_FIRST.sub(r"\3 \2 \1", text)
    text = _SHORT_YEAR.sub(lambda m: f"{m[1]}{_full_year(int(m[2]))}", text)
    text = _IMPERIAL_YEAR.sub(lambda m: f"{m[1]}{int(m[2]) - IMPERIAL_OFFSET}", text)
    return _SPELT_YEAR.sub(
        lambda m: f"{m[1]}{1300 + _TENS[m[2]] + _UNITS.get(m[3] or '', 0)}", text
    )


def find_date(text: str) -> tuple[DateMatch | None, str]:
    """Find the first full date, reading the spellings above too; return it and the text it
    was found in (the respelt text when only that one has a date)."""
    dm = parse_date(text)
    if dm is None or dm.error:
        respelt = _respell_dates(text)
        if respelt != text:
            again = parse_date(respelt)
            if again is not None and not again.error:
                return again, respelt
    return dm, text


def date_line(line: str, *, max_rest_words: int = 0) -> tuple[DateMatch | None, str]:
    """Return the line's date match when the line is a date (plus at most a few words)."""
    if len(line) > 120:  # a sentence that mentions a date is not a date line
        return None, ""
    dm, line = find_date(line)
    if dm is None:
        return None, ""
    rest = _date_rest(line, dm.start, dm.end)
    if len([w for w in words_of(rest) if HAS_LETTER.search(w) or DIGIT.search(w)]) > max_rest_words:
        return None, rest
    return dm, rest


def unique_names(names: list[str]) -> list[str]:
    """Drop repeated names, comparing spellings by their normalised form."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(key_of(name), name)
    return list(seen.values())
