"""An interview's text from its turns, and the editor's split marks inside a turn.

Turns are an interview's one source of truth: what readers see is the turns, so the full text
is rebuilt from them (the introduction before the first turn kept) rather than edited beside
them and left to drift. Plain Python: archive.interviews applies it to the database.
"""

import re

from archive.importer.dialogue import speaker_label

# A line holding only this, inside a turn's text, splits the turn there.
SPLIT_MARK = "---"
_SPLIT = re.compile(rf"^[ \t]*{re.escape(SPLIT_MARK)}[ \t]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n\s*\n")


def split_at_marks(text: str) -> list[str]:
    """Return the parts of a turn's text between split marks (one part when there is none)."""
    parts = [part.strip() for part in _SPLIT.split(text.replace("\r\n", "\n"))]
    return [part for part in parts if part] or [text.strip()]


def introduction(body: str, first_turn: str) -> str:
    """Return what comes before the first turn in an interview's text.

    The first turn is the first labelled paragraph («name: …») that begins as the first turn's
    text does; failing that, the first labelled paragraph at all.
    """
    paragraphs = [p.strip() for p in _BLANK_LINE.split(body.replace("\r\n", "\n")) if p.strip()]
    opening = first_turn.strip().split("\n", 1)[0][:40]
    labelled = [i for i, p in enumerate(paragraphs) if speaker_label(p) is not None]
    starts = [
        i for i in labelled if opening and speaker_label(paragraphs[i])[1].startswith(opening)
    ]
    first = (starts or labelled or [len(paragraphs)])[0]
    return "\n\n".join(paragraphs[:first])


def dialogue_text(intro: str, turns: list[tuple[str, str]]) -> str:
    """Write an interview's text: the introduction, then each turn as «speaker: text»."""
    spoken = [f"{speaker}: {text.strip()}" for speaker, text in turns]
    return "\n\n".join(part for part in [intro.strip(), *spoken] if part)
