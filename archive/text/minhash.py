"""MinHash sketches of texts, to find re-posts: the same text under another header or footer.

A text's sketch is built from overlapping runs of its words as search folds them
(`archive.text.letters.normalize`: letter forms, digits, diacritics, ZWNJs and case), so
spelling variants do not tell two copies apart, while a changed header, footer or a few
hashtags change only a small share of the runs. Words are not stemmed: a re-post repeats its
words as they are, and stemming would cost five times the folding on every import. Sketches
are cut into bands: two texts that share a band are compared, most others never are
(locality-sensitive hashing). Plain Python and NumPy, no Django.
"""

import hashlib
import re
import zlib
from collections.abc import Sequence

import numpy as np

from archive.text import letters

NUM_PERM = 64
BANDS = 21  # of 3 rows: texts 60 % alike share a band 99 times in 100, 5 % alike 3 in 1000
# Fewer runs than this say too little to tell a re-post from a text on the same subject.
MIN_SHINGLES = 12
# Share of runs in common (estimated Jaccard similarity) from which a text is a re-post.
REPOST_SIMILARITY = 0.6

# Fixed seed: every process, and every later import, must draw the same permutations.
_rng = np.random.RandomState(20240304)
_A = _rng.randint(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
_B = _rng.randint(0, 1 << 63, NUM_PERM, dtype=np.uint64)

Sketch = tuple[int, ...]
_WORD = re.compile(r"[^\W_]+")


# Odd multipliers that mix the hashes of a run's words into the run's hash.
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def shingles(text: str) -> np.ndarray:
    """Return the distinct hashes of the text's runs of three folded words."""
    words = _WORD.findall(letters.normalize(text))
    if len(words) < 3:
        return np.empty(0, dtype=np.uint64)
    # CRC-32 per word (stable across processes, unlike hash()), then each run's hash from
    # its words' hashes in one NumPy step: hashing each run's text would take four times longer.
    hashed = np.fromiter((zlib.crc32(w.encode()) for w in words), np.uint64, len(words))
    with np.errstate(over="ignore"):
        runs = hashed[:-2] * _MIX[0] ^ hashed[1:-1] * _MIX[1] ^ hashed[2:]
    return np.unique(runs >> np.uint64(32))


def sketch(text: str) -> Sketch | None:
    """Return the text's MinHash signature, or None when it is too short to compare."""
    runs = shingles(text)
    if len(runs) < MIN_SHINGLES:
        return None
    # Multiply-shift hashing: the high 32 bits of a·x + b, wrapping at 2⁶⁴ (no slow modulo).
    with np.errstate(over="ignore"):
        permuted = (runs[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(32)
    return tuple(int(v) for v in permuted.min(axis=1))


def band_keys(signature: Sequence[int]) -> list[int]:
    """Return one signed 64-bit key per band (what the database indexes)."""
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        values = ",".join(map(str, signature[band * rows : (band + 1) * rows]))
        digest = hashlib.blake2b(f"{band}:{values}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the share of runs two texts have in common from their sketches."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
