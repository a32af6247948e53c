"""Assertions about rendered HTML that several test modules share."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import translation
from django.utils.html import escape

# Script types a browser does not execute (data blocks such as Django's json_script).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def assert_escaped(html: str, payload: str) -> None:
    """Assert that payload appears in html as escaped text and never as live markup."""
    assert payload not in html, f"unescaped {payload!r} in the page"
    assert escape(payload) in html, f"escaped {escape(payload)!r} missing from the page"


@dataclass
class PageAudit:
    """What in a page matters to the Content-Security-Policy, CSRF and link safety."""

    inline_scripts: list[str] = field(default_factory=list)
    inline_styles: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    unsafe_urls: list[str] = field(default_factory=list)
    # (method, has a CSRF token field) for every form
    forms: list[tuple[str, bool]] = field(default_factory=list)


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.audit = PageAudit()
        self._in_inline_script = False
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.audit.event_handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.audit.inline_styles.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and value and _is_unsafe_url(value):
                self.audit.unsafe_urls.append(value)
        if tag == "style":
            self.audit.inline_styles.append("<style>")
        if tag == "script" and "src" not in attributes:
            self._in_inline_script = attributes.get("type") not in DATA_SCRIPT_TYPES
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.audit.forms.append((method, False))
        if tag == "input" and attributes.get("name") == "csrfmiddlewaretoken" and self.audit.forms:
            method, _ = self.audit.forms[-1]
            self.audit.forms[-1] = (method, True)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.audit.inline_scripts.append(data.strip()[:80])


def _is_unsafe_url(value: str) -> bool:
    # Browsers ignore leading spaces and control characters and letter case in a scheme.
    stripped = "".join(ch for ch in value if ch > " ").lower()
    if ":" not in stripped.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return False  # relative URL, no scheme
    return not stripped.startswith(SAFE_SCHEMES)


def audit_page(html: str) -> PageAudit:
    """Collect inline scripts and styles, event handlers, unsafe URLs and forms in html."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.audit


def in_english(text) -> str:
    """Return a translatable message as the commands print it: untranslated."""
    with translation.override(None):
        return str(text)
