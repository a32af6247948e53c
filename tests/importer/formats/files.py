"""Files of each format the importer takes, made here with our own wording (no real pages)."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

FONTS = Path(__file__).resolve().parents[3] / "static" / "vendor" / "vazirmatn"

STATEMENT_TITLE = "بیانیه کارگران پتروشیمی"
STATEMENT_LINES = [
    STATEMENT_TITLE,
    "۳ اسفند ۱۴۰۲",
    "ما کارگران پیمانی خواهان پرداخت حقوق معوقه و امنیت شغلی هستیم.",
    "اعتصاب تا رسیدن به خواسته‌ها ادامه دارد.",
]


def unixtime(year: int, month: int, day: int, hour: int = 9) -> str:
    return str(int(datetime(year, month, day, hour, tzinfo=UTC).timestamp()))


def post(post_id: int, entities: list[dict], *, day: int = 4, **extra) -> dict:
    return {
        "id": post_id,
        "type": "message",
        "date": f"2024-03-{day:02d}T12:30:00",
        "date_unixtime": unixtime(2024, 3, day),
        "from": "کانال خبری کارگران",
        "from_id": "channel1234",
        "text": entities,
        "text_entities": entities,
        **extra,
    }


def plain(text: str) -> dict:
    return {"type": "plain", "text": text}


SIGNATURE = [plain("\n\n"), {"type": "mention", "text": "@kargar_news_sample"}]


def telegram_posts() -> list[dict]:
    """Three posts with text, a service message and a photo with no caption."""
    return [
        {"id": 1, "type": "service", "date": "2024-03-01T10:00:00", "action": "create_channel"},
        post(
            2,
            [
                plain("تجمع بازنشستگان فولاد\n\nبازنشستگان فولاد امروز در برابر استانداری "),
                {"type": "text_link", "text": "تجمع کردند", "href": "https://example.org/r/2"},
                plain(". "),
                {"type": "hashtag", "text": "#بازنشستگان"},
                *SIGNATURE,
            ],
            day=4,
        ),
        post(
            3,
            [
                plain("اعتصاب رانندگان\n\nرانندگان کامیون در چند شهر دست از کار کشیدند. "),
                {"type": "link", "text": "https://example.org/r/3"},
                *SIGNATURE,
            ],
            day=5,
            forwarded_from="شورای هماهنگی رانندگان",
        ),
        post(4, [], day=5, photo="photos/photo_4.jpg", width=800, height=600),
        post(
            5,
            [
                plain("گزارش کارگران نیشکر\n\nحقوق چهار ماه کارگران نیشکر پرداخت نشده است."),
                *SIGNATURE,
            ],
            day=6,
        ),
    ]


def telegram_export(messages: list[dict] | None = None, *, public: bool = True) -> bytes:
    export = {
        "name": "کانال خبری کارگران",
        "type": "public_channel" if public else "private_channel",
        "id": 1234,
        "messages": telegram_posts() if messages is None else messages,
    }
    return json.dumps(export, ensure_ascii=False, indent=1).encode()


def telegram_html() -> bytes:
    """A page of Telegram Desktop's HTML export with the same kinds of messages."""
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Exported Data</title></head><body>
<div class="page_wrap"><div class="page_header"><div class="content">
<div class="text bold">کانال خبری کارگران</div></div></div>
<div class="page_body chat_page"><div class="history">
<div class="message service" id="message-1"><div class="body details">Channel created</div></div>
<div class="message default clearfix" id="message2">
 <div class="body">
  <div class="pull_right date details" title="04.03.2024 12:30:00 UTC+03:30">12:30</div>
  <div class="from_name">کانال خبری کارگران</div>
  <div class="text">تجمع بازنشستگان فولاد<br><br>بازنشستگان فولاد امروز در برابر استانداری
   <a href="https://example.org/r/2">تجمع کردند</a>.
   <a href="" onclick="return ShowHashtag('x')">#بازنشستگان</a></div>
 </div>
</div>
<div class="message default clearfix joined" id="message3">
 <div class="body">
  <div class="pull_right date details" title="05.03.2024 09:00:00 UTC+03:30">09:00</div>
  <div class="forwarded body">
   <div class="from_name">شورای هماهنگی رانندگان
    <span class="details"> 05.03.2024 08:00:00</span></div>
   <div class="text">اعتصاب رانندگان<br><br>رانندگان کامیون در چند شهر دست از کار کشیدند.</div>
  </div>
 </div>
</div>
<div class="message default clearfix joined" id="message4">
 <div class="body">
  <div class="pull_right date details" title="05.03.2024 10:00:00 UTC+03:30">10:00</div>
  <div class="media_wrap clearfix">
   <a class="photo_wrap clearfix pull_left" href="photos/photo_4.jpg">
   <img class="photo" src="photos/photo_4_thumb.jpg"></a></div>
 </div>
