"""MinHash sketches of texts, to find re-posts: the same text under another header or footer.

A text's sketch is built from overlapping runs of its analysed terms (`archive.text.persian`),
so spelling variants, letter forms and digits do not tell two copies apart, while a changed
header, footer or a few hashtags change only a small share of the runs. Sketches are cut into
bands: two texts that share a band are compared, most others never are (locality-sensitive
hashing). Plain Python and NumPy, no Django.
"""

import hashlib
from collections.abc import Sequence

import numpy as np

from archive.text import persian

NUM_PERM = 64
BANDS = 21  # of 3 rows: texts 60 % alike share a band 99 times in 100, 5 % alike 3 in 1000
SHINGLE = 3  # terms per run
# Fewer runs than this say too little to tell a re-post from a text on the same subject.
MIN_SHINGLES = 12
# Share of runs in common (estimated Jaccard similarity) from which a text is a re-post.
REPOST_SIMILARITY = 0.6

_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
# Fixed seed: every process, and every later import, must draw the same permutations.
_rng = np.random.RandomState(20240304)
_A = _rng.randint(1, int(_PRIME), NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, int(_PRIME), NUM_PERM, dtype=np.uint64)

Sketch = tuple[int, ...]


def _hash32(run: str) -> int:
    return int.from_bytes(hashlib.blake2b(run.encode(), digest_size=4).digest(), "little")


def shingles(text: str) -> set[int]:
    """Return the hashes of the text's runs of SHINGLE analysed terms."""
    terms = persian.analyze(text)
    return {_hash32(" ".join(terms[i : i + SHINGLE])) for i in range(len(terms) - SHINGLE + 1)}


def sketch(text: str) -> Sketch | None:
    """Return the text's MinHash signature, or None when it is too short to compare."""
    runs = shingles(text)
    if len(runs) < MIN_SHINGLES:
        return None
    values = np.fromiter(runs, dtype=np.uint64, count=len(runs))
    # Universal hashing (a·x + b mod p); uint64 products wrap, as in datasketch.
    with np.errstate(over="ignore"):
        permuted = ((values[None, :] * _A[:, None] + _B[:, None]) % _PRIME) & _MAX_HASH
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
