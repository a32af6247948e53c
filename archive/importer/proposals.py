"""Which names the importer may propose as people and organisations, and notes on the others.

Plain Python: the preview and the save ask the same question, so what the editor is told in
the preview is what the save does.
"""

from collections.abc import Callable

from archive.importer.notes import Code, Note, note
from archive.importer.read import Reading
from archive.text.letters import normalize

# Words that make a name only beside a word that names whom they are about: together
# («انجمن صنفی», «کارگران ایران») they still describe many bodies and name none.
_GENERIC = (
    "انجمن سندیکا سندیکای اتحادیه شورا شورای کمیته کانون حزب سازمان تشکل گروه جمعی جمع "
    "کارگران کارگر کارگری صنفی مستقل سراسری ایران ایرانی آزاد کار کارفرما کارفرمایان "
    "معلمان بازنشستگان پرستاران رانندگان خبرنگار نویسنده مجری مصاحبه‌گر مصاحبه "
    "پرسش پاسخ سوال سؤال جواب گفتگو گفت‌وگو بیانیه اطلاعیه ما"
)
_GENERIC_WORDS = frozenset(map(normalize, _GENERIC.split()))


def proposable_name(name: str) -> bool:
    """A name worth proposing has two words or more, not all of them generic nouns.

    One word («انجمن», «محمود») is a noun or a speaker's label, and generic words alone
    («انجمن صنفی») describe many bodies: neither is proposed as a person or an organisation.
    """
    words = normalize(name).split()
    return len(words) >= 2 and not all(word in _GENERIC_WORDS for word in words)


def unproposable_notes(
    reading: Reading, *, known: Callable[[str], bool], rejected: Callable[[str], bool]
) -> list[Note]:
    """Say which names the save leaves out (bylines) or keeps only as labels (speakers).

    `known`: names an editor decided on, which may be one word; `rejected`: names an editor
    dismissed, which no byline makes an author again.
    """
    parsed, speakers = reading.parsed, reading.speakers
    if parsed is None or speakers is None:
        return []

    def unnamed(names) -> list[str]:
        return [n for n in dict.fromkeys(names) if not (known(n) or proposable_name(n))]

    voices = [*speakers.hosts, *speakers.guests]
    if speakers.by_label is not None and parsed.turns:
        voices += speakers.by_label.values()
    authors = list(dict.fromkeys(parsed.authors))
    return (
        [note(Code.REJECTED_NAME, name=name) for name in authors if rejected(name)]
        + [note(Code.NOT_A_NAME, name=n) for n in unnamed(authors) if not rejected(n)]
        + [note(Code.LABEL_ONLY, name=name) for name in unnamed(voices)]
    )