</div>
</div></div></div></body></html>""".encode()


def web_page() -> bytes:
    """A saved news page: menu, article, comments and footer; the date only in a meta tag."""
    return """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>اعتصاب کارگران نیشکر | خبرنامه نمونه</title>
<meta property="og:title" content="اعتصاب کارگران نیشکر">
<meta property="og:site_name" content="خبرنامه نمونه">
<link rel="canonical" href="https://news.example.org/a/123">
<meta property="article:published_time" content="2024-03-04T09:30:00+03:30">
</head><body>
<nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/s">ورزشی</a></li></ul></nav>
<article><h1>اعتصاب کارگران نیشکر</h1>
<p>کارگران شرکت نیشکر امروز برای سومین روز پیاپی دست از کار کشیدند و خواستار پرداخت
حقوق معوقهٔ خود شدند.</p>
<p>به گفتهٔ یکی از کارگران، حقوق چهار ماه گذشته هنوز پرداخت نشده و کارفرما وعده‌های
مکرر داده است.</p>
<p>نمایندگان کارگران گفتند تا زمانی که مطالبات پرداخت نشود اعتصاب ادامه خواهد داشت.</p>
</article>
<section class="comments"><h3>دیدگاه‌ها</h3><div class="comment"><p>یک خواننده: این
وضع باید عوض شود و ما همه پشت کارگران هستیم.</p></div></section>
<footer><p>کلیه حقوق این سایت محفوظ است.</p></footer>
</body></html>""".encode()


def mhtml(html: bytes) -> bytes:
    """The page as Chromium saves it: one MIME message, the HTML quoted-printable."""
    import quopri

    body = quopri.encodestring(html).decode("ascii")
    return (
        "From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://news.example.org/a/123\r\n\r\n"
        f"{body}\r\n------B--\r\n"
    ).encode("ascii")


def docx_file() -> bytes:
    """A statement in Word: a letterhead in the page header, a table in the body."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "سندیکای کارگران فلزکار"
    document.add_paragraph("بیانیه درباره دستمزد")
    document.add_paragraph("۳ اسفند ۱۴۰۲")
    document.add_paragraph("ما خواهان دستمزد عادلانه هستیم و می‌خواهیم صدایمان شنیده شود.")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "سال",
        (0, 1): "حداقل دستمزد",
        (1, 0): "۱۴۰۲",
        (1, 1): "۸ میلیون",
    }.items():
        table.cell(row, col).text = text
    document.add_paragraph("سندیکا از همه کارگران می‌خواهد به این بیانیه بپیوندند.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def vazirmatn_ttf(tmp_path: Path) -> Path:
    """Vazirmatn as TrueType (the static files hold it as WOFF2), or skip the test."""
    source = FONTS / "Vazirmatn-Regular.woff2"
    if not source.exists():
        pytest.skip(f"Vazirmatn not found at {FONTS} (make assets fetches it)")
    pytest.importorskip("brotli", reason="fontTools needs brotli to read WOFF2")
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    font.flavor = None
    path = tmp_path / "Vazirmatn-Regular.ttf"
    font.save(str(path))
    return path


def pdf_file(tmp_path: Path, lines: list[str] = STATEMENT_LINES, *, shaped: bool = False) -> bytes:
    """A PDF with a Persian text layer in Vazirmatn.

    Shaped (by HarfBuzz), fpdf2 stores each line in visual order, as many Persian PDFs do: its
    text reads backwards until the importer turns it round. Unshaped, the layer reads in order.
    """
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("vazirmatn", fname=str(vazirmatn_ttf(tmp_path)))
    pdf.set_font("vazirmatn", size=14)
    if shaped:
        pdf.set_text_shaping(True, direction="rtl", script="arab", language="fas")
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT", align="R")
    return bytes(pdf.output())


def page_image(tmp_path: Path, lines: list[str] = STATEMENT_LINES, *, fmt: str = "PNG") -> bytes:
    """A page of Persian text drawn with Pillow, a little grey and noisy like a photocopy."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(vazirmatn_ttf(tmp_path)), 40)
    image = Image.new("RGB", (1400, 120 + 90 * len(lines)), (235, 232, 225))
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text(
            (1340, 60 + i * 90), line, font=font, fill=(40, 40, 40), anchor="ra", direction="rtl"
        )
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def image_pdf(image: bytes) -> bytes:
    """A scanned page as PDF: a JPEG and no text layer."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(image)).convert("RGB").save(out, format="PDF", resolution=150)
    return out.getvalue()


def _tesseract() -> bool:
    from archive.importer.formats import ocr

    return ocr.available()


needs_tesseract = pytest.mark.skipif(
    not _tesseract(),
    reason="Tesseract with its Persian model is not installed (make ocr installs it)",
)
