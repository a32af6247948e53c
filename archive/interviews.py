"""Editing an interview's turns: merge, split, reassign; the full text follows the turns.

The admin (archive.admin.articles) saves the turns an editor changed, then calls
`restructure_turns` once: merges and split marks are applied, positions renumbered, speakers
given their role, and the article's text rebuilt from the turns (archive.text.turns).
"""

from django.db import transaction

from archive.models import Article, ArticlePerson, Turn
from archive.text.turns import dialogue_text, introduction, split_at_marks


def _merged(turns: list[Turn], merge_into_previous: set[int]) -> list[tuple[int, str]]:
    """Return (speaker id, text) in order, merges applied and split marks cut."""
    spoken: list[tuple[int, str]] = []
    for turn in turns:
        if turn.pk in merge_into_previous and spoken:
            speaker, text = spoken.pop()
            spoken.append((speaker, f"{text}\n\n{turn.text.strip()}"))
            continue
        spoken.append((turn.speaker_id, turn.text))
    return [(speaker, part) for speaker, text in spoken for part in split_at_marks(text)]


def current_introduction(article: Article) -> str | None:
    """What precedes the first turn in the article's text: read it before the turns change.

    None for an article with no turns yet: its first new turn says where the dialogue begins.
    """
    first = article.turns.order_by("position").first()
    return introduction(article.body, first.text) if first else None


@transaction.atomic
def restructure_turns(
    *, article: Article, intro: str | None, merge_into_previous: set[int] = frozenset()
) -> None:
    """Apply merges and split marks to an article's saved turns and rebuild its text."""
    turns = list(article.turns.order_by("position"))
    if intro is None:
        intro = introduction(article.body, turns[0].text) if turns else article.body
    spoken = _merged(turns, set(merge_into_previous))
    # Positions are unique per article: rewrite the rows rather than shuffle them in place.
    article.turns.all().delete()
    rows = Turn.objects.bulk_create(
        Turn(article=article, position=i, speaker_id=speaker, text=text)
        for i, (speaker, text) in enumerate(spoken, start=1)
    )
    _give_speakers_their_role(article, {row.speaker_id for row in rows})
    names = dict(article.turns.values_list("speaker_id", "speaker__name").distinct())
    article.body = dialogue_text(intro, [(names[row.speaker_id], row.text) for row in rows])
    article.save(update_fields=["body", "updated_at"])


def _give_speakers_their_role(article: Article, speaker_ids: set[int]) -> None:
    """A person reassigned a turn speaks in the interview: give them the role, unless host."""
    Role = ArticlePerson.Role
    have = set(
        article.person_roles.filter(role__in=[Role.HOST, Role.SPEAKER]).values_list(
            "person_id", flat=True
        )
    )
    ArticlePerson.objects.bulk_create(
        ArticlePerson(article=article, person_id=pk, role=Role.SPEAKER) for pk in speaker_ids - have
    )
