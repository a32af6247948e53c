"""Store the importer's review notes and a candidate's "seen as" as JSON lists of codes.

Before, `Article.review_note` held the parser's Persian sentences joined by "؛ " (found again
by prefix matching), and `Candidate.reason` the SeenAs codes joined by ", ". Each known
sentence becomes its code; any other text is kept as a "text" note, so nothing is lost. The
sentences are frozen here, as they were stored: the importer no longer knows them.
"""

from django.db import migrations, models

NOTE_SEPARATOR = "؛ "
REASON_SEPARATOR = ", "
SENTENCES = {
    "empty_file": "فایل خالی است.",
    "binary_file": "این فایل متنی نیست (فایل دودویی یا آسیب‌دیده است).",
    "undecodable": (
        "رمزگذاری فایل شناخته نشد یا متن آن به هم ریخته است؛ "
        "لطفاً فایل را با رمزگذاری UTF-8 ذخیره کنید."
    ),
    "no_letters": "فایل هیچ متن خوانایی ندارد.",
    "no_date": "تاریخ انتشار پیدا نشد؛ متن بدون تاریخ وارد شد و باید بازبینی شود.",
    "impossible_date": "این تاریخ وجود ندارد (روز یا ماه نامعتبر است).",
    "no_title": "عنوان متن پیدا نشد.",
    "speaker_roles_unknown": "میزبان و مهمانان گفتگو مشخص نشد.",
    "qa_speakers_unknown": (
        "گویندگان پرسش و پاسخ مشخص نشد؛ متن کامل ذخیره شد ولی نوبت‌های گفتگو جدا نشد."
    ),
    "untitled": "عنوان از آغاز متن برداشته شد و باید بازبینی شود.",
}
UNKNOWN_KEY = "unknown_front_matter_key"
UNKNOWN_KEY_PREFIX = "کلید ناشناخته در سرآغاز نادیده گرفته شد: "
_CODE_OF = {sentence: code for code, sentence in SENTENCES.items()}
# Longest first: a sentence that begins another must not cut it short.
_LONGEST_FIRST = sorted(_CODE_OF, key=len, reverse=True)
BATCH = 500


def _starts_with(text: str, sentence: str) -> bool:
    return text == sentence or text.startswith(sentence + NOTE_SEPARATOR)


def notes_from_text(stored: str) -> list[dict]:
    """The notes of a review note stored as text; unknown text one note per separator."""
    notes = []
    rest = stored
    while rest:
        # Sentences contain the separator themselves, so known ones are matched first.
        sentence = next((s for s in _LONGEST_FIRST if _starts_with(rest, s)), None)
        piece = sentence or rest.split(NOTE_SEPARATOR, 1)[0]
        if sentence:
            notes.append({"code": _CODE_OF[sentence]})
        elif piece.startswith(UNKNOWN_KEY_PREFIX):
            notes.append({"code": UNKNOWN_KEY, "key": piece.removeprefix(UNKNOWN_KEY_PREFIX)})
        elif piece:
            notes.append({"code": "text", "text": piece})
        rest = rest[len(piece) :].removeprefix(NOTE_SEPARATOR)
    if all(note["code"] == "text" for note in notes):
        # None of it is the parser's: one text, as it was shown.
        return [{"code": "text", "text": stored}]
    return notes


def text_from_notes(notes: list) -> str:
    pieces = []
    for note in notes if isinstance(notes, list) else [notes]:
        note = note if isinstance(note, dict) else {"code": "text", "text": str(note)}
        code = note.get("code")
        if code in SENTENCES:
            pieces.append(SENTENCES[code])
        elif code == UNKNOWN_KEY:
            pieces.append(UNKNOWN_KEY_PREFIX + str(note.get("key", "")))
        else:
            pieces.append(str(note.get("text", code)))
    return NOTE_SEPARATOR.join(pieces)[:500]


def _rewrite(apps, model_name, source, target, convert):
    """Write `convert(source)` into `target` on every row with a `source` to convert."""
    model = apps.get_model("archive", model_name)
    rows = []
    for row in model.objects.only("pk", source).iterator(chunk_size=BATCH):
        if getattr(row, source):
            setattr(row, target, convert(getattr(row, source)))
            rows.append(row)
        if len(rows) >= BATCH:
            model.objects.bulk_update(rows, [target])
            rows = []
    model.objects.bulk_update(rows, [target])


def _reason_codes(reason: str) -> list[str]:
    return [code for code in reason.split(REASON_SEPARATOR) if code]


def _reason_text(codes) -> str:
    return REASON_SEPARATOR.join(map(str, codes if isinstance(codes, list) else [codes]))[:200]


def forwards(apps, schema_editor):
    _rewrite(apps, "Article", "review_note", "review_note_codes", notes_from_text)
    _rewrite(apps, "Candidate", "reason", "reason_codes", _reason_codes)


def backwards(apps, schema_editor):
    _rewrite(apps, "Article", "review_note_codes", "review_note", text_from_notes)
    _rewrite(apps, "Candidate", "reason_codes", "reason", _reason_text)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_relinkjob_reason_args"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="review_note_codes",
            field=models.JSONField(blank=True, default=list, verbose_name="review note"),
        ),
        migrations.AddField(
            model_name="candidate",
            name="reason_codes",
            field=models.JSONField(blank=True, default=list, verbose_name="seen as"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="article", name="review_note"),
        migrations.RemoveField(model_name="candidate", name="reason"),
        migrations.RenameField(
            model_name="article", old_name="review_note_codes", new_name="review_note"
        ),
        migrations.RenameField(model_name="candidate", old_name="reason_codes", new_name="reason"),
    ]
