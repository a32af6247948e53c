import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from archive import search
from archive import urls as archive_urls
from archive.middleware import DEFAULT_CONTENT_SECURITY_POLICY, DEFAULT_PERMISSIONS_POLICY
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    Person,
    Publication,
    Turn,
)

from .helpers import assert_escaped, audit_page

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
JAVASCRIPT_URL = "javascript:alert(1)"
PASSWORD = "a-long-editor-password"
ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile():
    """Rows whose every visible text is an attack, as a careless import could store them."""
    person = Person.objects.create(name=SCRIPT, slug="hostile-person")
    person.aliases.create(name=IMAGE)
    organisation = Organisation.objects.create(name=IMAGE, slug="hostile-organisation")
    publication = Publication.objects.create(
        name=SCRIPT, slug="hostile-publication", organisation=organisation
    )
    statement = Article.objects.create(
        title=SCRIPT,
        slug="hostile-statement",
        body=f"{IMAGE}\n\n{SCRIPT}",
        source_url=JAVASCRIPT_URL,
        content_hash="1" * 64,
        publication=publication,
    )
    interview = Article.objects.create(
        title=IMAGE,
        slug="hostile-interview",
        kind="interview",
        body="-",
        source_url=" JaVaScRiPt:alert(1)",
        content_hash="2" * 64,
    )
    Turn.objects.create(article=interview, position=1, speaker=person, text=IMAGE)
    for article in (statement, interview):
        ArticlePerson.objects.create(article=article, person=person, role="author")
        ArticleOrganisation.objects.create(
            article=article, organisation=organisation, role="mentioned"
        )
    return {"person": person, "statement": statement, "interview": interview}


def public_urls(hostile) -> list[str]:
    return [
        reverse("archive:home"),
        hostile["statement"].get_absolute_url(),
        hostile["interview"].get_absolute_url(),
        hostile["person"].get_absolute_url(),
        reverse("archive:organisation", kwargs={"slug": "hostile-organisation"}),
        reverse("archive:publication", kwargs={"slug": "hostile-publication"}),
        "/en/",
    ]


# --- headers -----------------------------------------------------------------------------------


def test_public_pages_send_the_security_headers(client, hostile):
    for url in public_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == DEFAULT_CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["Permissions-Policy"] == DEFAULT_PERMISSIONS_POLICY
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_are_under_the_same_policy(staff_client, hostile):
    url = reverse("admin:archive_article_change", args=[hostile["statement"].pk])
    response = staff_client.get(url)
    assert response["Content-Security-Policy"] == DEFAULT_CONTENT_SECURITY_POLICY


@override_settings(CONTENT_SECURITY_POLICY="default-src 'none'")
def test_the_policy_is_a_setting(client):
    assert client.get(reverse("archive:home"))["Content-Security-Policy"] == "default-src 'none'"


