"""Scans and photos (PNG, JPEG, TIFF, and PDFs of page images): OCR with Tesseract in Persian.

Each page is cleaned up first (upright by its EXIF, grey, contrast stretched, small scans
enlarged, specks removed, then black on white), which is what Tesseract reads best. Text read
this way always needs review: the article keeps the page image so an editor can compare.

Tesseract and its Persian model are Debian packages (`make ocr` installs them where root apt
is available); without them a scan is refused with a note that says so.
"""

import functools
import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive.importer.formats import Extraction, Piece, refusal, unreadable
from archive.importer.notes import Code, note

LANGUAGE = "fas"
MAX_PAGES = 50
MAX_PIXELS = 60_000_000  # per page: a photo from a phone has 12–50 million
_TIMEOUT = 180  # seconds for one page
_MIN_WIDTH = 1600  # pixels: narrower scans are enlarged, Tesseract wants ~300 dpi
PDF_TYPE = "application/pdf"


@functools.cache
def tesseract() -> str | None:
    """The path of the tesseract program, when it is installed."""
    return shutil.which("tesseract")


@functools.cache
def available() -> bool:
    """Whether Tesseract with its Persian model can be run here."""
    program = tesseract()
    if program is None:
        return False
    try:
        listed = subprocess.run(  # noqa: S603 (our arguments, no shell)
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def clean_up(image):
    """A page made easy to read: upright, grey, stretched, enlarged, despeckled, black on white."""
    from PIL import Image, ImageFilter, ImageOps

    image = ImageOps.exif_transpose(image)
    grey = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    if grey.width < _MIN_WIDTH:
        scale = _MIN_WIDTH / grey.width
        grey = grey.resize((_MIN_WIDTH, round(grey.height * scale)), Image.Resampling.LANCZOS)
    grey = grey.filter(ImageFilter.MedianFilter(3))
    threshold = _otsu(grey.histogram())
    return grey.point(lambda value: 255 if value > threshold else 0)


def _otsu(histogram: list[int]) -> int:
    """The grey level that best splits ink from paper (Otsu's method)."""
    total = sum(histogram)
    weighted = sum(i * n for i, n in enumerate(histogram))
    best, best_level, below, below_weighted = 0.0, 127, 0, 0
    for level, count in enumerate(histogram):
        below += count
        if below == 0 or below == total:
            continue
        below_weighted += level * count
        mean_below = below_weighted / below
        mean_above = (weighted - below_weighted) / (total - below)
        spread = below * (total - below) * (mean_below - mean_above) ** 2
        if spread > best:
            best, best_level = spread, level
    return best_level


def png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def read_page(image) -> str:
    """Tesseract's reading of one cleaned page."""
    with tempfile.TemporaryDirectory(prefix="archive-ocr-") as folder:
        page = Path(folder) / "page.png"
        image.save(page)
        done = subprocess.run(  # noqa: S603 (our arguments and our own file, no shell)
            [tesseract(), str(page), "stdout", "-l", LANGUAGE, "--psm", "4"],
            capture_output=True,
            timeout=_TIMEOUT,
            check=True,
        )
    return done.stdout.decode("utf-8", errors="replace").replace("\x0c", "").strip()


def _ocr(images: Iterable, content_type: str, *, keep_page: bool) -> Extraction:
    """Read the pages; the first page goes with the text, when the original is not one itself."""
    if not available():
        return refusal(note(Code.OCR_UNAVAILABLE), content_type)
    texts, first_page = [], None
    try:
        for image in images:
            cleaned = clean_up(image)
            if first_page is None and keep_page:
                first_page = png_bytes(image.convert("RGB"))
            texts.append(read_page(cleaned))
    except (OSError, subprocess.SubprocessError):
        return refusal(note(Code.OCR_FAILED), content_type)
    text = "\n\n".join(t for t in texts if t)
    if not text.strip():
        return refusal(note(Code.OCR_NO_TEXT), content_type)
    piece = Piece(text=text, ocr=True, page_image=first_page, warnings=[note(Code.OCR_REVIEW)])
    return Extraction(content_type=content_type, pieces=[piece])


def _too_large(width: int, height: int) -> bool:
    return width * height > MAX_PIXELS


def extract_image(data: bytes, content_type: str) -> Extraction:
    """A photo or scan: each frame of a TIFF is a page."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if _too_large(*image.size):
            return refusal(note(Code.IMAGE_TOO_LARGE, limit=MAX_PIXELS // 1_000_000), content_type)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return unreadable(content_type)
    # Pages one at a time; a later page too large to read is left out.
    frames = (
        frame.copy()
        for _, frame in zip(range(MAX_PAGES), ImageSequence.Iterator(image), strict=False)
        if not _too_large(*frame.size)
    )
    # A PNG or JPEG shows in the browser as it is; a TIFF's first page goes along as PNG.
    return _ocr(frames, content_type, keep_page=content_type == "image/tiff")


def _name(value) -> str:
    """A PDF name (/DCTDecode) as text."""
    return str(getattr(value, "name", value)).lstrip("/'")


def _pdf_image(stream):
    """The picture in a PDF image stream (a scanned page)."""
    from PIL import Image

    filters = {_name(name) for name, _params in stream.get_filters()}
    if filters & {"DCTDecode", "JPXDecode"}:  # JPEG and JPEG 2000 open as they are
        return Image.open(io.BytesIO(stream.get_rawdata()))
    width, height = stream.get_any(("W", "Width")), stream.get_any(("H", "Height"))
    bits = stream.get_any(("BPC", "BitsPerComponent"), 8)
    space = _name(stream.get_any(("CS", "ColorSpace"), ""))
    mode = "1" if bits == 1 else ("RGB" if "RGB" in space else "L")
    return Image.frombytes(mode, (int(width), int(height)), stream.get_data())


def _pdf_page_images(data: bytes) -> list:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTFigure, LTImage

    def images_in(item):
        if isinstance(item, LTImage):
            yield item
        elif isinstance(item, LTFigure):
            for child in item:
                yield from images_in(child)

    pages = []
    for number, page in enumerate(extract_pages(io.BytesIO(data))):
        if number >= MAX_PAGES:
            break
        found = [image for item in page for image in images_in(item)]
        if not found:
            continue
        largest = max(found, key=lambda image: image.width * image.height)
        width, height = largest.srcsize
        if _too_large(int(width or 0), int(height or 0)):
            continue
        pages.append(_pdf_image(largest.stream))
    return pages


@functools.cache
def pdftoppm() -> str | None:
    """The path of poppler's pdftoppm, which renders any PDF page, when it is installed."""
    return shutil.which("pdftoppm")


_RENDER_DPI = 300  # what Tesseract reads best


def _rendered_pages(data: bytes) -> Iterator:
    """Each page rendered in grey by pdftoppm, one at a time (a page is ~9 million pixels)."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="archive-pdf-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 (our arguments and our own files, no shell)
            [
                pdftoppm(),
                *("-r", str(_RENDER_DPI), "-gray", "-png", "-l", str(MAX_PAGES)),
                *(str(source), str(Path(folder) / "page")),
            ],
            capture_output=True,
            timeout=_TIMEOUT * 2,
            check=True,
        )
        for page in sorted(Path(folder).glob("page*.png")):  # page-01.png, page-02.png …
            with Image.open(page) as image:
                image.load()
                yield image


def extract_pdf(data: bytes) -> Extraction:
    """A PDF of page images: rendered by pdftoppm, or else the largest image on each page."""
    if not available():
        return refusal(note(Code.OCR_UNAVAILABLE), PDF_TYPE)
    if pdftoppm() is not None:
        return _ocr(_rendered_pages(data), PDF_TYPE, keep_page=True)
    try:
        pages = _pdf_page_images(data)
    except Exception:  # pdfminer and Pillow raise many kinds on damaged streams
        return unreadable(PDF_TYPE)
    if not pages:
        return refusal(note(Code.OCR_NO_TEXT), PDF_TYPE)
    return _ocr(pages, PDF_TYPE, keep_page=True)
