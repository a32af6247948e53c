"""Who talks with whom in an interview: hosts and guests from its heading and introduction.

«مصاحبه سایت اتحاد با جعفر عظیم زاده», «گفتگوی نشریه پیام فلزکار با X عضو …», «با X، از
فعالان سندیکا، گفت‌وگو کرده‌ایم», «میهمان: X»; a news report's «X در گفت‌وگو با ایلنا گفت» is
none of these. archive.importer.dialogue gives the turns to the names found here.

Plain Python, no Django.
"""

import re
from dataclasses import dataclass

from archive.importer.phrases import (
    SEPARATORS,
    guess_kind,
    is_name_like,
    key_of,
    unique_names,
    words_of,
)
from archive.text.letters import normalize


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# «گفتگو», «گفت‌وگو», «گفت و گو», «گفتوگو», «مصاحبه», «میزگرد», with the ezafe or indefinite
# ending («گفتگوی», «مصاحبه‌ی», «مصاحبهٔ», «گفت‌وگویی», «مصاحبه‌ای»), but not «گفت‌وگوها».
_TALK = (
    r"(?<![^\W\d_])(?:گفت[\s\u200c]*(?:و[\s\u200c]*)?گو|مصاحبه|میزگرد|مناظره)"
    r"(?:\u200c?(?:[یي]{1,2}|ا[یي])|ٔ)?(?![^\W\d_])"
)
_TALK_WORD = re.compile(_TALK)
# Where a list of guests ends: a topic, an occasion, a sentence's end.
_STOP_WORDS = _keys(
    "ما شما به در درباره دربارهٔ درباره‌ی پیرامون حول برای بمناسبت که را تا پس بعد از سوی"
)
_STOP = re.compile(r"[.:：؛;!؟?\n]|\s-\s|\s–\s|به\s+مناسبت")
# Words that open a description, not a name: «با سخنگوی سندیکا», «با یک فعال کارگری».
_ROLE_WORDS = _keys(
    "عضو اعضای دبیر رئیس رییس سخنگو سخنگوی فعال فعالان نماینده نمایندگان یک چند از "
    "کارگر کارگران پژوهشگر نویسنده مترجم کارشناس کارشناسان استاد مدیر مسئول مسوول "
    "چهره زندانی معلم معلمان بازنشسته بازنشستگان همسر مادر پدر دختر پسر شماری جمعی "
    "گروهی برخی دو سه چهار کارمند کارکنان رانندگان راننده پرستاران مردم زنان دانشجویان "
    "خبرنگار خبرنگاران کنشگر کنشگران فعالین دبیرکل نایب بنیانگذار تحلیلگر اقتصاددان "
    "جامعه‌شناس حقوقدان وکیل روزنامه‌نگار سردبیر مدیرعامل کارفرما سرپرست زن مرد جوان "
    "همکاران همکارانش دیگران خانواده خانواده‌اش همسرش دوستانش یارانش رفقایش شماری تنی"
)
# Words before a name that are not part of it: «با حضور آقای X».
_HONORIFICS = _keys("حضور آقای خانم دکتر رفیق جناب مهندس سرکار")
# A medium asks the questions: «با نشریه X» names the host, not a guest.
_MEDIA_WORDS = _keys(
    "نشریه نشریهٔ نشریه‌ی مجله مجلهٔ روزنامه روزنامهٔ هفته‌نامه ماهنامه سایت وبسایت "
    "رادیو رادیوی تلویزیون تلویزیونی شبکه خبرگزاری کانال برنامه پادکست"
)
# «نشریه» and the like are the generic word before a periodical's name, not part of it.
_GENERIC_MEDIA = _keys("نشریه نشریهٔ نشریه‌ی مجله مجلهٔ روزنامه روزنامهٔ")
# How an interview is qualified between «گفتگوی» and its host: «گفتگوی ویژه», «رادیویی».
# «با اجرای X», «با میزبانی X»: X presents the programme.
_PRESENTED_BY = _keys("اجرای میزبانی")
_QUALIFIERS = _keys("ویژه ویژهٔ ویژه‌ی اختصاصی رادیویی تلویزیونی تلفنی نوروزی کوتاه مفصل تازه")
_QUOTED = re.compile(r"[«“”\"]\s*(?P<name>[^«»“”\"]{2,60}?)\s*[»”“\"]")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# «با X، …، گفت‌وگو کرده‌ایم», «Z با X، Y و W سلسله گفتگوهایی … خواهد داشت»: whom the
# publication (or Z) talked with.
_TALKS = (
    r"(?:گفت[\s\u200c]*(?:و[\s\u200c]*)?گو|مصاحبه)"
    r"(?:[\s\u200c]*ها[یي]?[یي]?|[یي]|\u200cا[یي])?"
)
_WE_TALKED = re.compile(
    rf"(?:^|\s)با\s+(?P<guests>[^.؛:!؟?]{{2,160}}?)\s*(?:سلسله\s+)?{_TALKS}\s*"
    r"(?:[^.؛:!؟?]{0,100}?\s)?(?:کرده|می[\s\u200c]*کن|کردیم|کرد|داشت|خواهد\s+داشت|انجام)"
)
# «خط صلح به سراغ X، …، رفته است».
_WENT_TO = re.compile(r"به\s+سراغ\s+(?P<guests>[^.؛:!؟?]{2,120}?)\s*رفته")
# «X در گفت‌وگو با ایلنا گفت»: a news report quoting someone, not an interview.
_REPORTED = re.compile(
    rf"{_TALK}\s+با\s+[^.؛:]{{1,60}}?\s+(?:گفت|می[\s\u200c]*گوید|افزود|اظهار|ادامه|تاکید|مطرح)"
)
# What every sentence naming a guest has, to pass over the others at once.
_SPEAKS_OF_TALK = re.compile(r"گو|مصاحبه|میزگرد|مناظره|سراغ")
_GUEST_LINE = re.compile(r"^(?:میهمان|مهمان)(?:\s+برنامه)?\s*[:：]\s*(?P<guests>.+)$")
_HOST_MENTION = re.compile(
    r"^(?:اجرا|مجری|میزبان|مصاحبه[\s\u200c]*(?:گر|کننده))\s*[:：]\s*(?P<hosts>[^.؛:!؟?،\n]+)$"
)


