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


# Question/answer labels stand for the interviewer and the interviewee, not for people.
_QUESTION_LABELS = frozenset(
    normalize(w) for w in ["س", "سوال", "سؤال", "پرسش", "مجری", "q", "question"]
)
_ANSWER_LABELS = frozenset(
    normalize(w) for w in ["ج", "جواب", "پاسخ", "میهمان", "مهمان", "a", "answer"]
)
# A programme's «مجری:» and «میهمان:» are roles too, but must recur to open turns: once each,
# they are the credits of a broadcast.
ROLE_LABELS = _QUESTION_LABELS | _ANSWER_LABELS


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
    return key in ROLE_LABELS or (is_name_like(label) and all(len(w) > 1 for w in words_of(label)))


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
    text = paragraph.strip().rstrip('»"”)]*_ ')
    return text.endswith(("؟", "?")) and len(words_of(paragraph)) <= 60


def _mean_words(paragraphs: list[str], groups: list[list[int]]) -> float:
    return sum(len(words_of(paragraphs[i])) for g in groups for i in g) / len(groups)


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
    if _mean_words(paragraphs, answers) <= _mean_words(paragraphs, questions):
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


def quoted_guest(heading_lines: list[str]) -> list[str]:
    """The guest a title quotes: «کامران یزدی: ناامنی کار از قراردادهای موقت می‌آید»."""
    for line in heading_lines:
        label = speaker_label(line)
        if label and label[1].strip() and len(words_of(label[0])) >= 2 and label_ok(label[0]):
            return [label[0]] if key_of(label[0]) not in ROLE_LABELS else []
    return []


def publication_host(paragraphs: list[str], publication: str) -> list[str]:
    """The publication, when it labels the questions («اخبار روز: …» over «اخبار روز»)."""
    if not publication:
        return []
    labels = recurring_labels(paragraphs)
    return [publication] if any(_same_name(k, publication) for k in labels) else []


def spoken_names(turns: list[ParsedTurn], hosts: list[str], guests: list[str]) -> list[str]:
    """The people the labels of a conversation stand for: a short label is the fuller name."""
    names = []
    for label in unique_names([t.speaker for t in turns if t.labelled]):
        if key_of(label) in ROLE_LABELS:
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
    people = unique_names([t.speaker for t in turns if key_of(t.speaker) not in ROLE_LABELS])
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


def is_role_label(label: str) -> bool:
    """Tell whether a turn label is "question"/"answer" rather than a name."""
    return normalize(label) in ROLE_LABELS


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
