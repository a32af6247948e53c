"""Fold the spellings of Persian text into one: letter forms, digits, diacritics, joiners.

The stored text is never rewritten: these functions produce keys for comparison only.
"""

import hashlib
import re
import unicodedata

ZWNJ = "\u200c"

# Characters that join or separate pieces of one word without being letters.
JOINERS = "\u200c\u200b\u200d\u200e\u200f\u00ad\ufeff"
# What may stand between a word and a prefix or suffix written apart: spaces and joiners only.
GAP = JOINERS + " \t\n\r\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
MARKS = "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
)
_LETTERS = {
    "ي": "ی",
    "ى": "ی",
    "ے": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ۀ": "ه",
    "ة": "ه",
    "ہ": "ه",
    "ۂ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "آ": "ا",  # the eval data and Lucene fold alef madda; writers drop the madda freely
    "ؤ": "و",
    "\ufdfd": "بسم الله الرحمن الرحیم",  # the basmala ligature has no Unicode decomposition
    "٫": ".",
    "٬": "",
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
}
FOLD = str.maketrans(
    {
        **_LETTERS,
        **dict.fromkeys(JOINERS),
        **{
            chr(c): None
            for a, b in ((0x0610, 0x061A), (0x0640, 0x0640), (0x064B, 0x065F), (0x0670, 0x0670))
            for c in range(a, b + 1)
        },
        **{chr(c): None for c in range(0x06D6, 0x06EE)},
    }
)
# str.translate would look up every character of a text in the table; a pattern finds the few
# that fold, several times quicker on an article's text.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(FOLD)) + "]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# Three or more of one Arabic-script letter never occur in a real word: اعلاممممم is اعلام.
_STRETCHED = re.compile(f"([{ARABIC_LETTERS}])\\1{{2,}}")
# The hamza that ends Arabic loans (اعضاء, انشاء) is often left off.
_FINAL_HAMZA = re.compile(r"(?<=ا)ء(?![^\W\d_])")


def _fold_char(match: re.Match[str]) -> str:
    return FOLD[ord(match.group())] or ""


def fold_letters(text: str) -> str:
    if _PRESENTATION_FORMS.search(text):
        text = unicodedata.normalize("NFKC", text)
    text = _FINAL_HAMZA.sub("", _FOLDABLE.sub(_fold_char, text))
    return _STRETCHED.sub(r"\1", text)


def normalize(text: str) -> str:
    """Fold letter forms, digits, diacritics, case, ZWNJs and spacing into one spelling."""
    # split() and join() rather than a pattern: the same whitespace (isspace), quicker.
    return " ".join(fold_letters(text).split()).lower()


def fingerprint(text: str) -> str:
    """Return a hash of the text that ignores spelling variants, ZWNJs and whitespace."""
    # All whitespace goes, not only runs of it: one import may write می کنند, another می‌کنند.
    return hashlib.sha256("".join(fold_letters(text).split()).lower().encode()).hexdigest()
