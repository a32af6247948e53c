"""Articles by Jalali year and month, for the browse pages."""

from django.db.models import Count, Q, QuerySet

from archive.models import Article
from archive.selectors.lists import MonthCount, YearCount, for_lists, jalali_year_totals
from archive.text.jalali import month_bounds, year_bounds


def articles_per_jalali_year(queryset: QuerySet[Article] | None = None) -> list[YearCount]:
    """Count dated articles per Jalali year, oldest first."""
    queryset = Article.objects.all() if queryset is None else queryset
    return jalali_year_totals(queryset.filter(published_on__isnull=False))[0]


def articles_per_jalali_month(year: int) -> list[MonthCount]:
    """Count the articles in each month of a Jalali year, in one query."""
    bounds = {month: month_bounds(year, month) for month in range(1, 13)}
    counts = Article.objects.aggregate(
        **{
            f"m{month}": Count("id", filter=Q(published_on__gte=start, published_on__lt=end))
            for month, (start, end) in bounds.items()
        }
    )
    return [MonthCount(month, counts[f"m{month}"]) for month in range(1, 13)]


def articles_in_jalali_period(year: int, month: int | None = None) -> QuerySet[Article]:
    start, end = year_bounds(year) if month is None else month_bounds(year, month)
    return for_lists(
        Article.objects.filter(published_on__gte=start, published_on__lt=end).latest_first()
    )
