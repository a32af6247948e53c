"""Persian text normalisation for matching (search, linking, duplicate detection).

The stored text is never rewritten: these functions produce keys for comparison only.
"""

import hashlib
import re

ZWNJ = "\u200c"

_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ے": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "ة": "ه",
        "ہ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ـ": None,  # tatweel
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0654\u0655]")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold letter forms, digits, diacritics, case and ZWNJs into one spelling."""
    text = _DIACRITICS.sub("", text.translate(_LETTERS)).replace(ZWNJ, "")
    return _SPACE.sub(" ", text).strip().lower()


def fingerprint(text: str) -> str:
    """Return a hash of the text that ignores spelling variants and whitespace."""
    return hashlib.sha256(normalize(text).encode()).hexdigest()
