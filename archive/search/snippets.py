"""Cut highlighted snippets from the original text of a search hit.

The index gives the character spans of the words that matched (computed by
`persian.tokens` when the document was indexed), so every form of a query term is marked
in the spelling the author used (كارگران for کارگر) without analysing the document again.
Marks cover whole words, never part of one, so right-to-left letters keep their joined
shapes. Everything is HTML-escaped.
"""

from html import escape

from archive.text import persian
from archive.text.letters import GAP

SNIPPET_CHARS = 220
MAX_SNIPPETS = 2
# Two matched words side by side weigh as much as this many matches apart.
ADJACENT_WEIGHT = 10
ELLIPSIS = "…"


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words (up to whitespace)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _weights(spans: list[tuple[int, int]], text: str) -> list[int]:
    """Weigh each match: one next to another match (هفت تپه) counts for many lone ones."""
    weights = [1] * len(spans)
    for i in range(len(spans) - 1):
        gap = text[spans[i][1] : spans[i + 1][0]]
        if spans[i + 1][0] >= spans[i][1] and len(gap) <= 2 and not gap.strip(GAP):
            weights[i] = weights[i + 1] = ADJACENT_WEIGHT
    return weights


def _windows(
    spans: list[tuple[int, int]], weights: list[int], length: int, limit: int
) -> list[tuple[int, int]]:
    """Pick up to `limit` non-overlapping windows covering the most (weighed) matches."""
    remaining = sorted(zip(spans, weights, strict=True))
    windows: list[tuple[int, int]] = []
    while remaining and len(windows) < limit:
        best, best_end, best_weight = 0, 0, 0
        j, weight = -1, 0  # the window is remaining[i : j + 1], weighing `weight`
        for i, ((start, _), own) in enumerate(remaining):
            if j < i:
                j, weight = i, own
            while j + 1 < len(remaining) and remaining[j + 1][0][1] - start <= length:
                j += 1
                weight += remaining[j][1]
            if weight > best_weight:
                best, best_end, best_weight = i, j, weight
            weight -= own
        first = remaining[best][0][0]
        last = remaining[best_end][0][1]
        # Centre the matches in the window.
        pad = max(0, (length - (last - first)) // 2)
        windows.append((max(0, first - pad), last + pad))
        remaining = [
            (s, w) for s, w in remaining if s[1] <= windows[-1][0] or s[0] >= windows[-1][1]
        ]
    return sorted(windows)


def _mark(text: str, marks: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for start, end in marks:
        start, end = _word_bounds(text, start, end)
        if end <= pos:  # a second term in the same word (a compound): already marked
            continue
        if start < pos:
            out[-1] = out[-1][: -len("</mark>")] + escape(text[pos:end]) + "</mark>"
        else:
            out.append(escape(text[pos:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def match_spans(text: str, *, terms: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Return the spans of the words in `text` analysed to one of `terms`."""
    return [(t.start, t.end) for t in persian.tokens(text) if t.term in terms] if terms else []


def highlight(text: str, *, terms: frozenset[str] | set[str]) -> str:
    """Return the whole of `text`, HTML-escaped, with the words analysed to `terms` in <mark>."""
    return _mark(text, match_spans(text, terms=terms))


def snippets(
    text: str,
    *,
    terms: frozenset[str] | set[str],
    spans: list[tuple[int, int]] | None = None,
    length: int = SNIPPET_CHARS,
    limit: int = MAX_SNIPPETS,
) -> list[str]:
    """Return HTML snippets of `text` with the words analysed to `terms` in <mark>.

    `spans` are the offsets of those words as the index found them. The index knows every
    match, so spans that all lie outside `text` (the words matched only the title, indexed
    after the body) mean the text has none: it opens the snippet unmarked, without analysing
    a long body to find nothing. Only without spans at all (None) is the text analysed here.
    """
    if spans is None:
        spans = match_spans(text, terms=terms)
    spans = sorted((s, e) for s, e in spans if 0 <= s < e <= len(text))
    windows = _windows(spans, _weights(spans, text), length, limit) if spans else [(0, length)]
    out: list[str] = []
    for start, end in windows:
        start, end = _word_bounds(text, start, min(end, len(text)))
        end = min(end, start + 2 * length)  # one very long "word" (a URL): cut it anyway
        marks = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
        html = _mark(text[start:end], marks).strip()
        if not html:
            continue
        if start > 0:
            html = ELLIPSIS + " " + html
        if end < len(text.rstrip()):
            html = html + " " + ELLIPSIS
        out.append(html)
    return out
