from django.urls import path, register_converter
from django.urls.converters import StringConverter
from django.views.decorators.http import require_safe

from archive import api, feeds, views


class SlugConverter(StringConverter):
    """Any path segment without a NUL: no slug has one, and PostgreSQL refuses it in a query."""

    regex = "[^/\\x00]+"


register_converter(SlugConverter, "slug_text")

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug_text:slug>/", views.article_detail, name="article"),
    path("a/<int:pk>/", views.article_by_id, name="article-by-id"),
    path("a/<int:pk>/cite.ris", views.article_citation, {"style": "ris"}, name="cite-ris"),
    path("a/<int:pk>/cite.json", views.article_citation, {"style": "csl"}, name="cite-csl"),
    path("a/<int:pk>/cite.bib", views.article_citation, {"style": "bibtex"}, name="cite-bibtex"),
    path("people/", views.entity_index, {"kind": "person"}, name="people"),
    path("people/<slug_text:slug>/", views.person_detail, name="person"),
    path("organisations/", views.entity_index, {"kind": "organisation"}, name="organisations"),
    path("organisations/<slug_text:slug>/", views.organisation_detail, name="organisation"),
    path("publications/", views.publication_list, name="publications"),
    path("publications/<slug_text:slug>/", views.publication_detail, name="publication"),
    path("browse/", views.browse, name="browse"),
    path("browse/<int:year>/", views.browse_year, name="browse-year"),
    path("browse/<int:year>/<int:month>/", views.browse_month, name="browse-month"),
    path("search/", views.search, name="search"),
    path("api/search/", api.search_api, name="api-search"),
    path("api/autocomplete/", api.autocomplete_api, name="api-autocomplete"),
    path("feed/", require_safe(feeds.LatestArticlesFeed()), name="feed"),
]
