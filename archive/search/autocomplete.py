"""Name autocomplete: people and organisations whose name or alias starts with what is typed."""

from functools import lru_cache

from django.urls import reverse

from archive import entities
from archive.text import letters


@lru_cache(maxsize=1 << 14)
def _key(name: str) -> str:
    return letters.normalize(name)


def autocomplete(prefix: str, *, limit: int = 10) -> list[dict]:
    """Return people and organisations whose name or alias starts with the prefix."""
    key = _key(prefix[:100])
    if not key:
        return []
    compact = key.replace(" ", "")
    candidates: list[tuple[str, str, str, str]] = []  # (kind, slug, name, matched name)
    for kind in entities.KINDS:
        for slug, name in kind.model.objects.public().values_list("slug", "name"):
            candidates.append((kind.name, slug, name, name))
        aliases = kind.alias_model.objects.filter(**{f"{kind.field}__is_public": True})
        for slug, name, alias in aliases.values_list(
            f"{kind.field}__slug", f"{kind.field}__name", "name"
        ):
            candidates.append((kind.name, slug, name, alias))

    best: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, slug, name, matched in candidates:
        normal = _key(matched)
        if normal.startswith(key) or normal.replace(" ", "").startswith(compact):
            rank = 0
        elif any(word.startswith(key) for word in normal.split()[1:]):
            rank = 1
        else:
            continue
        if (kind, slug) not in best or rank < best[(kind, slug)][0]:
            best[(kind, slug)] = (rank, name)
    ordered = sorted(best.items(), key=lambda kv: (kv[1][0], len(kv[1][1]), kv[1][1]))
    return [
        {
            "name": name,
            "slug": slug,
            "url": reverse(f"archive:{kind}", kwargs={"slug": slug}),
            "kind": kind,
        }
        for (kind, slug), (_, name) in ordered[:limit]
    ]
