"""Read a reader's query: words, "quoted phrases", "near words"~N, -exclusions and OR.

Nothing here can fail: whatever is not valid syntax is read as plain words. Words are
analysed with `persian.tokens` in the runs the reader typed, so a verb written apart
(می کنند) or a plural written with a space (کارگر ها) is one term, as in the index.

A compound is written solid, with ZWNJ or with a space. The analyzer reads most spellings
alike (نیکپور is نیک پور, کتاب خانه is کتابخانه) but keeps some apart (در آمد is not
درآمد). So two plain words typed apart also look for their joined lexicon word, and a
lexicon word typed solid also for its two words written apart.
"""

import re
from dataclasses import dataclass, field
from itertools import groupby

from archive.text import persian
from archive.text.letters import GAP

# Longer queries are cut: nobody types more, and the cost of a query grows with its terms.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# The widest proximity a reader may ask for ("هفت تپه"~3): wider reads positions for little.
MAX_SLOP = 20

# A quoted phrase (optionally negated, optionally ~N for words within N of each other), or
# one whitespace-delimited word.
_PIECE = re.compile(
    r'(?P<neg>-?)"(?P<phrase>[^"]*)"(?:~(?P<slop>\d{1,3})(?!\S))?|(?P<word>[^\s"]+)'
)


@dataclass(frozen=True)
class Clause:
    """Terms matched together: one term, or several in order each within `slop` of the last.

    `slop=None` asks for the terms anywhere in the document (two words typed apart, as an
    alternative to their joined spelling).
    """

    terms: tuple[str, ...]
    slop: int | None = 1


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


def _clauses(text: str, *, phrase: bool, slop: int = 1) -> list[Clause]:
    terms = tuple(persian.analyze(text))
    if not terms:
        return []
    if phrase and len(terms) > 1:
        return [Clause(terms, slop)]
    return [Clause((t,)) for t in terms]


def _slop(match: re.Match[str]) -> int:
    return min(int(match.group("slop") or 1), MAX_SLOP) or 1


def _joined_terms(a: persian.Token, b: persian.Token, text: str) -> tuple[str, ...] | None:
    """Return the terms of two words typed side by side written as one word, if it is one."""
    first, second = text[a.start : a.end], text[b.start : b.end]
    between = text[a.end : b.start]
    if not between or between.strip(GAP) or any(c in GAP for c in first + second):
        return None  # words with punctuation between them, or written apart already (می کنند)
    return persian.joined_word(first, second)


def _run_groups(
    tokens: list[persian.Token], text: str, *, join_first: bool, join_last: bool
) -> list[list[Clause]]:
    """Return the groups of a run of plain words: one a word, with its other spellings.

    A word the analyzer splits (نیکپور is نیک پور) is a phrase of its terms. The first and
    last words are not joined to their neighbour where OR binds them to another word.
    """
    words = [list(same) for _, same in groupby(tokens, key=lambda t: t.start)]
    groups: list[list[Clause]] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else []
        allowed = (i > 0 or join_first) and (i + 2 < len(words) or join_last)
        if (
            allowed
            and len(word) == len(nxt) == 1
            and (joined := _joined_terms(word[0], nxt[0], text))
        ):
            # کار خانه: both words anywhere, or the one word کارخانه.
            groups.append([Clause((word[0].term, nxt[0].term), slop=None), Clause(joined)])
            i += 2
            continue
        group = [Clause(tuple(t.term for t in word))]
        if len(word) == 1 and (parts := persian.compound_parts(text[word[0].start : word[0].end])):
            group.append(Clause(parts))
        groups.append(group)
        i += 1
    return groups


def parse(q: str) -> ParsedQuery:
    """Parse a query string; malformed syntax degrades to plain words, never an error."""
    q = q[:MAX_QUERY_CHARS]
    parsed = ParsedQuery()
    # Items in order: a list of clauses from one piece of the query, or "OR".
    items: list[list[Clause] | str] = []
    run_start: int | None = None
    run_end = 0

    def close_run(*, before_or: bool = False) -> None:
        nonlocal run_start
        if run_start is None:
            return
        text = q[run_start:run_end]
        found = persian.tokens(text)
        after_or = bool(items) and items[-1] == "OR"
        items.extend(_run_groups(found, text, join_first=not after_or, join_last=not before_or))
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
        close_run(before_or=word == "OR")
        if word == "OR":
            items.append("OR")
        elif word is not None:  # -word
            parsed.excluded.extend(_clauses(word[1:], phrase=True))
        elif m.group("neg"):
            parsed.excluded.extend(_clauses(m.group("phrase"), phrase=True, slop=_slop(m)))
        else:
            items.extend([c] for c in _clauses(m.group("phrase"), phrase=True, slop=_slop(m)))
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
