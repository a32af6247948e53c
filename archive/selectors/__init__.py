"""Read queries for the public pages, each with a fixed number of database queries.

Every function here issues the same number of queries whatever the size of the archive: lists are
fetched with `select_related`/`prefetch_related`, counts are aggregated in the database, and
Jalali years are computed from a handful of grouped rows rather than from every article.
"""

from archive.selectors.articles import ArticlePage, article_page, related_articles
from archive.selectors.calendar import (
    articles_in_jalali_period,
    articles_per_jalali_month,
    articles_per_jalali_year,
)
from archive.selectors.filters import filter_names
from archive.selectors.home import (
    HomePage,
    archive_counts,
    home_page,
    latest_articles,
    most_mentioned,
)
from archive.selectors.lists import MonthCount, Ranked, YearCount, for_lists, paginate
from archive.selectors.profiles import (
    IndexPage,
    Profile,
    SaidIn,
    entity_index,
    organisation_profile,
    person_profile,
    publication_articles,
    publications_index,
)

__all__ = [
    "ArticlePage",
    "HomePage",
    "IndexPage",
    "MonthCount",
    "Profile",
    "Ranked",
    "SaidIn",
    "YearCount",
    "archive_counts",
    "article_page",
    "articles_in_jalali_period",
    "articles_per_jalali_month",
    "articles_per_jalali_year",
    "entity_index",
    "filter_names",
    "for_lists",
    "home_page",
    "latest_articles",
    "most_mentioned",
    "organisation_profile",
    "paginate",
    "person_profile",
    "publication_articles",
    "publications_index",
    "related_articles",
]
