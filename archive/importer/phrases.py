"""What the parser looks for in short lines: names, dates, sentence ends, list separators.

Plain Python, no Django: the shared vocabulary of the header, dialogue and read steps.
"""

import re
from functools import lru_cache

from archive.text.jalali import DateMatch, parse_date
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
DIGIT = re.compile(r"\d")  # \d covers Persian and Arabic-Indic digits too
_ORDINAL_WORDS = _keys(
    "اول دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یکم نخست آخر پایانی اولین دومین سومین"
)
_ORG_WORDS = _keys(
    "حزب سازمان کمیته اتحادیه سندیکا سندیکای شورا شورای کانون انجمن کارگران کارگری جمعی "
    "تشکل تشکلهای فدراسیون کنفدراسیون نشریه کانال تلویزیون رادیو شرکت هیئت هیات گروه "
    "جبهه مجمع نهاد بنیاد کمپین اتحاد جنبش دفتر خبرگزاری روزنامه هسته شبکه جمعیت خانه وزارت "
    "party union committee council federation association organisation organization"
)
# Question/answer labels name roles, not people.
QA_LABELS = _keys("س ج سوال سؤال پرسش پاسخ جواب q a question answer")

_DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
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


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(tuple(SENTENCE_END + ':»"”)]'))


def is_name_like(text: str, *, max_words: int = 4) -> bool:
    """Tell whether a short phrase could be a person's or an organisation's name."""
    words = words_of(text)
    if not 1 <= len(words) <= max_words or DIGIT.search(text):
        return False
    if any(c in text for c in ':：!؟?.«»"“”()[]{}@#/\\'):
        return False
    keys = [key_of(w) for w in words]
    if any(k in _FUNCTION_WORDS or k in _ORDINAL_WORDS for k in keys):
        return False
    return all(HAS_LETTER.search(w) for w in words)


def guess_kind(name: str) -> str:
    keys = {key_of(w) for w in words_of(name)}
    return "organisation" if keys & _ORG_WORDS or len(keys) > 4 else "person"


def _starts_organisation(name: str) -> bool:
    words = words_of(name)
    return bool(words) and key_of(words[0]) in _ORG_WORDS


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
                and not all(_starts_organisation(p) for p in pieces)
            )
        ):
            pieces = [part.strip(SEPARATORS)]
        names.extend(p for p in pieces if p)
    return names


def _date_rest(line: str, start: int, end: int) -> str:
    rest = (line[:start] + " " + line[end:]).strip(SEPARATORS + ".")
    return _DATE_PREFIX.sub("", rest).strip(SEPARATORS + ".")


def date_line(line: str, *, max_rest_words: int = 0) -> tuple[DateMatch | None, str]:
    """Return the line's date match when the line is a date (plus at most a few words)."""
    if len(line) > 120:  # a sentence that mentions a date is not a date line
        return None, ""
    dm = parse_date(line)
    if dm is None:
        return None, ""
    rest = _date_rest(line, dm.start, dm.end)
    if len(words_of(rest)) > max_rest_words:
        return None, rest
    return dm, rest


def unique_names(names: list[str]) -> list[str]:
    """Drop repeated names, comparing spellings by their normalised form."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(key_of(name), name)
    return list(seen.values())
