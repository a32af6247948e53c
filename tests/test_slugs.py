import logging

import pytest

from archive import slugs
from archive.models import Person
from tests.factories import make_person


def test_a_slug_keeps_persian_letters_and_drops_punctuation():
    assert slugs.slug_base("«اعتصاب» کارگران!", fallback="x") == "اعتصاب-کارگران"


def test_a_name_without_slug_characters_gets_the_fallback():
    assert slugs.slug_base("«»!؟", fallback="person-abc") == "person-abc"


def test_the_fallback_names_the_kind_and_differs_between_names():
    first, second = slugs.fallback_slug("person", "«»"), slugs.fallback_slug("person", "!؟")
    assert first.startswith("person-") and second.startswith("person-")
    assert first != second


@pytest.mark.django_db
def test_taken_slugs_are_numbered():
    make_person("پروین محمدی", slug="پروین-محمدی")
    make_person("پروین محمدی", slug="پروین-محمدی-2")
    assert slugs.unique_slug(Person, "پروین محمدی") == "پروین-محمدی-3"


@pytest.mark.django_db
def test_a_row_does_not_collide_with_its_own_slug():
    person = make_person("پروین محمدی", slug="پروین-محمدی")
    assert slugs.unique_slug(Person, "پروین محمدی", exclude_pk=person.pk) == "پروین-محمدی"


@pytest.mark.django_db
def test_without_a_fallback_the_model_names_the_slug():
    assert slugs.unique_slug(Person, "؟").startswith("person-")


@pytest.mark.parametrize("slug", ["", None, "a/b", "a\x00b"])
def test_slugs_no_address_can_hold_are_unusable(slug):
    assert not slugs.is_usable(slug)


def test_a_persian_slug_is_usable():
    assert slugs.is_usable("فواد-كيخسروي")


def test_an_unlinkable_row_is_logged_once(caplog):
    slugs._report_unlinkable.cache_clear()
    with caplog.at_level(logging.WARNING, logger="archive.slugs"):
        assert not slugs.linkable("person", "فواد كيخسروي", "")
        assert not slugs.linkable("person", "فواد كيخسروي", "")
    assert len(caplog.records) == 1
    assert "فواد كيخسروي" in caplog.records[0].getMessage()