def test_pages_need_no_inline_script_or_style_so_the_policy_breaks_nothing(
    client, staff_client, hostile
):
    admin_urls = [
        reverse("admin:login"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_import"),
        reverse("admin:archive_article_change", args=[hostile["interview"].pk]),
        reverse("admin:archive_person_change", args=[hostile["person"].pk]),
    ]
    for url, visitor in [(u, client) for u in public_urls(hostile)] + [
        (u, staff_client) for u in admin_urls
    ]:
        audit = audit_page(visitor.get(url).content.decode())
        assert audit.inline_scripts == [], url
        assert audit.event_handlers == [], url
        assert audit.inline_styles == [], url


# --- the public site is read-only -------------------------------------------------------------


def test_public_pages_have_no_forms_that_change_data(client, hostile):
    for url in public_urls(hostile):
        forms = audit_page(client.get(url).content.decode()).forms
        assert all(method == "get" for method, _ in forms), url


def test_public_pages_refuse_post(client, hostile):
    for url in public_urls(hostile):
        assert client.post(url, {"title": "x"}).status_code == 405, url


def parameterless_archive_urls() -> list[str]:
    return [
        f"archive:{pattern.name}"
        for pattern in archive_urls.urlpatterns
        if pattern.name and not pattern.pattern.converters
    ]


@pytest.mark.parametrize("name", parameterless_archive_urls())
def test_anonymous_post_to_any_archive_url_changes_nothing(client, hostile, name):
    # Covers views added later too, such as an upload page: it must send strangers to log in.
    before = Article.objects.count(), Person.objects.count(), Candidate.objects.count()
    response = client.post(reverse(name), {"title": "x", "name": "x"})
    assert response.status_code in {302, 403, 405}
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"] or "login" in response["Location"]
    assert (Article.objects.count(), Person.objects.count(), Candidate.objects.count()) == before


@pytest.mark.parametrize(
    "model", ["article", "person", "organisation", "publication", "turn", "candidate"]
)
def test_anonymous_post_to_admin_add_is_sent_to_login(client, model):
    response = client.post(reverse(f"admin:archive_{model}_add"), {"name": "x", "title": "x"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert Article.objects.count() == Person.objects.count() == 0


def test_anonymous_post_cannot_change_or_delete_an_article(client, hostile):
    article = hostile["statement"]
    change = client.post(
        reverse("admin:archive_article_change", args=[article.pk]), {"title": "changed"}
    )
    delete_url = reverse("admin:archive_article_delete", args=[article.pk])
    delete = client.post(delete_url, {"post": "yes"})
    assert change.status_code == delete.status_code == 302
    article.refresh_from_db()
    assert article.title == SCRIPT


def test_logged_in_non_staff_users_cannot_edit(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password=PASSWORD)
    client.force_login(user)
    response = client.post(reverse("admin:archive_person_add"), {"name": "x", "slug": "x"})
    assert response.status_code == 302
    assert not Person.objects.exists()


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def test_admin_login_requires_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "editor", "password": PASSWORD}

    forged = client.post(reverse("admin:login"), credentials)
    assert forged.status_code == 403
    assert "_auth_user_id" not in client.session

    client.get(reverse("admin:login"))
    token = client.cookies["csrftoken"].value
    genuine = client.post(reverse("admin:login"), {**credentials, "csrfmiddlewaretoken": token})
    assert genuine.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_admin_edits_require_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        reverse("admin:archive_person_add"),
        {"name": "x", "slug": "x", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_every_admin_form_that_posts_carries_a_csrf_token(staff_client, hostile):
    pages = [
        Client().get(reverse("admin:login")),
        staff_client.get(reverse("admin:archive_article_change", args=[hostile["statement"].pk])),
        staff_client.get(reverse("admin:archive_person_changelist")),
    ]
    for page in pages:
        forms = audit_page(page.content.decode()).forms
        assert forms
        assert all(has_token for method, has_token in forms if method == "post")


# --- repeated failed logins --------------------------------------------------------------------


def log_in(client: Client, password: str):
    return client.post(reverse("admin:login"), {"username": "editor", "password": password})


@override_settings(AXES_ENABLED=True)
def test_five_failed_logins_lock_the_account_even_against_the_right_password(client, editor):
    for attempt in range(5):
        log_in(client, f"guess-{attempt}")

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_four_failed_logins_do_not_lock_the_editor_out(client, editor):
    for attempt in range(4):
        assert log_in(client, f"guess-{attempt}").status_code == 200

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


# --- hostile text is shown as text -------------------------------------------------------------


def test_article_page_escapes_title_and_body(client, hostile):
    html = client.get(hostile["statement"].get_absolute_url()).content.decode()
    assert_escaped(html, SCRIPT)
    assert_escaped(html, IMAGE)


def test_interview_page_escapes_speakers_and_turns(client, hostile):
    html = client.get(hostile["interview"].get_absolute_url()).content.decode()
    assert_escaped(html, SCRIPT)  # the speaker's name
    assert_escaped(html, IMAGE)  # the title and the turn's text
    assert audit_page(html).event_handlers == []


def test_person_home_organisation_and_publication_pages_escape_names(client, hostile):
    pages = {
        hostile["person"].get_absolute_url(): [SCRIPT, IMAGE],
        reverse("archive:home"): [SCRIPT, IMAGE],
        reverse("archive:organisation", kwargs={"slug": "hostile-organisation"}): [IMAGE, SCRIPT],
        reverse("archive:publication", kwargs={"slug": "hostile-publication"}): [SCRIPT],
    }
    for url, payloads in pages.items():
        html = client.get(url).content.decode()
        for payload in payloads:
            assert_escaped(html, payload)


def test_admin_change_lists_and_forms_escape_names_and_aliases(staff_client, hostile):
    checks = {
        reverse("admin:archive_article_changelist"): [SCRIPT, IMAGE],
        reverse("admin:archive_person_changelist"): [SCRIPT],
        reverse("admin:archive_organisation_changelist"): [IMAGE],
        reverse("admin:archive_person_change", args=[hostile["person"].pk]): [SCRIPT, IMAGE],
    }
    for url, payloads in checks.items():
        html = staff_client.get(url).content.decode()
        for payload in payloads:
            assert_escaped(html, payload)


def test_a_javascript_source_url_never_becomes_a_link(client, staff_client, hostile):
    for article in (hostile["statement"], hostile["interview"]):
        assert article.source_link == ""
        public = client.get(article.get_absolute_url()).content.decode()
        admin = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
        assert audit_page(public).unsafe_urls == []
        assert audit_page(admin.content.decode()).unsafe_urls == []


def test_an_http_source_url_is_linked(client, hostile):
    article = hostile["statement"]
    article.source_url = "https://example.org/بیانیه"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://example.org/بیانیه"' in html


def article_form(source_url: str) -> dict[str, str]:
    data = {
        "title": "بیانیه",
        "slug": "بیانیه",
        "kind": "article",
        "body": "متن",
        "language": "fa",
        "source_url": source_url,
    }
    for prefix in ("person_roles", "organisation_roles", "turns"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_the_admin_refuses_a_javascript_source_url(staff_client):
    refused = staff_client.post(reverse("admin:archive_article_add"), article_form(JAVASCRIPT_URL))
    assert refused.status_code == 200
    assert "source_url" in refused.context["adminform"].form.errors
    assert not Article.objects.exists()

    accepted = staff_client.post(
        reverse("admin:archive_article_add"), article_form("https://example.org/a")
    )
    assert accepted.status_code == 302
    assert Article.objects.get().source_url == "https://example.org/a"


# --- search, the JSON API, the feed, autocomplete and the import preview -----------------------

STRIKE = "اعتصاب"


@pytest.fixture
def indexed_hostile(hostile, fresh_index):
    """The hostile rows in the search index, with the attack beside and inside searched words."""
    statement = hostile["statement"]
    statement.body = f"{STRIKE} {IMAGE} {STRIKE}{SCRIPT}\n\nکارگران {JAVASCRIPT_URL} {STRIKE}"
    statement.save()
    search.index_articles([statement.pk, hostile["interview"].pk])
    return hostile


def marked_words(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html, flags=re.S)


def test_search_page_escapes_the_query_wherever_it_is_echoed(client, indexed_hostile):
    html = client.get(reverse("archive:search"), {"q": SCRIPT}).content.decode()
    assert_escaped(html, SCRIPT)  # the search box and the page title
    assert f'value="{escape(SCRIPT)}"' in html
    audit = audit_page(html)
    assert audit.inline_scripts == [] and audit.event_handlers == []


def test_a_suggested_spelling_is_escaped_in_its_text_and_link(client, indexed_hostile):
    html = client.get(reverse("archive:search"), {"q": f"{SCRIPT} اعتصاپ"}).content.decode()
    suggestion = re.search(r'<p class="suggestion">.*?</p>', html, flags=re.S).group()
    assert_escaped(suggestion, f"{SCRIPT} {STRIKE}")
    assert "%3Cscript%3E" in suggestion  # in the link, percent-encoded


def test_snippets_mark_escaped_text_only(client, indexed_hostile):
    html = client.get(reverse("archive:search"), {"q": STRIKE}).content.decode()
    assert_escaped(html, SCRIPT)  # the title, and the body in the snippet
    assert_escaped(html, IMAGE)
    marks = marked_words(html)
    assert f"{STRIKE}{escape(SCRIPT)}" in marks  # an attack glued to a searched word
    assert all("<" not in word and ">" not in word for word in marks)
    audit = audit_page(html)
    assert audit.event_handlers == [] and audit.inline_scripts == [] and audit.unsafe_urls == []


def test_rejected_search_options_are_echoed_escaped(client, indexed_hostile):
    response = client.get(reverse("archive:search"), {"kind": SCRIPT, "person": IMAGE})
    assert response.status_code == 400
    html = response.content.decode()
    assert_escaped(html, SCRIPT)  # "this value is not allowed: …"
    assert audit_page(html).event_handlers == []


def test_the_search_api_returns_json_text_with_escaped_snippets(client, indexed_hostile):
    response = client.get(reverse("archive:api-search"), {"q": STRIKE})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    hit = next(h for h in response.json()["results"] if h["url"].endswith("/hostile-statement/"))
    assert hit["title"] == SCRIPT  # text for the client to insert as text
    snippets = " ".join(hit["snippets"])  # HTML, escaped by the server
    assert_escaped(snippets, IMAGE)
    assert all("<" not in word for word in marked_words(snippets))

    refused = client.get(reverse("archive:api-search"), {"kind": SCRIPT})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/json"
    assert SCRIPT in str(refused.json()["fields"]["kind"])


def test_autocomplete_returns_names_as_json_text(client, indexed_hostile):
    response = client.get(reverse("archive:api-autocomplete"), {"q": "<scr"})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert [r["name"] for r in response.json()["results"]] == [SCRIPT]


def test_the_autocomplete_script_inserts_names_as_text():
    script = (ROOT / "static" / "js" / "autocomplete.js").read_text(encoding="utf-8")
    assert "name.textContent = item.name" in script
    # innerHTML only ever empties the list; nothing else parses markup.
    assert set(re.findall(r"innerHTML\s*=\s*([^;]+);", script)) == {'""'}
    for parser in ("insertAdjacentHTML", "outerHTML", "document.write", "DOMParser", "eval("):
        assert parser not in script


def test_the_feed_escapes_titles_and_summaries(client, hostile):
    response = client.get(reverse("archive:feed"))
    assert SCRIPT.encode() not in response.content and IMAGE.encode() not in response.content
    # Test input, our own feed.
    feed = ET.fromstring(response.content)  # noqa: S314
    entry = next(
        e
        for e in feed.iter(f"{ATOM}entry")
        if e.find(f"{ATOM}link").get("href").endswith("/hostile-statement/")
    )
    assert entry.findtext(f"{ATOM}title") == SCRIPT  # plain text in Atom
    summary = entry.find(f"{ATOM}summary")
    # type="html": a feed reader renders the decoded summary as HTML, so it must itself be
    # escaped HTML that shows the attack as text.
    assert summary.get("type") == "html"
    assert summary.text == escape(IMAGE)
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == SCRIPT


def test_the_import_preview_shows_a_hostile_text_escaped(staff_client):
    text = f"بیانیهٔ کارگران {SCRIPT}\n۳ اسفند ۱۴۰۲\n\n{IMAGE} کارگران دست از کار کشیدند.\n"
    response = staff_client.post(
        reverse("admin:archive_article_import"), {"text": text, "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert_escaped(html, SCRIPT)  # the title, in its field
    assert_escaped(html, IMAGE)  # the beginning of the text
    audit = audit_page(html)
    assert audit.event_handlers == [] and audit.inline_scripts == []
    assert not Article.objects.exists()
