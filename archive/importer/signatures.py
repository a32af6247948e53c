"""Read who signed a text: the organisations and people named at the end of a statement.

Plain Python, no Django. A statement closes with its signatories, one a line, often with a date,
an address or a slogan around them («سازمان فدائیان (اقلیت)» / «۱۳ خرداد ۱۳۹۶» / «کار – نان –
آزادی»), sometimes numbered («1- سندیکای …»), quoted, or introduced («… متشکل از:»); a letter
closes with a formula and a name («با مهر و احترام» / «داوود سلیمانی»).
"""

import itertools
import re

from archive.importer.phrases import (
    DIGIT,
    SOURCE_LINE,
    date_line,
    ends_sentence,
    is_name_like,
    key_of,
    split_names,
    starts_group,
    starts_organisation,
    unique_names,
    words_of,
)

# How far up from the end a signature block may reach, and how many lines it may hold.
_TAIL_LINES = 60
_MAX_BLOCK = 40
# Short lines after the signatures that are none of them: a slogan, a «زنده باد …».
_MAX_SKIPPED_TAIL = 2
_SLOGAN_WORDS = 8
_MAX_SIGNATURE_WORDS = 10
_PROSE_WORDS = 12

_ORG_PREPOSITIONS = re.compile(r"\s(?:برای|از|در|به|با|بر)\s")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[-.)]\s*|[-*•]\s+)")
_QUOTES = "\"'«»“”"
_ONE_ADDRESS = r"(?:\S+@\S+\.\S+|(?:https?://|www\.)\S+)"
_ADDRESS = re.compile(rf"^{_ONE_ADDRESS}(?:\s+{_ONE_ADDRESS})*$")
_HASHTAGS = re.compile(r"^(?:#\S+\s*)+$")
# «با مهر و احترام», «با سپاس», «با درود»: a letter's close, its signature follows.
_CLOSING_FORMULA = re.compile(r"^(?:با\s+(?:مهر|احترام|سپاس|تشکر|درود|تقدیم)|ارادتمند)")
# «امضاکنندگان:», «… متشکل از:»: what introduces the names below.
_SIGNERS_LABEL = re.compile(r"^(?:امضا(?:ها)?|امضا\s*\u200c?کنندگان)\s*[:：]?$")
_COMPOSED_OF = re.compile(r"^(?P<name>.+?)\s+(?:متشکل|مرکب)\s+از\s*[:：]$")


def read_signatures(lines: list[str]) -> list[str]:
    """Return the names that sign the text, in their order."""
    content = [line for line in lines if line]
    closing, used = _closing_block(content)
    found = _dated_blocks(content, used) + closing
    return unique_names(found + _under_letters(lines) + _after_formulas(content))


def _ends_sentence(line: str) -> bool:
    # A bracket closes a wing's name («سازمان فدائیان (اقلیت)»), not a sentence.
    return not line.endswith(")") and ends_sentence(line.rstrip("."))


def _noise(line: str) -> bool:
    """Lines that sit among signatures without being one: dates, addresses, hashtags."""
    return bool(
        date_line(line, max_rest_words=3)[0]
        or _ADDRESS.match(line)
        or SOURCE_LINE.match(line)
        or _HASHTAGS.match(line)
    )


def signature_names(line: str) -> list[str]:
    """The names on a line that signs a text, or [] when the line reads as no signature."""
    listed = bool(_NUMBERING.match(line))
    line = _NUMBERING.sub("", line).strip().strip(_QUOTES).strip()
    if not line or len(words_of(line)) > _MAX_SIGNATURE_WORDS or _ends_sentence(line):
        return []
    names = split_names(line)
    if names and all(_signer_shaped(n, listed=listed) for n in names):
        return names
    return []


def _signer_shaped(name: str, *, listed: bool = False) -> bool:
    # An organisation opens with its kind («سندیکای …», «جمعی از …»); a person has two or three
    # words. A lone word («بهار») or a phrase («سال همبستگی و …») signs nothing by itself, nor
    # does a list item that is no organisation («- پرداخت مزدهای عقب‌افتاده»).
    if DIGIT.search(name):
        return False
    if starts_organisation(name) or starts_group(name):
        # «کمیته هماهنگی برای ایجاد تشکل کارگری»: prepositions belong to the name.
        return is_name_like(_ORG_PREPOSITIONS.sub(" ", name), max_words=8)
    return not listed and is_name_like(name) and 2 <= len(words_of(name)) <= 3


