"""Where haystack looks for an app's search indexes: they live in archive.search.documents."""

from archive.search.documents import ArticleIndex, TurnIndex

__all__ = ["ArticleIndex", "TurnIndex"]
