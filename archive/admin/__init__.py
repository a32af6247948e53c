"""The admin site: articles and their import, people, organisations, candidates, jobs."""

from archive.admin import site  # noqa: F401  (registers the model admins)
