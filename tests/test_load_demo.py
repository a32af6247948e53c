import io
import json

import pytest
from django.core.management import call_command

from archive.management.commands.load_demo import DEMO_DIR
from archive.models import Article, ArticlePerson, Organisation, Person

pytestmark = pytest.mark.django_db

CAST = {
    "people": [{"name": "مریم رحیمی", "aliases": ["مريم رحيمي"], "description": "معلم"}],
    "organisations": [
        {"name": "سندیکای کارگران شرکت واحد", "aliases": ["سندیکای واحد"], "kind": "union"}
    ],
}


@pytest.fixture
def demo_dir(tmp_path):
    (tmp_path / "cast.json").write_text(json.dumps(CAST, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a text", encoding="utf-8")
    (tmp_path / "01.txt").write_text(
        "گزارش تجمع معلمان\n۱۲ مهر ۱۴۰۰\n\nمريم رحيمي گفت سندیکای واحد هم حمایت کرد.",
        encoding="utf-8",
    )
    (tmp_path / "02.txt").write_text(
        "بیانیه رانندگان\n۱۳ مهر ۱۴۰۰\n\nرانندگان خواهان قرارداد دائم هستند.", encoding="utf-8"
    )
    return tmp_path


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_cast_is_created_and_the_texts_imported_and_linked(demo_dir):
    out = load("--dir", str(demo_dir))
    assert "texts imported: 2" in out
    assert Article.objects.count() == 2  # README.md is not a text
    maryam = Person.objects.get(name="مریم رحیمی")
    assert maryam.aliases.filter(name="مريم رحيمي").exists()
    assert Organisation.objects.get(name="سندیکای کارگران شرکت واحد").kind == "union"
    report = Article.objects.get(title="گزارش تجمع معلمان")
    assert ArticlePerson.objects.filter(article=report, person=maryam, role="mentioned").exists()
    assert report.organisation_roles.filter(role="mentioned").count() == 1


def test_if_empty_leaves_a_filled_archive_alone(demo_dir):
    load("--dir", str(demo_dir))
    (demo_dir / "03.txt").write_text("خبر\n۱ آبان ۱۴۰۰\n\nمتن تازه.", encoding="utf-8")
    out = load("--dir", str(demo_dir), "--if-empty")
    assert "not empty" in out
    assert Article.objects.count() == 2


def test_loading_twice_creates_nothing_new(demo_dir):
    load("--dir", str(demo_dir))
    out = load("--dir", str(demo_dir))
    assert "already in archive: 2" in out
    assert Person.objects.count() == 1


@pytest.mark.skipif(not (DEMO_DIR / "cast.json").exists(), reason="demo texts not in this tree")
def test_the_shipped_demo_loads_completely():
    out = load()
    texts = sorted(DEMO_DIR.glob("*.txt"))
    assert f"texts imported: {len(texts)}" in out
    assert "refused: 0" in out
    cast = json.loads((DEMO_DIR / "cast.json").read_text(encoding="utf-8"))
    assert Person.objects.filter(name__in=[p["name"] for p in cast["people"]]).count() == len(
        cast["people"]
    )
    # Every person of the cast turns up linked in at least one text.
    linked = set(ArticlePerson.objects.values_list("person__name", flat=True))
    assert linked >= {p["name"] for p in cast["people"]}
