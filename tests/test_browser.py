"""A reader's journey in a real browser: Debian's Chromium driven by Playwright.

Screenshots go to tests/artifacts/ (git-ignored) for a person to review the design.
"""

import datetime
import os
from pathlib import Path

import pytest

from archive import search
from tests.factories import make_article, make_organisation, make_person, make_publication

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (building data) are then refused as "async unsafe" without this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser, live_server):
    """Open pages at a viewport size; every request must stay on our own server."""
    contexts = []
    foreign: list[str] = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="fa-IR")
        contexts.append(context)
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(live_server.url) else foreign.append(request.url)
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert foreign == [], "requests left the server's host"


@pytest.fixture
def archive(transactional_db, fresh_index):
    host = make_person("جعفر عظیم‌زاده", slug="jafar")
    guest = make_person("پروین محمدی", slug="parvin", description="فعال کارگری در هفت‌تپه.")
    union = make_organisation("سندیکای کارگران نیشکر هفت‌تپه", slug="haft-tappeh")
    publication = make_publication("نشریه کار", slug="kar", organisation=union)
    turns = (
        (host, "از اعتصاب کارگران نیشکر بگویید؛ چه شد که دست از کار کشیدید؟"),
        (
            guest,
            "کارگران نیشکر هفت‌تپه ماه‌ها دستمزد نگرفته بودند. ما در مجمع عمومی تصمیم "
            "گرفتیم که تا پرداخت همهٔ مطالبات کار را متوقف کنیم.\n\n"
            "همبستگی خانواده‌ها و مردم شهر ما را نگه داشت.",
        ),
        (host, "نقش سندیکا در این میان چه بود؟"),
        (guest, "سندیکا صدای ما بود؛ بی آن هر اعتراضی پراکنده می‌ماند."),
    )
    interview = make_article(
        "گفت‌وگو با پروین محمدی دربارهٔ اعتصاب نیشکر",
        slug="interview",
        body="\n\n".join(f"{speaker.name}: {text}" for speaker, text in turns),
        published_on=datetime.date(2023, 5, 1),
        publication=publication,
        source_url="https://example.org/interview",
        hosts=(host,),
        organisations=(union,),
        turns=turns,
    )
    others = [
        make_article(
            f"بیانیهٔ سندیکا دربارهٔ دستمزد، شمارهٔ {n}",
            published_on=datetime.date(2015 + n, 6, 1),
            publication=publication,
            author_organisations=(union,),
            mentioned=(guest,),
        )
        for n in range(1, 7)
    ]
    search.index_articles(a.pk for a in [interview, *others])
    return {"interview": interview, "guest": guest}


def direction(page) -> str:
    return page.evaluate("getComputedStyle(document.body).direction")


def brand_is_on_the(page, side: str) -> bool:
    box = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    centre = box["x"] + box["width"] / 2
    return centre > width / 2 if side == "right" else centre < width / 2


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_reader_journey(page_at, live_server, archive):
    page = page_at()

    # Home: Persian, right to left, in our own web font.
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert direction(page) == "rtl"
    assert brand_is_on_the(page, "right")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    page.screenshot(path=ARTIFACTS / "home-fa-desktop.png", full_page=True)

    # Search with Arabic letter forms; the Persian-spelt interview is found.
    page.fill("#home-search", "كارگران نيشكر")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search/?*")
    hit = page.locator(".hit__title a", has_text="گفت‌وگو با پروین محمدی")
    assert hit.count() == 1
    assert page.locator(".hits mark").count() > 0
    page.screenshot(path=ARTIFACTS / "search-fa-desktop.png", full_page=True)

    # Open the article: a dialogue with one anchor per turn, the searched words marked.
    hit.click()
    page.wait_for_url("**/articles/interview/?q=*")
    assert page.locator(".article__body mark").count() > 0
    assert page.locator("h1").inner_text() == archive["interview"].title
    assert page.locator(".turn").count() == 4
    page.screenshot(path=ARTIFACTS / "article-fa-desktop.png", full_page=True)

    # Follow the speaker of the second turn to their page.
    page.locator("#turn-2 .turn__speaker a").first.click()
    page.wait_for_url("**/people/parvin/")
    assert page.locator("h1").inner_text() == "پروین محمدی"
    assert page.locator(".said__turn").count() == 2
    page.screenshot(path=ARTIFACTS / "person-fa-desktop.png", full_page=True)

    # Switch to English: the same page, left to right.
    page.locator(".language-switch a").click()
    page.wait_for_url("**/en/people/parvin/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert direction(page) == "ltr"
    assert brand_is_on_the(page, "left")
    assert page.locator("#said-title").inner_text().startswith("What they said")
    page.screenshot(path=ARTIFACTS / "person-en-desktop.png", full_page=True)

    # And back to Persian.
    page.locator(".language-switch a").click()
    page.wait_for_url(lambda url: url.endswith("/people/parvin/") and "/en/" not in url)
    assert direction(page) == "rtl"
    assert page.locator("#said-title").inner_text().startswith("آنچه گفته است")


def test_autocomplete_suggests_people_and_opens_their_page(page_at, live_server, archive):
    page = page_at()
    page.goto(live_server.url + "/")
    page.locator("#home-search").press_sequentially("پروی", delay=30)
    option = page.locator("#home-search-suggestions [role=option]", has_text="پروین محمدی")
    option.wait_for()
    page.keyboard.press("ArrowDown")
    page.screenshot(path=ARTIFACTS / "autocomplete-fa-desktop.png")
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/parvin/")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("article", "/articles/interview/"),
        ("person", "/people/parvin/"),
        ("search", "/search/?q=%D9%86%DB%8C%D8%B4%DA%A9%D8%B1"),
        ("article-en", "/en/articles/interview/"),
    ],
)
def test_pages_fit_a_phone_screen(page_at, live_server, archive, name, path):
    page = page_at(PHONE)
    page.goto(live_server.url + path)
    assert fits_the_screen(page)
    expected = "ltr" if path.startswith("/en/") else "rtl"
    assert direction(page) == expected
    page.screenshot(path=ARTIFACTS / f"{name}-phone.png", full_page=True)


