from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import search as search_service
from .forms import SearchForm
from .models import Article, Organisation, Person, Publication

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE, orphans=3).get_page(request.GET.get("page"))


@require_safe
def home(request):
    articles = Article.objects.latest_first().select_related("publication")
    return render(request, "archive/home.html", {"page_obj": _page(request, articles)})


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("publication"), slug=slug)
    turns = article.turns.select_related("speaker")
    return render(request, "archive/article_detail.html", {"article": article, "turns": turns})


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    articles = Article.objects.filter(people=person).distinct().latest_first()
    return render(
        request,
        "archive/person_detail.html",
        {"person": person, "page_obj": _page(request, articles)},
    )


@require_safe
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    articles = Article.objects.filter(organisations=organisation).distinct().latest_first()
    return render(
        request,
        "archive/organisation_detail.html",
        {"organisation": organisation, "page_obj": _page(request, articles)},
    )


@require_safe
def publication_detail(request, slug):
    publication = get_object_or_404(Publication, slug=slug)
    articles = publication.articles.latest_first()
    return render(
        request,
        "archive/publication_detail.html",
        {"publication": publication, "page_obj": _page(request, articles)},
    )


@require_safe
def search(request):
    form = SearchForm(request.GET)
    page = search_service.search(form.search_query()) if form.is_valid() else None
    status = 200 if form.is_valid() else 400
    return render(request, "archive/search.html", {"form": form, "page": page}, status=status)
