"""Measure how fast each intake format is read: one line per format, files/s and texts/s.

    python -m benchmarks.intake [--files 5]

Reads (extracts and parses) small generated files of every format the importer takes, as a
read worker does: no database, no index. The files come from the test fixtures
(tests/importer/formats/files.py: our own wording, Vazirmatn for PDFs and scans), so this needs
the dev requirements; OCR is measured only where Tesseract with its Persian model is installed.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A post of the Telegram export: the fixture's three posts with text, repeated.
_CHANNEL_POSTS = 50


def _formats(tmp: Path) -> dict[str, tuple[str, Callable[[], bytes]]]:
    from tests.importer.formats import files

    def channel() -> bytes:
        posts = []
        for i in range(_CHANNEL_POSTS // 3 + 1):
            for post in files.telegram_posts():
                posts.append({**post, "id": post["id"] + 10 * i})
        return files.telegram_export(posts)

    text = "\n".join(files.STATEMENT_LINES * 20).encode()
    return {
        "plain text": ("statement.txt", lambda: text),
        "telegram json": ("result.json", channel),
        "telegram html": ("messages.html", files.telegram_html),
        "web page": ("page.html", files.web_page),
        "mhtml": ("page.mhtml", lambda: files.mhtml(files.web_page())),
        "docx": ("statement.docx", files.docx_file),
        "pdf": ("statement.pdf", lambda: files.pdf_file(tmp)),
        "pdf, reversed lines": ("statement.pdf", lambda: files.pdf_file(tmp, shaped=True)),
        "scan (png, ocr)": ("scan.png", lambda: files.page_image(tmp)),
        "scanned pdf (ocr)": ("scan.pdf", lambda: files.image_pdf(files.page_image(tmp))),
    }


def measure(name: str, data: bytes, count: int) -> tuple[float, int, str]:
    """Seconds to read the file `count` times, the texts found, and a refusal if any."""
    from archive.importer.files import read_file
    from archive.importer.messages import render

    read_file(name, data)  # a format's libraries load on its first file: not counted
    texts, started = 0, time.perf_counter()
    for _ in range(count):
        reading = read_file(name, data)
        if reading.error is not None:
            return time.perf_counter() - started, 0, render(reading.error)
        texts += sum(1 for _piece, r in reading.texts if r.error is None)
    return time.perf_counter() - started, texts, ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5, help="reads of each format's file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()  # messages are worded through Django's translations
    from archive.importer.formats import ocr
    from archive.text.persian import known_share

    known_share("کارگران")  # the lexicon loads once per process: not part of any format
    with tempfile.TemporaryDirectory() as folder:
        formats = _formats(Path(folder))
        print(f"{'format':<22} {'files/s':>8} {'texts/s':>8} {'ms/file':>8}")
        for label, (name, make) in formats.items():
            if "ocr" in label and not ocr.available():
                print(f"{label:<22} skipped: Tesseract with its Persian model is not installed")
                continue
            seconds, texts, refusal = measure(name, make(), args.files)
            if refusal:
                print(f"{label:<22} refused: {refusal}")
                continue
            print(
                f"{label:<22} {args.files / seconds:>8.1f} {texts / seconds:>8.1f} "
                f"{seconds * 1000 / args.files:>8.1f}"
            )


if __name__ == "__main__":
    main()
