"""The importer's notes as readers see them, for tests that look at pages and output."""

from importlib import import_module

from archive.importer.messages import render
from archive.importer.notes import Code, note

# What Persian readers have always read: the sentences stored before notes became codes
# (frozen in the migration that converted them; test_messages checks the catalogue agrees).
PERSIAN = import_module("archive.migrations.0004_review_note_and_reason_as_codes").SENTENCES


def shown(code: Code, **args) -> str:
    """A note as the current language words it."""
    return render(note(code, **args))