def test_print_stylesheet_keeps_only_the_article(page_at, live_server, archive):
    page = page_at()
    page.goto(live_server.url + "/articles/interview/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".related").is_visible()
    assert page.locator(".turn").first.is_visible()
    assert page.locator(".cite__text").is_visible()


def test_autocomplete_shows_a_hostile_name_as_text(page_at, live_server, archive):
    name = "<img src=x onerror=window.attacked=1> کارگر"
    make_person(name, slug="hostile")
    page = page_at()
    page.goto(live_server.url + "/")
    page.locator("#home-search").press_sequentially("<img", delay=30)
    option = page.locator("#home-search-suggestions [role=option]").first
    option.wait_for()
    assert option.locator("span").first.inner_text() == name
    assert page.locator("#home-search-suggestions img").count() == 0
    assert page.evaluate("window.attacked") is None


# --- Citing and searching ---------------------------------------------------------------


def centre_x(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2


def wait_until_copied(page, target: str) -> None:
    """Wait for the copy button of `target` to say it copied (the clipboard call is async)."""
    page.wait_for_function(
        f"() => document.querySelector('button[data-copy-target={target}]').textContent"
        " === 'کپی شد'"
    )


def test_copy_button_puts_the_reference_on_the_clipboard(page_at, live_server, archive):
    page = page_at()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    interview = archive["interview"]
    page.goto(live_server.url + interview.get_absolute_url())
    button = page.locator('button[data-copy-target="cite-text"]')
    assert button.is_visible()
    button.click()
    wait_until_copied(page, "cite-text")
    copied = page.evaluate("navigator.clipboard.readText()")
    # Each part is bidi-isolated, as on the page, to keep its order wherever it is pasted.
    assert copied.startswith("\u2068پروین محمدی\u2069، ")
    assert copied.replace("\u2068", "").replace("\u2069", "") == (
        "پروین محمدی، گفت‌وگو از جعفر عظیم‌زاده، «گفت‌وگو با پروین محمدی دربارهٔ اعتصاب نیشکر»، "
        f"نشریه کار، ۱۱ اردیبهشت ۱۴۰۲ (۲۰۲۳-۰۵-۰۱). {live_server.url}/a/{interview.pk}/"
    )
    # The BibTeX entry is copied with its line breaks.
    page.locator(".cite details summary").click()
    page.locator('button[data-copy-target="cite-bibtex"]').click()
    wait_until_copied(page, "cite-bibtex")
    assert "\n  author = {پروین محمدی},\n" in page.evaluate("navigator.clipboard.readText()")
    page.screenshot(path=ARTIFACTS / "cite-copied-fa-desktop.png", full_page=True)


def test_a_phone_reader_reaches_the_facets_before_the_results(page_at, live_server, archive):
    page = page_at(PHONE)
    page.goto(live_server.url + "/search/?q=%D8%B3%D9%86%D8%AF%DB%8C%DA%A9%D8%A7")
    jump = page.locator(".facets-jump a")
    assert jump.is_visible()
    assert jump.bounding_box()["y"] < page.locator(".hit").first.bounding_box()["y"]
    facets = page.locator("#facets")
    assert not facets.is_visible() or facets.bounding_box()["y"] > PHONE["height"]
    jump.click()
    page.wait_for_url("**#facets")
    # Scrolling may be smooth: wait until the facets are on the screen.
    page.wait_for_function(
        "() => { const top = document.getElementById('facets').getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight / 2; }"
    )
    assert facets.locator("a").first.is_visible()
    page.screenshot(path=ARTIFACTS / "search-facets-phone.png")

    # On a wide screen the facets are beside the results: no jump needed.
    wide = page_at(DESKTOP)
    wide.goto(live_server.url + "/search/?q=%D8%B3%D9%86%D8%AF%DB%8C%DA%A9%D8%A7")
    assert not wide.locator(".facets-jump a").is_visible()
    assert centre_x(wide.locator("#facets")) < centre_x(wide.locator(".hits"))


def test_page_numbers_read_right_to_left(page_at, live_server, archive):
    more = [
        make_article(f"گزارش سندیکا {n}", published_on=datetime.date(2010, 1, 1 + n % 28))
        for n in range(60)
    ]
    search.index_articles(a.pk for a in more)
    page = page_at()
    page.goto(live_server.url + "/search/?q=%D8%B3%D9%86%D8%AF%DB%8C%DA%A9%D8%A7&page=2")
    nav = page.locator(".pagination")
    previous, following = nav.locator("[rel=prev]"), nav.locator("[rel=next]")
    first, second = nav.get_by_text("۱", exact=True), nav.get_by_text("۳", exact=True)
    # Persian reads from the right: previous, ۱, ۲, ۳ … then next at the far left.
    assert centre_x(previous) > centre_x(first) > centre_x(second) > centre_x(following)
    assert nav.locator("[aria-current=page] [aria-hidden=true]").inner_text() == "۲"
    following.click()
    page.wait_for_url("**page=3")
    assert page.locator(".pagination [aria-current=page] [aria-hidden=true]").inner_text() == "۳"
    page.screenshot(path=ARTIFACTS / "search-pages-fa-desktop.png", full_page=True)
