"""What a search is narrowed by, in words a reader recognises: names, not slugs."""

from collections.abc import Mapping
from typing import Any

from archive.models import Organisation, Person, Publication

# Search parameter -> the model whose slug it holds.
FILTER_MODELS = {
    "person": Person,
    "speaker": Person,
    "organisation": Organisation,
    "publication": Publication,
}


def filter_names(params: Mapping[str, Any]) -> dict[str, str]:
    """Return the name of each person, organisation or publication a search is filtered by.

    A slug that names nothing (an old link) is left out: the page shows the slug as given.
    """
    names = {}
    for param, model in FILTER_MODELS.items():
        slug = params.get(param)
        if slug:
            name = model.objects.filter(slug=slug).values_list("name", flat=True).first()
            if name is not None:
                names[param] = name
    return names