def clean_name(phrase: str) -> str:
    """The name a phrase gives («آقای X عضو …» is X), or "" when it names no one in particular."""
    phrase = _PARENTHESES.sub(" ", phrase)
    quoted = _QUOTED.search(phrase)
    if quoted:
        phrase = quoted["name"]
    words = [w.strip(SEPARATORS + "!.«»“”\"'") for w in phrase.split()]
    words = [w for w in words if w]
    while words and key_of(words[0]) in _HONORIFICS | _GENERIC_MEDIA:
        words = words[1:]
    if not words or key_of(words[0]) in _ROLE_WORDS | _STOP_WORDS:
        return ""
    # An organisation's name goes on with words that would end a person's («انجمن صنفی کارگران»).
    organisation = guess_kind(words[0]) == "organisation"
    for i, word in enumerate(words[1:], start=1):
        # «یوسف کارگر» is a name: a role word ends one only after its first two words.
        role = not organisation and i >= 2 and key_of(word) in _ROLE_WORDS
        if role or key_of(word) in _STOP_WORDS:
            words = words[:i]
            break
    name = " ".join(words)
    if len(words) == 1 and key_of(name) in _MEDIA_WORDS:
        return ""  # «سایت» of «سایت ما» names no one
    return name if is_name_like(name, max_words=8 if organisation else 4) else ""


def _name_list(phrase: str) -> list[str]:
    """The names in «X، Y و Z» (an organisation's name keeps its «و»)."""
    names = []
    for piece in re.split(r"\s*[،,]\s*(?:و\s+)?", _PARENTHESES.sub(" ", phrase)):
        opens_organisation = piece.split() and guess_kind(piece.split()[0]) == "organisation"
        parts = [piece] if opens_organisation else re.split(r"\s+و\s+", piece)
        names.extend(name for part in parts if (name := clean_name(part)))
    return unique_names(names)


def _until_stop(text: str) -> str:
    """The text up to the first word or mark that ends a list of names."""
    text = _STOP.split(text, maxsplit=1)[0]
    words = text.split()
    for i, word in enumerate(words):
        if key_of(word) in _STOP_WORDS:
            return " ".join(words[:i])
    return text


