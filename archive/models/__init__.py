"""Articles, the people and organisations in them, and how they relate.

Rows reach the database by many routes (the importer, the admin, the shell, scripts, data
migrations, `import_archive`), so what every page relies on is kept here: a row saved without
a slug gets one, an article saved without a content hash gets the hash of its text, and the
database refuses what would break a page (an empty or unusable slug, an empty name or title,
a date outside the archive's years). Forms run the same checks through `full_clean()`, so an
editor reads plainly why a save was refused.
"""

from archive.models.articles import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    ArticleQuerySet,
    ArticleSketch,
    SketchBand,
    Turn,
)
from archive.models.base import (
    DATE_OUT_OF_RANGE,
    DATE_OUTSIDE_YEARS,
    DUPLICATE_TEXT,
    NAME_REQUIRED,
    SLUG_UNUSABLE,
    TITLE_REQUIRED,
    validate_archive_date,
)
from archive.models.entities import (
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
)
from archive.models.originals import Original, Provenance
from archive.models.review import Candidate, RelinkJob
from archive.models.search import SearchChunk, SearchDocument, SearchPosting
from archive.models.variants import NameVariant

__all__ = [
    "DATE_OUTSIDE_YEARS",
    "DATE_OUT_OF_RANGE",
    "DUPLICATE_TEXT",
    "NAME_REQUIRED",
    "SLUG_UNUSABLE",
    "TITLE_REQUIRED",
    "Article",
    "ArticleOrganisation",
    "ArticlePerson",
    "ArticleQuerySet",
    "ArticleSketch",
    "Candidate",
    "NameVariant",
    "Organisation",
    "OrganisationAlias",
    "Original",
    "Person",
    "PersonAlias",
    "Provenance",
    "Publication",
    "RelinkJob",
    "SearchChunk",
    "SearchDocument",
    "SearchPosting",
    "SketchBand",
    "Turn",
    "validate_archive_date",
]
