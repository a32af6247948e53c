"""Two web servers, one archive: what one server saves, the other finds at once.

Two gunicorn servers (production settings), each on its own port with its own data and index
folders, share nothing but a PostgreSQL database of their own and the PostgreSQL search
engine. An editor imports, edits and deletes an article in one server's admin; a reader
searches through the other's /api/search/ right after each answer, without waiting.
"""

import html.parser
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
PASSWORD = "two-servers-only"

pytestmark = pytest.mark.postgres

TEXT = """اعتصاب در کارخانه لوله‌سازی
۳ اسفند ۱۴۰۲

کارگران کارخانه لوله‌سازی برای دستمزد معوق دست از کار کشیدند.
"""


def _database() -> dict:
    found = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        pytest.skip("two servers share a PostgreSQL database: set DATABASE_URL=postgres://…")
    return found


def _admin_sql(database: dict, statement: str) -> None:
    import psycopg

    with psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Form(html.parser.HTMLParser):
    """The fields a browser would send with the first form holding `marker` (a field name)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                (name, a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(page)
    return parser.fields


class Browser:
    """One client of one server: keeps its cookies (sent over plain http, as the proxy would)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None) -> tuple[int, str, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        page = response.read().decode()
        return response.status, page, dict(response.headers)

    def get(self, path: str) -> str:
        status, page, _ = self.request("GET", path)
        assert status == 200, (path, status, page[:500])
        return page

    def post(self, path: str, fields) -> tuple[int, str, dict]:
        fields = [(k, v) for k, v in fields if k != "csrfmiddlewaretoken"]
        return self.request(
            "POST", path, [*fields, ("csrfmiddlewaretoken", self.cookies["csrftoken"])]
        )

    def search(self, q: str) -> list[str]:
        found = json.loads(self.get("/api/search/?" + urllib.parse.urlencode({"q": q})))
        return [hit["title"] for hit in found["results"]]


class Server:
    def __init__(self, work: Path, database_url: str):
        self.port = _free_port()
        self.work = work
        work.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "ARCHIVE_DATA_DIR": str(work / "data"),
            "ARCHIVE_INDEX_DIR": str(work / "index"),
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "DATABASE_URL": database_url,
            "ARCHIVE_SEARCH_ENGINE": "postgres",
            "PORT": str(self.port),
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )

    def start(self) -> None:
        self.manage("collectstatic", "--noinput", "-v", "0")
        log = open(self.work / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "--config",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.work / "gunicorn.log").read_text()
            try:
                if Browser(self.port).request("GET", "/api/search/?q=x")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"gunicorn on port {self.port} did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def two_servers(tmp_path):
    database = _database()
    name = f"archive_two_servers_{uuid.uuid4().hex[:12]}"
    _admin_sql(database, f'CREATE DATABASE "{name}"')
    url = "postgres://{user}{password}@{host}:{port}/{name}".format(
        user=database["USER"] or "",
        password=f":{database['PASSWORD']}" if database["PASSWORD"] else "",
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        name=name,
    )
    servers = [Server(tmp_path / "one", url), Server(tmp_path / "two", url)]
    try:
        servers[0].manage("migrate", "--noinput", "-v", "0")
        servers[0].env["DJANGO_SUPERUSER_PASSWORD"] = PASSWORD
        servers[0].manage(
            "createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"
        )
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()
        _admin_sql(database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _log_in(editor: Browser) -> None:
    editor.get("/admin/login/")
    status, page, _ = editor.post(
        "/admin/login/?next=/admin/",
        [("username", "editor"), ("password", PASSWORD), ("next", "/admin/")],
    )
    assert status == 302, page[:500]


def test_what_one_server_saves_the_other_finds_at_once(two_servers):
    one, two = two_servers
    editor, reader = Browser(one.port), Browser(two.port)
    _log_in(editor)
    assert reader.search("لوله‌سازی") == []

    # Imported through the first server's admin (preview, then save) ...
    editor.get("/admin/archive/article/import/")
    _, preview, _ = editor.post(
        "/admin/archive/article/import/", [("text", TEXT), ("preview", "1")]
    )
    status, saved, _ = editor.post(
        "/admin/archive/article/import/", [*form_fields(preview), ("save", "1")]
    )
    assert status == 200, saved[:500]
    # ... found through the second server's API, with no wait and no index of its own.
    assert reader.search("لوله‌سازی") == ["اعتصاب در کارخانه لوله‌سازی"]
    assert reader.search("دستمزد معوق") == ["اعتصاب در کارخانه لوله‌سازی"]

    # Edited through the first: the second finds the new words and no longer the old.
    (pk,) = {int(p) for p in _change_links(saved)}
    change = f"/admin/archive/article/{pk}/change/"
    fields = [
        (k, "اعتصاب در کارخانه فولاد" if k == "title" else v.replace("لوله‌سازی", "فولاد"))
        for k, v in form_fields(editor.get(change))
    ]
    status, page, _ = editor.post(change, [*fields, ("_save", "Save")])
    assert status == 302, page[:2000]
    assert reader.search("فولاد") == ["اعتصاب در کارخانه فولاد"]
    assert reader.search("لوله‌سازی") == []

    # Deleted through the first: gone from the second at once.
    delete = f"/admin/archive/article/{pk}/delete/"
    editor.get(delete)
    status, page, _ = editor.post(delete, [("post", "yes")])
    assert status == 302, page[:500]
    assert reader.search("فولاد") == []
    assert reader.search("دستمزد") == []


def _change_links(page: str) -> list[str]:
    import re

    return re.findall(r"/admin/archive/article/(\d+)/change/", page)
