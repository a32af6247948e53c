"""The Persian catalogue covers every UI string (a missing one would show English on / pages)."""

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_persian_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_placeholders_survive_translation():
    """Messages formatted with % or str.format() keep every one of their named values."""
    named = re.compile(r"\{\w+\}|%\(\w+\)[sd]")
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        wanted = set(named.findall(entry.msgid))
        for translation in translations:
            assert set(named.findall(translation)) == wanted, entry.msgid
