"""Find who speaks in a text: interview turns and their labels, hosts and guests, signatures.

Plain Python, no Django.
"""

import re
from collections import Counter
from dataclasses import dataclass

from archive.importer.notes import Code, Note, note
from archive.importer.phrases import (
    QA_LABELS,
    SEPARATORS,
    date_line,
    ends_sentence,
    guess_kind,
    is_name_like,
    key_of,
    split_names,
    unique_names,
    words_of,
)
from archive.text.jalali import DateMatch
from archive.text.letters import normalize

_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<label>[^\s:：*_!؟?.«»\"'()\[\]][^:：\n*!؟?«»\"()\[\]]{0,50}?)"
    r"\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.DOTALL,
)
# «سوال ۱ - …», «جواب- …»: question and answer labels set off by a dash, or numbered.
_QA_WORDS = r"(?:سوال|سؤال|پرسش|جواب|پاسخ|س|ج)"
_QA_LABEL = re.compile(
    rf"^(?P<label>{_QA_WORDS}(?:\s*\d{{1,3}})?)\s*[-–—]\s*(?P<rest>\S.*)$", re.DOTALL
)
_NUMBERED_QA = re.compile(rf"^(?P<label>{_QA_WORDS})\s*\d{{1,3}}$")
_SIGNATURE_PREFIX = re.compile(r"^(?:امضا(?:ها)?|امضاکنندگان|امضا\s*کنندگان)\s*[:：]\s*")


@dataclass(frozen=True)
class ParsedTurn:
    position: int  # 1-based order in the conversation
    speaker: str  # the label as written, without trailing punctuation
    text: str
    start: int  # offset of the turn (its label) in ParsedArticle.body
    labelled: bool = True  # False: a question or answer without a label, named by its role


def speaker_label(paragraph: str) -> tuple[str, str] | None:
    m = _LABEL.match(paragraph) or _QA_LABEL.match(paragraph)
    if not m:
        return None
    label = m["label"].strip().rstrip(" .،,-–")
    numbered = _NUMBERED_QA.match(label)
    if numbered:
        label = numbered["label"]  # «سوال ۱:» is the question label
    if not label or len(words_of(label)) > 4:
        return None
    return label, m["rest"]


def label_ok(label: str) -> bool:
    key = key_of(label)
    return key in QA_LABELS or (is_name_like(label) and all(len(w) > 1 for w in words_of(label)))


