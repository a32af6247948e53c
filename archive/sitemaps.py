"""sitemap.xml: every public page, in Persian with its English alternate."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.models import Article, Organisation, Person, Publication


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Article):
        return item.updated_at


class PersonSitemap(_Bilingual):
    priority = 0.6
    limit = 5000

    def items(self):
        return Person.objects.public().only("slug").order_by("pk")


class OrganisationSitemap(_Bilingual):
    priority = 0.6
    limit = 5000

    def items(self):
        return Organisation.objects.public().only("slug").order_by("pk")


class PublicationSitemap(_Bilingual):
    priority = 0.5

    def items(self):
        return Publication.objects.only("slug").order_by("pk")


class PageSitemap(_Bilingual):
    priority = 0.7

    def items(self) -> list[str]:
        return [
            "archive:home",
            "archive:browse",
            "archive:people",
            "archive:organisations",
            "archive:publications",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "publications": PublicationSitemap,
}
