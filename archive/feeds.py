"""Atom feed of the articles most recently added to the archive."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from archive.models import Article, ArticlePerson

FEED_SIZE = 30
SUMMARY_WORDS = 60
# Characters XML 1.0 cannot hold: Django refuses to write a feed with a C0 control in it (a 500),
# and U+FFFE/U+FFFF would make the document invalid. A damaged title must not stop the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Labour movement archive: new articles")
    subtitle = _("Articles most recently added to the archive.")

    def link(self) -> str:
        return reverse("archive:home")

    def feed_url(self) -> str:
        return reverse("archive:feed")

    def items(self) -> list[Article]:
        authors = ArticlePerson.objects.filter(
            role=ArticlePerson.Role.AUTHOR, person__is_public=True
        ).select_related("person")
        return list(
            Article.objects.select_related("publication")
            .prefetch_related(Prefetch("person_roles", queryset=authors, to_attr="author_roles"))
            .order_by("-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return _xml_text(item.title)

    def item_description(self, item: Article) -> str:
        first = item.body.strip().split("\n\n", 1)[0]
        # Feed readers take the summary as HTML (Atom type="html"): the text must be escaped.
        return escape(Truncator(_xml_text(first)).words(SUMMARY_WORDS))

    def item_author_name(self, item: Article) -> str | None:
        names = [role.person.name for role in item.author_roles]
        if names:
            return _xml_text("، ".join(names))
        return _xml_text(item.publication.name) if item.publication else None

    def item_pubdate(self, item: Article) -> datetime.datetime:
        if item.published_on is None:
            return item.created_at
        midnight = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(midnight)

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [_xml_text(item.publication.name)] if item.publication else []