# --- who talks with whom: the header and the first sentences of an interview ---------------


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# «گفتگو», «گفت‌وگو», «گفت و گو», «گفتوگو», «مصاحبه», «میزگرد», with the ezafe or indefinite
# ending («گفتگوی», «مصاحبه‌ی», «مصاحبهٔ», «گفت‌وگویی», «مصاحبه‌ای»), but not «گفت‌وگوها».
_TALK = (
    r"(?<![^\W\d_])(?:گفت[\s\u200c]*(?:و[\s\u200c]*)?گو|مصاحبه|میزگرد|مناظره)"
    r"(?:\u200c?(?:[یي]{1,2}|ا[یي])|ٔ)?(?![^\W\d_])"
)
TALK = re.compile(_TALK)
# Where a list of guests ends: a topic, an occasion, a sentence's end.
_STOP_WORDS = _keys("به در درباره دربارهٔ درباره‌ی پیرامون حول برای بمناسبت که را تا پس بعد از سوی")
_STOP = re.compile(r"[.:：؛;!؟?\n]|\s-\s|\s–\s|به\s+مناسبت")
# Words that open a description, not a name: «با سخنگوی سندیکا», «با یک فعال کارگری».
_ROLE_WORDS = _keys(
    "عضو اعضای دبیر رئیس رییس سخنگو سخنگوی فعال فعالان نماینده نمایندگان یک چند از "
    "کارگر کارگران پژوهشگر نویسنده مترجم کارشناس کارشناسان استاد مدیر مسئول مسوول "
    "چهره زندانی معلم معلمان بازنشسته بازنشستگان همسر مادر پدر دختر پسر شماری جمعی "
    "گروهی برخی دو سه چهار کارمند کارکنان رانندگان راننده پرستاران مردم زنان دانشجویان "
    "خبرنگار خبرنگاران"
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
    if not words or key_of(words[0]) in _ROLE_WORDS:
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
    return name if is_name_like(name, max_words=8 if organisation else 4) else ""


def _name_list(phrase: str) -> list[str]:
    """The names in «X، Y و Z» (an organisation's name keeps its «و»)."""
    names = []
    for piece in re.split(r"\s*[،,]\s*", _PARENTHESES.sub(" ", phrase)):
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
    if len(words_of(line)) > 40 or _REPORTED.search(line):
        return None
    for talk in TALK.finditer(line):
        if line[: talk.start()].endswith("در "):
            continue  # «در گفتگو با …»: a kicker over a news report
        rest = line[talk.end() :]
        before, sep, after = rest.partition(" با ")
        host_words = [w for w in before.split() if key_of(w) not in _QUALIFIERS]
        if sep and not any(key_of(w) in _STOP_WORDS for w in host_words) and len(host_words) <= 6:
            host = clean_name(" ".join(host_words)) if host_words else ""
            guest_text = _until_stop(after)
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
        if _REPORTED.search(sentence):
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


def mentions_talk(texts: list[str]) -> bool:
    """Tell whether a heading or introduction speaks of an interview (not a reported saying)."""
    return any(TALK.search(t) and not _REPORTED.search(t) for t in texts)


def recurring_labels(lines: list[str]) -> set[str]:
    """Keys of name-like labels that open two or more lines: the speakers of a transcript."""
    counts = Counter(
        key_of(label[0]) for line in lines if (label := speaker_label(line)) and label_ok(label[0])
    )
    return {key for key, count in counts.items() if count >= 2}


def _same_name(label: str, name: str) -> bool:
    label_words = set(key_of(label).split())
    name_words = set(key_of(name).split())
    return bool(label_words) and (label_words <= name_words or name_words <= label_words)


def _named(label: str, names: list[str]) -> str:
    """The header's name a label stands for, the fuller of the two ("مهرپرور" → "جواد مهرپرور")."""
    for name in names:
        if _same_name(label, name):
            return name if len(words_of(name)) >= len(words_of(label)) else label
    return ""


def _is_question(paragraph: str) -> bool:
    text = paragraph.strip().rstrip('»"”)] ')
    return text.endswith(("؟", "?")) and len(words_of(paragraph)) <= 60


def question_turns(
    paragraphs: list[str], starts: list[int], hosts: list[str], guests: list[str]
) -> list[ParsedTurn]:
    """Turns of an interview whose questions carry no label.

    From the first question on, a paragraph ending in «؟» (or a run of them) is the host's
    and the paragraphs after it, up to the next question, the guest's answer. Two answered
    questions at least, and answers longer than questions, or it is not a conversation. A
    host or guest who is not one named person speaks as «پرسش»/«پاسخ», for attribute_speakers.
    """
    asks = [_is_question(p) for p in paragraphs]
    if True not in asks:
        return []
    groups: list[tuple[bool, list[int]]] = []  # (is the host's, paragraph indices)
    for i in range(asks.index(True), len(paragraphs)):
        if groups and groups[-1][0] == asks[i]:
            groups[-1][1].append(i)
        else:
            groups.append((asks[i], [i]))
    questions = [g for asked, g in groups if asked]
    answers = [g for asked, g in groups if not asked]
    if len(answers) < 2:
        return []
    size = lambda gs: sum(len(words_of(paragraphs[i])) for g in gs for i in g) / len(gs)  # noqa: E731
    if size(answers) <= size(questions):
        return []
    host = hosts[0] if len(hosts) == 1 else "پرسش"
    guest = guests[0] if len(guests) == 1 else "پاسخ"
    return [
        ParsedTurn(
            position,
            host if asked else guest,
            "\n\n".join(paragraphs[i] for i in group),
            starts[group[0]],
            labelled=False,
        )
        for position, (asked, group) in enumerate(groups, start=1)
    ]


def name_line_hosts(paragraphs: list[str], guests: list[str]) -> list[str]:
    """Hosts set as bare name lines over an interview, beside the guest's (symourgh.com)."""
    names = [
        p.strip()
        for p in paragraphs
        if 2 <= len(words_of(p)) <= 3 and is_name_like(p.strip()) and "\n" not in p.strip()
    ]
    if not any(_named(n, guests) for n in names):
        return []
    return [n for n in names if not _named(n, guests)][:1]


def publication_host(paragraphs: list[str], publication: str) -> list[str]:
    """The publication, when it labels the questions («اخبار روز: …» over «اخبار روز»)."""
    labels = recurring_labels(paragraphs)
    return [publication] if publication and any(_same_name(k, publication) for k in labels) else []


def spoken_names(turns: list[ParsedTurn], hosts: list[str], guests: list[str]) -> list[str]:
    """The people the labels of a conversation stand for: a short label is the fuller name."""
    names = []
    for label in unique_names([t.speaker for t in turns if t.labelled]):
        if key_of(label) in QA_LABELS:
            continue
        names.append(_named(label, hosts) or _named(label, guests) or label)
    return unique_names(names)


def find_turns(
    paragraphs: list[str], starts: list[int], header_names: list[str], *, forced: bool
) -> list[ParsedTurn]:
    labelled = [(i, speaker_label(p)) for i, p in enumerate(paragraphs)]
    labels = [(i, lab) for i, lab in labelled if lab and label_ok(lab[0])]
    counts = Counter(key_of(lab[0]) for _, lab in labels)
    speakers = {
        key
        for key, count in counts.items()
        if forced or count >= 2 or key in QA_LABELS or any(_same_name(key, n) for n in header_names)
    }
    if len(speakers) < 2:
        return []
    turns: list[ParsedTurn] = []
    speaker_at = {i: lab for i, lab in labels if key_of(lab[0]) in speakers}
    first = min(speaker_at)
    texts: list[list[str]] = []
    for i in range(first, len(paragraphs)):
        if i in speaker_at:
            speaker, rest = speaker_at[i]
            turns.append(ParsedTurn(len(turns) + 1, speaker, "", starts[i]))
            texts.append([rest.strip()] if rest.strip() else [])
        else:
            texts[-1].append(paragraphs[i])
    return [
        ParsedTurn(t.position, t.speaker, "\n\n".join(text), t.start)
        for t, text in zip(turns, texts, strict=True)
    ]


def assign_roles(
    turns: list[ParsedTurn], guest_names: list[str], host_names: list[str], warnings: list[Note]
) -> tuple[list[str], list[str]]:
    people = unique_names([t.speaker for t in turns if key_of(t.speaker) not in QA_LABELS])
    if guest_names or host_names:
        guests: list[str] = []
        hosts: list[str] = []
        others: list[str] = []
        for person in people:
            if guest := _named(person, guest_names):
                guests.append(guest)
            elif host := _named(person, host_names):
                hosts.append(host)
            else:
                others.append(person)
        # Whoever the header does not name takes the other role.
        (hosts if guest_names else guests).extend(others)
        guests += [n for n in guest_names if not any(_same_name(g, n) for g in guests)]
        hosts += [n for n in host_names if not any(_same_name(h, n) for h in hosts)]
        return unique_names(hosts), unique_names(guests)
    if len(people) < len({key_of(t.speaker) for t in turns}):
        return [], []  # question/answer labels and no names in the header
    # Without a header, the host is who asks (turns ending in a question) or addresses others.
    asks: Counter[str] = Counter()
    for turn in turns:
        asked = turn.text.rstrip().endswith(("?", "؟"))
        opening = normalize(turn.text[:80])
        addressed = any(not _same_name(p, turn.speaker) and key_of(p) in opening for p in people)
        asks[key_of(turn.speaker)] += 1 if asked or addressed else -1
    hosts = [p for p in people if asks[key_of(p)] > 0]
    if not hosts or len(hosts) == len(people):
        warnings.append(note(Code.SPEAKER_ROLES_UNKNOWN))
        return [], []
    return hosts, [p for p in people if p not in hosts]


def _signature_names(line: str) -> list[str]:
    line = _SIGNATURE_PREFIX.sub("", line).strip(SEPARATORS)
    if not line or len(words_of(line)) > 16 or ends_sentence(line.rstrip(".")):
        return []
    names = split_names(line)
    if names and all(2 <= len(words_of(n)) <= 8 and is_name_like(n, max_words=8) for n in names):
        return names
    return []


def find_signatures(lines: list[str]) -> list[str]:
    """Names signing the text: short name lines above a date line, at the end of the text,
    or set right under a letter's last paragraph."""
    content = [line for line in lines if line]
    anchors = [i for i, line in enumerate(content) if date_line(line, max_rest_words=3)[0]]
    anchors.append(len(content))
    found: list[str] = []
    for anchor in anchors:
        block: list[str] = []
        i = anchor - 1
        while i >= 0 and len(block) < 10:
            names = _signature_names(content[i])
            if not names:
                break
            block = names + block
            i -= 1
        # At the very end a lone short line is too often a slogan; ask for a real block.
        if block and (anchor < len(content) or len(block) >= 2):
            found.extend(block)
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        closes = i + 1 == len(lines) or not lines[i + 1]
        if line and closes and len(words_of(previous)) >= 12 and ends_sentence(previous):
            found.extend(_signature_names(line))
    return unique_names(found)


def ending_date(lines: list[str]) -> DateMatch | None:
    """Date of a statement signed at its end ("... / ۲۷/۰۲/۲۰۲۴ - آلمان")."""
    for line in [line for line in lines if line][-4:][::-1]:
        dm, _ = date_line(line, max_rest_words=3)
        if dm is not None:
            return dm
    return None


# Question/answer labels stand for the interviewer and the interviewee, not for people.
_QUESTION_LABELS = frozenset(
    normalize(w) for w in ["س", "سوال", "سؤال", "پرسش", "مجری", "q", "question"]
)
_ANSWER_LABELS = frozenset(
    normalize(w) for w in ["ج", "جواب", "پاسخ", "میهمان", "مهمان", "a", "answer"]
)


def is_role_label(label: str) -> bool:
    """Tell whether a turn label is "question"/"answer" rather than a name."""
    key = normalize(label)
    return key in _QUESTION_LABELS or key in _ANSWER_LABELS


@dataclass(frozen=True)
class Speakers:
    """Who speaks each label, as names; `by_label` is None when turns cannot be attributed."""

    by_label: dict[str, str] | None
    hosts: list[str]
    guests: list[str]
    announced: bool = False  # a heading line says the text is an interview


def attribute_speakers(turns: list[ParsedTurn], hosts: list[str], guests: list[str]) -> Speakers:
    """Map each turn label to the name of who speaks it (Q/A labels to the host/guest)."""
    hosts, guests = list(hosts), list(guests)
    by_label: dict[str, str] = {}
    for label in dict.fromkeys(t.speaker for t in turns):
        key = normalize(label)
        if key in _QUESTION_LABELS or key in _ANSWER_LABELS:
            names = hosts if key in _QUESTION_LABELS else guests
            if len(names) != 1:
                return Speakers(None, hosts, guests)
            by_label[label] = names[0]
            continue
        words = set(key.split())
        # A short label ("دانشفر:") speaks for the one header name that contains it.
        fuller = [n for n in hosts + guests if words < set(normalize(n).split())]
        by_label[label] = fuller[0] if len(fuller) == 1 else label
    return Speakers(by_label, hosts, guests)
