"""The Persian catalogue covers every UI string (a missing one would show English on / pages)."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_persian_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for placeholder in ("%(n)s", "%(name)s", "%(year)s", "%(number)s", "%(total)s"):
            if placeholder in entry.msgid:
                assert all(placeholder in t for t in translations), entry.msgid