def _is_medium(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and key_of(words[0]) in _MEDIA_WORDS


@dataclass(frozen=True)
class Parties:
    """Who an interview's header or introduction says asks (hosts) and answers (guests)."""

    hosts: list[str]
    guests: list[str]
    announced: bool = False  # a heading line says the text is an interview


def header_parties(line: str) -> Parties | None:
    """Read «گفتگوی X با Y و Z», «مصاحبه با Y», «گفت‌وگوی رادیویی …: Y» in a short line."""
    if not _TALK_WORD.search(line) or len(words_of(line)) > 40 or _REPORTED.search(line):
        return None
    for talk in _TALK_WORD.finditer(line):
        if line[: talk.start()].endswith("در "):
            continue  # «در گفتگو با …»: a kicker over a news report
        rest = line[talk.end() :]
        before, sep, after = rest.partition(" با ")
        host_words = [w for w in before.split() if key_of(w) not in _QUALIFIERS]
        if sep and not any(key_of(w) in _STOP_WORDS for w in host_words) and len(host_words) <= 6:
            host = clean_name(" ".join(host_words)) if host_words else ""
            guest_text = _until_stop(after)
            presenter = guest_text.split(maxsplit=1)
            if len(presenter) == 2 and key_of(presenter[0]) in _PRESENTED_BY:
                # «برنامهٔ «گفتگوی هفته» با اجرای X»: X presents it; no guest is named here.
                host = clean_name(presenter[1])
                return Parties([host] if host else [], [], announced=True)
            if _is_medium(guest_text) and host:
                # «مصاحبه رضا شهابی با نشریه حیات نو»: the medium asked, the person answered.
                medium = clean_name(guest_text)
                return Parties([medium] if medium else [], [host], announced=True)
            # «گفتگوی اختصاصی با کارگران اعتصابی» is an interview with no one named.
            return Parties([host] if host else [], _name_list(guest_text), announced=True)
        colon = re.search(r"\s*[:：]\s*(?P<names>[^:：]+)$", rest)
        if colon and not sep:
            guests = _name_list(_until_stop(colon["names"]))
            if guests:
                return Parties([], guests, announced=True)
    return None


def intro_parties(paragraph: str) -> Parties | None:
    """Read the guests an introduction names: «با X … گفت‌وگو کرده‌ایم», «میهمان: X»."""
    line = _GUEST_LINE.match(paragraph.strip())
    if line:
        guests = _name_list(_until_stop(line["guests"]))
        return Parties([], guests) if guests else None
    host = _HOST_MENTION.match(paragraph.strip())
    if host:
        hosts = _name_list(host["hosts"])
        return Parties(hosts, []) if hosts else None
    for sentence in re.split(r"(?<=[.!؟?])\s+|\n", paragraph):
        if not _SPEAKS_OF_TALK.search(sentence) or _REPORTED.search(sentence):
            continue
        # «گفتگوی رادیو پیام کانادا با X درباره …» opening a programme's description.
        described = header_parties(sentence)
        if described and described.hosts and described.guests:
            return Parties(described.hosts, described.guests)
        m = _WE_TALKED.search(sentence) or _WENT_TO.search(sentence)
        if m:
            # Descriptions between commas («، از فعالان سندیکا،») name no one and drop out.
            guests = _name_list(m["guests"])
            if guests:
                subject = sentence[: m.start()].split("،")[-1].strip()
                hosts = [subject] if 2 <= len(words_of(subject)) <= 3 else []
                return Parties([h for h in hosts if clean_name(h) == h], guests)
        talk = re.search(rf"{_TALK}\s+(?:(?:ویژه|اختصاصی)\s+)?با\s+(?P<guests>.+)", sentence)
        if talk and not _is_medium(talk["guests"]):
            guests = _name_list(_until_stop(talk["guests"]).split("،")[0])
            if guests:
                # «نسرین رهنما در برنامه … در گفت‌وگویی با X»: who opens the sentence asks.
                subject = sentence[: talk.start()].split(" در ")[0].strip()
                hosts = [subject] if 2 <= len(words_of(subject)) <= 3 else []
                return Parties([h for h in hosts if clean_name(h) == h], guests)
    return None


def read_parties(heading_lines: list[str], intro: list[str]) -> Parties:
    """Who hosts and who is interviewed, from the heading lines and then the introduction.

    The heading names both more reliably ("مصاحبه سایت اتحاد با جعفر عظیم زاده"); an
    introduction adds whom the heading leaves out.
    """
    hosts: list[str] = []
    guests: list[str] = []
    announced = False
    for line in heading_lines:
        found = header_parties(line)
        if found:
            hosts, guests, announced = found.hosts or hosts, found.guests, True
            if guests:
                break
    for paragraph in intro:
        if hosts and guests:
            break
        found = intro_parties(paragraph) if len(words_of(paragraph)) <= 80 else None
        if found:
            hosts = hosts or found.hosts
            guests = guests or found.guests
    return Parties(unique_names(hosts), unique_names(guests), announced)


# «علی نیک‌نام، کارگر هفت تپه، در گفت‌وگو با سایت اتحاد می‌گوید»: the subject answers.
_SAID = re.compile(
    rf"^(?P<guest>[^.؛:!؟?]{{2,80}}?)\s+در\s+{_TALK}\s+با\s+(?P<host>[^.؛:!؟?]{{1,40}}?)\s+"
    r"(?:گفت|می[\s\u200c]*گوید|افزود|اظهار|ادامه|تاکید|مطرح)"
)


def reported_parties(intro: list[str]) -> Parties:
    """Who «X در گفت‌وگو با Y می‌گوید» says was asked, and by whom.

    A news report reads the same, so this names the parties of a text known to be an
    interview (its heading says so, or its turns are labelled) and never makes one.
    """
    for paragraph in intro:
        for sentence in re.split(r"(?<=[.!؟?])\s+|\n", paragraph):
            m = _SAID.match(sentence.strip())
            guest = clean_name(m["guest"].split("،")[0]) if m else ""
            if guest:
                host = clean_name(m["host"])
                return Parties([host] if host else [], [guest])
    return Parties([], [])


def mentions_talk(texts: list[str]) -> bool:
    """Tell whether a heading or introduction speaks of an interview (not a reported saying)."""
    return any(_TALK_WORD.search(t) and not _REPORTED.search(t) for t in texts)
