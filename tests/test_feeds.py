import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article, make_person, make_publication

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url="/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own feed, rendered by the test client: not untrusted input.
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314


def test_feed_lists_new_articles_newest_first_with_links_and_authors(client):
    author = make_person("پروین محمدی")
    make_article("نخستین", slug="first", published_on=datetime.date(2020, 1, 1))
    make_article(
        "دومین",
        slug="second",
        body="خلاصهٔ دومین.\n\nادامه.",
        authors=(author,),
        publication=make_publication("نشریه کار"),
    )
    feed = entries(client)
    assert [e.findtext(f"{ATOM}title") for e in feed] == ["دومین", "نخستین"]
    newest = feed[0]
    assert newest.find(f"{ATOM}link").get("href") == "http://testserver/articles/second/"
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "پروین محمدی"
    assert newest.findtext(f"{ATOM}summary") == "خلاصهٔ دومین."


def test_feed_handles_undated_articles(client):
    make_article("بی‌تاریخ", published_on=None)
    assert len(entries(client)) == 1


def test_english_feed_links_to_english_pages(client):
    make_article("نخستین", slug="first")
    feed = entries(client, "/en/feed/")
    assert feed[0].find(f"{ATOM}link").get("href") == "http://testserver/en/articles/first/"


def test_control_characters_in_a_title_or_name_do_not_stop_the_feed(client):
    # XML 1.0 cannot hold them; a badly decoded text or a script can still save them.
    author = make_person("پروین\x01 محمدی")
    make_article(
        "اعتصاب\x0b کارگران",
        body="خلاصه\x1f.",
        authors=(author,),
        publication=make_publication("نشریه\x08 کار"),
    )
    entry = entries(client)[0]
    assert entry.findtext(f"{ATOM}title") == "اعتصاب کارگران"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "پروین محمدی"
    assert entry.findtext(f"{ATOM}summary") == "خلاصه."
    assert entry.find(f"{ATOM}category").get("term") == "نشریه کار"
