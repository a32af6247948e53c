"""JSON API: search and name autocomplete, both thin wrappers over archive.search."""

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from archive.forms import INVALID_PARAMETERS, SEARCH_UNAVAILABLE, SearchForm
from archive.search import Hit, IndexUnavailable, SearchPage, autocomplete, search

logger = logging.getLogger(__name__)

AUTOCOMPLETE_LIMIT = 10


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _hit(hit: Hit) -> dict:
    return {
        "title": hit.title,
        "url": hit.url,
        "date": hit.date.isoformat() if hit.date else None,
        "date_jalali": hit.date_jalali,
        "publication": hit.publication,
        "publication_url": hit.publication_url,
        "snippets": [str(s) for s in hit.snippets],
        "people": hit.people,
        "organisations": hit.organisations,
        "kind": hit.kind,
        "speaker": hit.speaker,
        "score": hit.score,
    }


def page_json(page: SearchPage) -> dict:
    return {
        "count": page.count,
        "page": page.page,
        "num_pages": page.num_pages,
        "results": [_hit(hit) for hit in page.hits],
        "facets": page.facets,
        "suggestion": page.suggestion,
    }


@require_safe
def search_api(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _json({"error": INVALID_PARAMETERS, "fields": form.error_fields()}, status=400)
    try:
        page = search(form.search_query())
    except IndexUnavailable as error:
        logger.error("search failed: %s", error)
        return _json({"error": SEARCH_UNAVAILABLE}, status=503)
    return _json(page_json(page))


@require_safe
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    return _json({"results": autocomplete(request.GET.get("q", ""), limit=AUTOCOMPLETE_LIMIT)})
