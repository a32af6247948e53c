"""The database and the search index under faults, with real processes: crashes, concurrent
imports, edits and rebuilds, a read-only index.

Each test runs manage.py commands in processes of their own over one SQLite file and one
index directory (not the test database, which other processes cannot see), as a server, a
cron job and an editor's import would.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.management.commands.check_index import DRIFT_FOUND
from archive.search import INDEX_NOT_UPDATED
from tests.helpers import in_english

ROOT = Path(__file__).resolve().parents[2]
SPEAKERS = ("خلیل کیوان", "شهلا دانشفر")
TIMEOUT = 300


def text(n: int) -> str:
    """A text of its own (its own content hash); every third an interview with turns."""
    header = f"گزارش شماره {n} از اعتصاب کارخانه\n۳ اسفند ۱۴۰۲\n\n"
    if n % 3:
        return header + f"کارگران واحد {n} برای دستمزد معوق دست از کار کشیدند."
    host, guest = SPEAKERS
    return header + "\n\n".join(
        [
            f"{host}: در واحد {n} چه گذشت؟",
            f"{guest}: کارگران واحد {n} دستمزد خود را خواستند.",
            f"{host}: و پاسخ کارفرما؟",
            f"{guest}: هنوز هیچ، اعتصاب ادامه دارد.",
        ]
    )


def write_texts(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"{n}.txt").write_text(text(n), encoding="utf-8")
    return folder


@dataclass
class Site:
    """An archive on disk: a SQLite file and an index directory, run by manage.py."""

    root: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{self.root / 'archive.sqlite3'}",
            "ARCHIVE_TEST_INDEX_DIR": str(self.root / "index"),
            "HOME": str(self.root),
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def start(self, *args: str, prefix: tuple[str, ...] = (), code: str | None = None):
        command = [*prefix, sys.executable]
        command += ["-c", code, *args] if code else ["manage.py", *args]
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return finish(self.start(*args, **kwargs))


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = process.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# A script run as a process: Django set up as manage.py does, then the test's lines.
SETUP = "import django, sys; django.setup()\n"

# An editor saving articles and renaming a person in the admin while imports run: every
# save commits, then re-indexes what it changed.
EDITS = (
    SETUP
    + """
from django.db import transaction
from archive.models import Article, Person
for article in Article.objects.order_by("pk")[:8]:
    with transaction.atomic():
        article.title = article.title + " (ویراسته)"
        article.save()
with transaction.atomic():
    person = Person.objects.get(name="خلیل کیوان")
    person.name = "خلیل کیوان‌زاده"
    person.save()
"""
)

# Dies the moment the articles, committed, are handed to the index: a power cut, an OOM kill.
CRASH_BEFORE_INDEXING = (
    SETUP
    + """
import os
from django.core.management import call_command
from archive.search import indexing
def killed(ids):
    os._exit(70)
indexing.index_articles = killed
call_command("import_articles", *sys.argv[1:])
"""
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once; each test copies it."""
    site = Site(tmp_path_factory.mktemp("template"))
    result = site.run("migrate", "--noinput", "-v", "0")
    assert result.returncode == 0, result.stderr
    return site.root / "archive.sqlite3"


@pytest.fixture
def site(migrated) -> Site:
    # Under /tmp with open permissions: one test runs a process as another user.
    root = Path(tempfile.mkdtemp(prefix="archive-site-"))
    root.chmod(0o755)
    shutil.copy(migrated, root / "archive.sqlite3")
    yield Site(root)
    shutil.rmtree(root, ignore_errors=True)


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "LockError" not in result.stderr


COUNT_ARTICLES = "from archive.models import Article\nprint(Article.objects.count())"


def count_articles(site: Site) -> int:
    result = site.run(code=SETUP + COUNT_ARTICLES)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_a_crash_between_commit_and_index_is_found_and_repaired(site):
    texts = write_texts(site.root / "texts", range(6))

    crashed = site.run(str(texts), code=CRASH_BEFORE_INDEXING)

    assert crashed.returncode == 70
    assert count_articles(site) == 6  # every article committed before the crash
    check = site.run("check_index")
    assert check.returncode == 1
    # 6 articles and the 8 turns of the two interviews
    assert "14 documents in the database but not in the index" in check.stdout
    assert DRIFT_FOUND in check.stderr
    repair = site.run("check_index", "--repair")
    assert_clean(repair)
    assert "Repaired" in repair.stdout
    assert "matches the database" in site.run("check_index").stdout


def test_imports_edits_and_a_rebuild_at_once_lose_nothing(site):
    assert_clean(site.run("import_articles", str(write_texts(site.root / "old", range(0, 30)))))

    folder_a = write_texts(site.root / "a", range(100, 140))
    folder_b = write_texts(site.root / "b", range(200, 240))
    processes = {
        "import a": site.start("import_articles", str(folder_a)),
        "import b": site.start("import_articles", str(folder_b)),
        "edits": site.start(code=EDITS),
        "rebuild": site.start("rebuild_index", "--noinput"),
    }
    results = {name: finish(process) for name, process in processes.items()}
    # update_index after the others: the index must already be whole, this changes nothing.
    results["update"] = site.run("update_index")

    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert "Traceback" not in result.stderr, name
        assert "LockError" not in result.stderr, name
    assert count_articles(site) == 110
    check = site.run("check_index")
    assert "matches the database" in check.stdout, check.stdout
    renamed = site.run(
        code=SETUP
        + "from archive import search\n"
        + "page = search.search(search.SearchQuery(q='ویراسته', per_page=50))\n"
        + "print(page.count)"
    )
    assert renamed.stdout.strip() == "8"


def _as_nobody() -> tuple[str, ...]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the import as an unprivileged user")
    return ("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")


def test_a_read_only_index_stops_nothing_but_the_index(site):
    nobody = _as_nobody()
    assert_clean(site.run("import_articles", str(write_texts(site.root / "old", range(3)))))
    # The database is the service user's; the index directory is not (a root-owned mount,
    # a permissions slip): root itself would write through any chmod.
    texts = write_texts(site.root / "new", range(10, 14))
    for path in [site.root, *site.root.glob("archive.sqlite3*"), texts, *texts.iterdir()]:
        shutil.chown(path, "nobody", "nogroup")

    result = site.run("import_articles", str(texts), prefix=nobody)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    error = result.stderr.strip().splitlines()[-1]
    prefix = in_english(INDEX_NOT_UPDATED).split("{error}")[0]
    assert error.startswith(f"CommandError: {prefix}"), result.stderr
    assert "Permission denied" in error
    assert "imported: 4" in result.stdout
    assert count_articles(site) == 7
    # Searching still works for the web server, which cannot write the index either.
    found = site.run(
        code=SETUP
        + "from archive import search\n"
        + "print(search.search(search.SearchQuery(q='دستمزد')).count)",
        prefix=nobody,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "3"  # the three old articles; the new ones not yet

    assert site.run("check_index").returncode == 1
    assert_clean(site.run("check_index", "--repair"))
    assert "matches the database" in site.run("check_index").stdout