def _closing_block(content: list[str]) -> tuple[list[str], set[int]]:
    """The block of signatures nearest the end, read upwards, and the lines it takes."""
    block: list[str] = []
    used: set[int] = set()
    dated = False
    skipped = 0
    i = len(content) - 1
    while i >= max(0, len(content) - _TAIL_LINES) and len(block) < _MAX_BLOCK:
        line = content[i]
        i -= 1
        if _noise(line):
            dm, rest = date_line(line, max_rest_words=3)
            dated = dated or bool(dm)
            # «عاطفه اقبال - ۲۰ سپتامبر ۲۰۱۷»: the name signs beside its date.
            beside = signature_names(rest) if dm and rest else []
            if beside:
                block = beside + block
                used.add(i + 1)
            continue
        names = signature_names(line)
        if names:
            block = names + block
            used.add(i + 1)
            continue
        joined = _broken_name(content[i], line) if i >= 0 else []
        if joined:
            block = joined + block
            used |= {i, i + 1}
            i -= 1
            continue
        composed = _COMPOSED_OF.match(line)
        if composed and signature_names(composed["name"]):
            return signature_names(composed["name"]) + block, used | {i + 1}
        if _SIGNERS_LABEL.match(line):
            return block, used
        if line.rstrip().endswith((":", "：")) and block:
            # A list under its heading («نام تشکل‌ها:»), not signatures.
            block, used, dated = [], set(), False
            continue
        if not block and skipped < _MAX_SKIPPED_TAIL and len(words_of(line)) <= _SLOGAN_WORDS:
            skipped += 1  # a slogan under the signature
            continue
        # A person's name closing an essay, under its last paragraph.
        dated = dated or (not skipped and len(block) == 1 and _closes_prose(line))
        break
    return (block, used) if _enough(block, dated) else ([], set())


def _closes_prose(line: str) -> bool:
    return len(words_of(line)) >= _PROSE_WORDS and ends_sentence(line)


def _loose_signature(line: str) -> list[str]:
    """Names on a line set under a letter's last paragraph: any full names."""
    line = line.strip(" -–—|,،:")
    if not line or len(words_of(line)) > 16 or _ends_sentence(line):
        return []
    names = split_names(line)
    if names and all(2 <= len(words_of(n)) <= 8 and is_name_like(n, max_words=8) for n in names):
        return names
    return []


def _dated_blocks(content: list[str], used: set[int]) -> list[str]:
    """Names right above a date line anywhere: letters and documents appended to a text.

    Slogans sit above dates too («معیشت منزلت حق مسلم ماست»): only names shaped as signers.
    """
    found: list[str] = []
    for anchor, line in enumerate(content):
        if not date_line(line, max_rest_words=3)[0]:
            continue
        block: list[str] = []
        i = anchor - 1
        while i >= 0 and i not in used and len(block) < 10:
            names = signature_names(content[i])
            if not names:
                break
            block = names + block
            i -= 1
        found.extend(block)
    return found


def _under_letters(lines: list[str]) -> list[str]:
    """A name set right under a letter's last paragraph, before a blank line."""
    found: list[str] = []
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        closes = i + 1 == len(lines) or not lines[i + 1]
        if line and closes and len(words_of(previous)) >= 12 and ends_sentence(previous):
            found.extend(_loose_signature(line))
    return found


def _broken_name(first: str, second: str) -> list[str]:
    """An organisation's name broken over two lines («سندیکای کارگران شرکت واحد» /
    «اتوبوسرانی تهران و حومه»)."""
    if not starts_organisation(first) or starts_organisation(second):
        return []
    names = signature_names(f"{first} {second}")
    return names if len(names) == 1 else []


def _enough(block: list[str], dated: bool) -> bool:
    # A lone person's name at the very end is as often a slogan or a caption as a signature.
    return len(block) >= 2 or dated or (len(block) == 1 and starts_organisation(block[0]))


def _after_formulas(content: list[str]) -> list[str]:
    """The name under a letter's closing formula, wherever the letter ends."""
    found: list[str] = []
    for formula, line in itertools.pairwise(content):
        if _CLOSING_FORMULA.match(formula) and len(words_of(formula)) <= 5:
            found.extend(signature_names(line))
    return [n for n in found if key_of(n)]
