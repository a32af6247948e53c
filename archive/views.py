"""Public pages: each view parses its input, makes one selector call and renders.

The public site is read-only: every view answers GET and HEAD only.
"""

import json
import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import uri_to_iri
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from archive import selectors
from archive.entities import ORGANISATION, PERSON, kind_named
from archive.forms import SEARCH_UNAVAILABLE, FindInArticleForm, SearchForm
from archive.models import Article, Organisation, Person, Publication
from archive.search import IndexUnavailable
from archive.search import search as search_archive
from archive.text import citation
from archive.text.jalali import FIRST_YEAR, JALALI_MONTHS, JALALI_MONTHS_EN, LAST_YEAR

logger = logging.getLogger(__name__)


def _month_names() -> tuple[str, ...]:
    return JALALI_MONTHS if get_language() == "fa" else JALALI_MONTHS_EN


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/home.html", {"home": selectors.home_page()})


# An article with what its citation names: the publication and who publishes it.
_CITED = Article.objects.select_related("publication__organisation")


def _cited_work(page: selectors.ArticlePage, url: str) -> citation.CitedWork:
    article = page.article
    interview = article.kind == Article.Kind.INTERVIEW
    return citation.CitedWork(
        title=article.title,
        url=url,
        key=f"archive{article.pk}",
        authors=[p.name for p in page.authors],
        organisations=[o.name for o in page.author_organisations],
        interviewers=[p.name for p in page.hosts] if interview else [],
        interviewees=[p.name for p in page.speakers if p not in page.hosts] if interview else [],
        publication=article.publication.name if article.publication else "",
        publisher=article.publication.organisation.name
        if article.publication and article.publication.organisation
        else "",
        issue=article.publication_issue,
        published_on=article.published_on,
        date_text=article.date_text,
        accessed_on=timezone.localdate(),
        language=article.language,
        interview=interview,
    )


def _permalink(request: HttpRequest, article: Article) -> str:
    # Readers copy the address as they see it: Persian, not percent-encoded (browsers accept both).
    return uri_to_iri(request.build_absolute_uri(article.get_permanent_url()))


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(_CITED.select_related("repost_of"), slug=slug)
    words = FindInArticleForm(request.GET).words()
    page = selectors.article_page(article=article, q=words)
    permalink = _permalink(request, article)
    work = _cited_work(page, permalink)
    lang = "fa" if get_language() == "fa" else "en"
    return render(
        request,
        "archive/article_detail.html",
        {
            "page": page,
            "article": article,
            "canonical": request.build_absolute_uri(article.get_absolute_url()),
            "permalink": permalink,
            "cite_parts": citation.reference_parts(work, lang=lang),
            "cite_separator": citation.separator(lang),
            "cite_plain": citation.plain_text(work, lang=lang, isolated=True),
            "cite_bibtex": citation.bibtex(work),
            "cite_meta": citation.highwire(work),
        },
    )


def _csl_text(work: citation.CitedWork) -> str:
    return json.dumps(citation.csl_json(work), ensure_ascii=False, indent=2)


# Citation downloads: format -> (writer, content type, file extension).
CITATION_FORMATS = {
    "ris": (citation.ris, "application/x-research-info-systems", "ris"),
    "csl": (_csl_text, "application/vnd.citationstyles.csl+json", "json"),
    "bibtex": (citation.bibtex, "application/x-bibtex", "bib"),
}


@require_safe
def article_citation(request: HttpRequest, pk: int, style: str) -> HttpResponse:
    """Send the article's citation as a file a reference manager imports."""
    article = get_object_or_404(_CITED, pk=pk)
    write, content_type, extension = CITATION_FORMATS[style]
    page = selectors.article_page(article=article, with_related=False)
    work = _cited_work(page, _permalink(request, article))
    response = HttpResponse(write(work), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="archive-{article.pk}.{extension}"'
    return response


@require_safe
def article_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a permanent address by id to the article's current one (its slug may change)."""
    article = get_object_or_404(Article.objects.only("slug"), pk=pk)
    url = article.get_absolute_url()
    if request.GET:
        url += f"?{request.GET.urlencode()}"
    return redirect(url)


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.public().prefetch_related("aliases"), slug=slug)
    profile = selectors.person_profile(person=person, pages=request.GET)
    return render(request, "archive/person_detail.html", {"person": person, "profile": profile})


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.public().prefetch_related("aliases"), slug=slug
    )
    profile = selectors.organisation_profile(organisation=organisation, pages=request.GET)
    return render(
        request,
        "archive/organisation_detail.html",
        {"organisation": organisation, "profile": profile},
    )


@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "archive/publication_list.html",
        {"publications": selectors.publications_index()},
    )


@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.select_related("organisation"), slug=slug)
    page_obj = selectors.publication_articles(publication=publication, page=request.GET.get("page"))
    return render(
        request,
        "archive/publication_detail.html",
        {"publication": publication, "page_obj": page_obj},
    )


# The A–Z list of each kind of entity: its template (the titles differ).
INDEX_TEMPLATES = {
    PERSON.name: "archive/people_index.html",
    ORGANISATION.name: "archive/organisations_index.html",
}


@require_safe
def entity_index(request: HttpRequest, kind: str) -> HttpResponse:
    index = selectors.entity_index(
        kind_named(kind), letter=request.GET.get("letter"), page=request.GET.get("page")
    )
    return render(request, INDEX_TEMPLATES[kind], {"index": index})


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/browse.html", {"years": selectors.articles_per_jalali_year()})


def _check_period(year: int, month: int | None = None) -> None:
    # Years the archive cannot hold: a typo in the address, not a query.
    if not FIRST_YEAR <= year <= LAST_YEAR or (month is not None and not 1 <= month <= 12):
        raise Http404


@require_safe
def browse_year(request: HttpRequest, year: int) -> HttpResponse:
    _check_period(year)
    names = _month_names()
    months = [
        {"number": m.month, "name": names[m.month - 1], "count": m.count}
        for m in selectors.articles_per_jalali_month(year)
    ]
    page_obj = selectors.paginate(
        selectors.articles_in_jalali_period(year), request.GET.get("page")
    )
    return render(
        request,
        "archive/browse_year.html",
        {"year": year, "months": months, "page_obj": page_obj},
    )


@require_safe
def browse_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _check_period(year, month)
    page_obj = selectors.paginate(
        selectors.articles_in_jalali_period(year, month), request.GET.get("page")
    )
    return render(
        request,
        "archive/browse_month.html",
        {
            "year": year,
            "month": month,
            "month_name": _month_names()[month - 1],
            "page_obj": page_obj,
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        # Parameters no form could take (year "abc", page 0): the page, its errors, a 400.
        return render(request, "archive/search.html", {"form": form, "results": None}, status=400)
    # An empty form is the search page itself, with tips; anything else searches.
    try:
        results = search_archive(form.search_query()) if request.GET else None
    except IndexUnavailable as error:
        logger.error("search failed: %s", error)
        context = {"form": form, "results": None, "unavailable": SEARCH_UNAVAILABLE}
        return render(request, "archive/search.html", context, status=503)
    context = {
        "form": form,
        "results": results,
        "filter_names": selectors.filter_names(form.cleaned_data),
    }
    return render(request, "archive/search.html", context)
