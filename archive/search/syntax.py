"""Read a reader's query: words, "quoted phrases", -exclusions and OR.

Nothing here can fail: whatever is not valid syntax is read as plain words. Words are
analysed with `persian.tokens` in the runs the reader typed, so a verb written apart
(می کنند) or a plural written with a space (کارگر ها) is one term, as in the index.
"""

import re
from dataclasses import dataclass, field

from archive.text import persian

# Longer queries are cut: nobody types more, and the cost of a query grows with its terms.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# A quoted phrase (optionally negated), or one whitespace-delimited word.
_PIECE = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Clause:
    """Terms matched together: one term, or a phrase of several in order."""

    terms: tuple[str, ...]


@dataclass
class ParsedQuery:
    # Every group must match; a group matches when any of its clauses does (OR).
    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    # Terms of each run of plain words, for ranking close matches higher.
    runs: list[tuple[str, ...]] = field(default_factory=list)
    # Plain words as typed with their single term, for spelling suggestions.
    words: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def positive_terms(self) -> list[str]:
        return [t for group in self.groups for clause in group for t in clause.terms]


def _clauses(text: str, *, phrase: bool) -> list[Clause]:
    terms = tuple(persian.analyze(text))
    if not terms:
        return []
    if phrase and len(terms) > 1:
        return [Clause(terms)]
    return [Clause((t,)) for t in terms]


def parse(q: str) -> ParsedQuery:
    """Parse a query string; malformed syntax degrades to plain words, never an error."""
    q = q[:MAX_QUERY_CHARS]
    parsed = ParsedQuery()
    # Items in order: a list of clauses from one piece of the query, or "OR".
    items: list[list[Clause] | str] = []
    run_start: int | None = None
    run_end = 0

    def close_run() -> None:
        nonlocal run_start
        if run_start is None:
            return
        text = q[run_start:run_end]
        found = persian.tokens(text)
        items.extend([Clause((t.term,))] for t in found)
        if len(found) > 1:
            parsed.runs.append(tuple(t.term for t in found))
        # A word is what one term was written as (می کنند is one word written apart).
        parsed.words.extend((text[t.start : t.end], t.term) for t in found)
        run_start = None

    for m in _PIECE.finditer(q):
        word = m.group("word")
        if word is not None and word != "OR" and not (word.startswith("-") and len(word) > 1):
            if run_start is None:
                run_start = m.start()
            run_end = m.end()
            continue
        close_run()
        if word == "OR":
            items.append("OR")
        elif word is not None:  # -word
            parsed.excluded.extend(_clauses(word[1:], phrase=True))
        elif m.group("neg"):
            parsed.excluded.extend(_clauses(m.group("phrase"), phrase=True))
        else:
            items.extend([c] for c in _clauses(m.group("phrase"), phrase=True))
    close_run()

    # OR joins the clauses on either side of it; a leading, trailing or repeated OR is a word
    # nobody meant to search for, so it is dropped.
    pending_or = False
    for item in items:
        if item == "OR":
            pending_or = bool(parsed.groups)
            continue
        if pending_or:
            parsed.groups[-1].extend(item)
        else:
            parsed.groups.append(list(item))
        pending_or = False

    budget = MAX_TERMS
    kept: list[list[Clause]] = []
    for group in parsed.groups:
        size = sum(len(c.terms) for c in group)
        if size > budget:
            break
        budget -= size
        kept.append(group)
    parsed.groups = kept
    parsed.excluded = parsed.excluded[:MAX_TERMS]
    return parsed
